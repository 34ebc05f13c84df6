// `cococtl uninstall`: removes what install created, in reverse stage order.
#include "../cluster_flags.hpp"
#include "../event_printer.hpp"
#include "commands.hpp"

#include <cococtl/install/uninstall.hpp>
#include <cococtl/workspace/inputs.hpp>

#include <fmt/format.h>

#include <iostream>
#include <unistd.h>

namespace cococtl::cli {
namespace {

struct UninstallFlags {
  ClusterFlags cluster;
  std::string inventory_namespace = "default";
  bool keep_namespaces = false;
  bool keep_operators = false;
  bool yes = false;
};

bool ask(const std::vector<std::string>& doomed) {
  fmt::print("Uninstall deletes {} objects cococtl created:\n", doomed.size());
  for (const auto& d : doomed) fmt::print("  {}\n", d);
  fmt::print("Proceed? [y/N] ");
  std::fflush(stdout);
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "y" || answer == "Y" || answer == "yes";
}

util::Result<void> run_uninstall(const UninstallFlags& flags, const GlobalOptions& global) {
  if (global.output == OutputFormat::yaml) return util::usage_error("uninstall prints events as text or JSON lines (-o json), not YAML");
  COCO_TRY_ASSIGN(const auto values, workspace::load_values(global.workspace));
  install::UninstallOptions options;
  options.inventory_name = "cococtl-" + values.string_at("global.pattern", "coco-pattern");
  options.inventory_namespace = flags.inventory_namespace;
  options.keep_namespaces = flags.keep_namespaces;
  options.keep_operators = flags.keep_operators;
  const bool interactive = ::isatty(STDIN_FILENO) == 1 && ::isatty(STDOUT_FILENO) == 1;
  if (!flags.yes && interactive && global.output == OutputFormat::text) options.confirm = ask;
  COCO_TRY_ASSIGN(auto cluster, connect(flags.cluster));
  auto printer = make_event_printer(global);
  return install::uninstall(*cluster, options, *printer);
}

}  // namespace

void add_uninstall_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot) {
  auto flags = std::make_shared<UninstallFlags>();
  auto* cmd = app.add_subcommand("uninstall", "Remove what install created (and nothing else), in reverse order");
  add_cluster_flags(cmd, flags->cluster);
  cmd->add_option("--inventory-namespace", flags->inventory_namespace, "where the inventory Secret lives")->capture_default_str();
  cmd->add_flag("--keep-namespaces", flags->keep_namespaces, "leave the namespaces cococtl created");
  cmd->add_flag("--keep-operators", flags->keep_operators, "leave the operators (Subscriptions, CSVs, CRDs) installed");
  cmd->add_flag("-y,--yes", flags->yes, "do not ask for confirmation on a terminal");
  cmd->callback([flags, &global, &slot] { slot.action = [flags, &global] { return run_uninstall(*flags, global); }; });
}

}  // namespace cococtl::cli
