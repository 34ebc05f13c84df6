// `cococtl status`: per stage and object, ready / progressing / failed with the reason.
#include "../cluster_flags.hpp"
#include "commands.hpp"

#include <cococtl/install/install.hpp>
#include <cococtl/install/status.hpp>
#include <cococtl/manifest/yaml_io.hpp>
#include <cococtl/util/log.hpp>
#include <cococtl/workspace/inputs.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace cococtl::cli {
namespace {

struct StatusFlags {
  ClusterFlags cluster;
  std::string inventory_namespace = "default";
  bool all = false;
};

nlohmann::json to_json(const install::StatusReport& r) {
  nlohmann::json out{{"installed", r.installed}, {"ready", r.ready()},     {"inventory", r.inventory},
                     {"topology", r.topology},   {"state", r.install_state}, {"stage", r.stage},
                     {"tool", r.tool},           {"updated", r.updated},   {"operators", nlohmann::json::array()},
                     {"objects", nlohmann::json::array()}};
  for (const auto& o : r.operators) {
    out["operators"].push_back({{"package", o.package}, {"namespace", o.ns}, {"csv", o.csv}, {"state", o.state},
                                {"message", util::redact(o.message)}});
  }
  for (const auto& o : r.objects) {
    out["objects"].push_back({{"stage", o.stage}, {"object", o.object}, {"state", o.state}, {"message", util::redact(o.message)}});
  }
  return out;
}

void print_text(const install::StatusReport& r, bool all) {
  if (!r.installed) return fmt::print("not installed (no inventory {})\n", r.inventory);
  fmt::print("topology {}: {} (last stage done: {}, {} at {})\n", r.topology, r.install_state,
             r.stage.empty() ? "none" : r.stage, r.tool, r.updated);
  for (const auto& o : r.operators) fmt::print("  {:<10} {:<12} {} {}\n", "operators", o.state, o.csv, o.message);
  for (const auto& stage : install::stage_names()) {
    const auto in_stage = [&](const auto& o) { return o.stage == stage; };
    const auto total = std::count_if(r.objects.begin(), r.objects.end(), in_stage);
    if (total == 0) continue;
    const auto ready = std::count_if(r.objects.begin(), r.objects.end(),
                                     [&](const auto& o) { return in_stage(o) && o.state == "ready"; });
    fmt::print("  {:<10} {:<12} {}/{} ready\n", stage, ready == total ? "ready" : "not ready", ready, total);
    for (const auto& o : r.objects) {
      if (in_stage(o) && (all || o.state != "ready")) fmt::print("    {:<12} {}: {}\n", o.state, o.object, util::redact(o.message));
    }
  }
}

util::Result<void> run_status(const StatusFlags& flags, const GlobalOptions& global) {
  COCO_TRY_ASSIGN(const auto values, workspace::load_values(global.workspace));
  COCO_TRY_ASSIGN(auto cluster, connect(flags.cluster));
  const std::string name = "cococtl-" + values.string_at("global.pattern", "coco-pattern");
  COCO_TRY_ASSIGN(const auto report, install::status(*cluster, name, flags.inventory_namespace));
  if (global.output == OutputFormat::json) {
    fmt::print("{}\n", to_json(report).dump(2));
  } else if (global.output == OutputFormat::yaml) {
    fmt::print("{}", manifest::to_yaml(to_json(report)));
  } else if (!global.quiet) {
    print_text(report, flags.all);
  }
  if (report.ready()) return {};
  return util::Error{util::ExitCode::check_failed, report.installed ? "not everything is ready" : "not installed"};
}

}  // namespace

void add_status_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot) {
  auto flags = std::make_shared<StatusFlags>();
  auto* cmd = app.add_subcommand("status", "Show the state of an installation per stage (exit 4 when not ready)");
  add_cluster_flags(cmd, flags->cluster);
  cmd->add_option("--inventory-namespace", flags->inventory_namespace, "where the inventory Secret lives")->capture_default_str();
  cmd->add_flag("--all", flags->all, "list ready objects too");
  cmd->callback([flags, &global, &slot] { slot.action = [flags, &global] { return run_status(*flags, global); }; });
}

}  // namespace cococtl::cli
