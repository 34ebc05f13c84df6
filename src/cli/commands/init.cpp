// `cococtl init`: a commented values-global.yaml and a values-secret template for a topology.
#include "../flags.hpp"
#include "../init_files.hpp"
#include "../print.hpp"
#include "commands.hpp"

#include <cococtl/util/fs.hpp>

#include <fmt/format.h>

namespace cococtl::cli {
namespace {

struct InitFlags {
  std::string dir = ".";
  bool force = false;
};

util::Result<void> run_init(const GlobalOptions& global, const InitFlags& flags) {
  const std::string topology = global.workspace.topology.empty() ? "simple" : global.workspace.topology;
  const auto dir = util::expand_user(flags.dir);
  COCO_TRY(util::ensure_directory(dir, 0755));
  COCO_TRY_ASSIGN(const auto values_text, values_global_template(topology));
  const auto values_path = dir / "values-global.yaml";
  const auto secret_path = dir / "values-secret-coco-pattern.yaml";
  std::error_code ec;
  // Refuse before writing anything: never leave one file new and the other old.
  for (const auto& path : {values_path, secret_path}) {
    if (std::filesystem::exists(path, ec) && !flags.force) {
      return util::invalid_input(fmt::format("{}: already exists (use --force to overwrite)", path.string()));
    }
  }
  COCO_TRY(util::write_file_atomic(values_path, values_text, 0644));
  COCO_TRY(util::write_file_atomic(secret_path, values_secret_template(topology, global.workspace.secrets_dir), 0600));
  const std::string next = "edit both files, run 'cococtl secrets generate', then 'cococtl validate'";
  if (global.output != OutputFormat::text) {
    const auto files = nlohmann::json::array({values_path.string(), secret_path.string()});
    print_document({{"topology", topology}, {"files", files}, {"next", next}}, global.output);
    return {};
  }
  if (global.quiet) return {};
  fmt::print("wrote {}\nwrote {}\nnext: {}\n", values_path.string(), secret_path.string(), next);
  return {};
}

}  // namespace

void add_init_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot) {
  auto* cmd = app.add_subcommand("init", "Write a commented values-global.yaml and a values-secret template");
  auto flags = std::make_shared<InitFlags>();
  takes_dir(cmd->add_option("--dir", flags->dir, "folder to write into"))->capture_default_str();
  cmd->add_flag("--force", flags->force, "overwrite existing files");
  cmd->callback([&global, flags, &slot] { slot.action = [&global, flags] { return run_init(global, *flags); }; });
}

}  // namespace cococtl::cli
