// `cococtl render`: the manifests of the chosen topology, offline.
#include "../flags.hpp"
#include "../print.hpp"
#include "../render_output.hpp"
#include "commands.hpp"

#include <cococtl/util/log.hpp>
#include <cococtl/util/strings.hpp>
#include <cococtl/workspace/inputs.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace cococtl::cli {
namespace {

struct RenderFlags {
  std::string out_dir;
  std::string format;  // "" = as -o says (yaml for text)
  bool show_secrets = false;
};

// The manifests' format: --format, or -o json|yaml; both given must agree.
util::Result<ManifestFormat> manifest_format(const GlobalOptions& global, const RenderFlags& flags) {
  const std::string from_output = global.output == OutputFormat::json   ? "json"
                                  : global.output == OutputFormat::yaml ? "yaml"
                                                                        : "";
  if (!flags.format.empty() && !from_output.empty() && flags.format != from_output) {
    return util::usage_error(
        fmt::format("--format {} and -o {} disagree: give one of them", flags.format, from_output));
  }
  const std::string chosen = flags.format.empty() ? from_output : flags.format;
  return chosen == "json" ? ManifestFormat::json : ManifestFormat::yaml;
}

util::Result<void> run_render(const GlobalOptions& global, const RenderFlags& flags) {
  COCO_TRY_ASSIGN(const auto format, manifest_format(global, flags));
  COCO_TRY_ASSIGN(const auto inputs, workspace::load_inputs(global.workspace));
  print_problems(inputs.problems, global.quiet);
  COCO_TRY(workspace::fail_on_errors(inputs.problems));
  COCO_TRY_ASSIGN(const auto render_inputs, workspace::render_inputs(global.workspace, inputs));
  COCO_TRY_ASSIGN(auto result, render::render(render_inputs));
  if (!result.placeholders.empty()) {
    spdlog::warn("missing inputs rendered as placeholders: {} (key material: 'cococtl secrets generate'; PCRs: "
                 "'cococtl pcr update'; your own secrets: the values-secret file)",
                 util::join(result.placeholders, ", "));
  }
  const RenderOutput output{format, flags.show_secrets};
  if (flags.out_dir.empty()) return write_stream(result.objects, output);
  COCO_TRY(write_directory(result.objects, output, flags.out_dir));
  if (!global.quiet) fmt::print(stderr, "rendered {} objects for topology {} into {}\n", result.objects.size(),
                                inputs.values.topology(), flags.out_dir);
  return {};
}

}  // namespace

void add_render_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot) {
  auto* cmd = app.add_subcommand("render", "Render the manifests of the chosen topology (offline)");
  auto flags = std::make_shared<RenderFlags>();
  cmd->add_option("--cluster", global.workspace.cluster, "render for this entry of `clusters:` in values-global.yaml");
  takes_dir(
      cmd->add_option("--out-dir", flags->out_dir, "write one file per object into this folder (default: stdout)"));
  choices(cmd->add_option("--format", flags->format, "manifest format (default: as -o says, else yaml)"),
          {"yaml", "json"});
  cmd->add_flag("--show-secrets", flags->show_secrets, "include Secret values (redacted by default)");
  cmd->callback([&global, flags, &slot] { slot.action = [&global, flags] { return run_render(global, *flags); }; });
}

}  // namespace cococtl::cli
