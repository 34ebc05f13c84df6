// `cococtl diff`: what install would change; exit 0 no changes, 4 changes.
#include "../cluster_flags.hpp"
#include "commands.hpp"

#include <cococtl/install/diff.hpp>
#include <cococtl/manifest/yaml_io.hpp>
#include <cococtl/util/log.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <map>

namespace cococtl::cli {
namespace {

struct DiffFlags {
  ClusterFlags cluster;
  std::string inventory_namespace = "default";
  std::size_t concurrency = 16;
};

nlohmann::json to_json(const install::DiffReport& report) {
  nlohmann::json out{{"changed", report.changed()}, {"objects", nlohmann::json::array()}};
  for (const auto& d : report.objects) {
    out["objects"].push_back({{"object", d.object}, {"action", d.action}, {"diff", util::redact(d.diff)},
                              {"message", util::redact(d.message)}});
  }
  return out;
}

void print_text(const install::DiffReport& report, bool quiet) {
  std::map<std::string, int> counts;
  for (const auto& d : report.objects) {
    ++counts[d.action];
    if (d.action == "unchanged" || quiet) continue;
    if (d.action == "failed") {
      fmt::print("# {} cannot be checked: {}\n", d.object, util::redact(d.message));
      continue;
    }
    if (!d.message.empty()) fmt::print("# {}: {}\n", d.object, util::redact(d.message));
    fmt::print("{}", util::redact(d.diff));
  }
  std::vector<std::string> parts;
  for (const auto& [action, n] : counts) parts.push_back(fmt::format("{} {}", n, action));
  fmt::print(stderr, "diff: {}\n", fmt::join(parts, ", "));
}

util::Result<void> run_diff(const DiffFlags& flags, const GlobalOptions& global) {
  COCO_TRY_ASSIGN(auto cluster, connect(flags.cluster));
  COCO_TRY_ASSIGN(const auto report,
                  install::diff(*cluster, global.workspace, flags.inventory_namespace, flags.concurrency));
  if (global.output == OutputFormat::json) {
    fmt::print("{}\n", to_json(report).dump(2));
  } else if (global.output == OutputFormat::yaml) {
    fmt::print("{}", manifest::to_yaml(to_json(report)));
  } else {
    print_text(report, global.quiet);
  }
  if (!report.changed()) return {};
  return util::Error{util::ExitCode::check_failed, "the cluster differs from the rendered configuration"};
}

}  // namespace

void add_diff_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot) {
  auto flags = std::make_shared<DiffFlags>();
  auto* cmd = app.add_subcommand("diff", "Show what install would change (server-side dry run); exit 4 on changes");
  add_cluster_flags(cmd, flags->cluster);
  cmd->add_option("--inventory-namespace", flags->inventory_namespace, "where the inventory Secret lives")->capture_default_str();
  cmd->add_option("--concurrency", flags->concurrency, "requests in flight")->capture_default_str()->check(CLI::Range(1, 100));
  cmd->callback([flags, &global, &slot] { slot.action = [flags, &global] { return run_diff(*flags, global); }; });
}

}  // namespace cococtl::cli
