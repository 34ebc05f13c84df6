// `cococtl install`: bare OpenShift to working Confidential Containers, in named stages.
#include "../cluster_flags.hpp"
#include "../event_printer.hpp"
#include "commands.hpp"

#include <cococtl/install/install.hpp>
#include <cococtl/util/log.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>
#include <map>
#include <unistd.h>

namespace cococtl::cli {
namespace {

struct InstallFlags {
  ClusterFlags cluster;
  std::string stage, from, to;
  bool dry_run = false;
  std::string timeout;
  std::size_t concurrency = 16;
  bool yes = false;
  std::string inventory_namespace = "default";
  std::vector<std::string> kbs_connect_to;
};

util::Result<std::chrono::milliseconds> parse_duration(const std::string& text) {
  std::size_t used = 0;
  long value = -1;
  try {
    value = std::stol(text, &used);
  } catch (const std::exception&) {
  }
  const std::string unit = text.substr(used);
  const std::map<std::string, long> k_units{{"ms", 1}, {"s", 1000}, {"m", 60000}, {"h", 3600000}};
  const auto it = k_units.find(unit);
  if (value <= 0 || it == k_units.end()) return util::usage_error("--timeout " + text + ": expected e.g. 90s, 10m or 1h");
  return std::chrono::milliseconds(value * it->second);
}

void print_plan(const install::Plan& plan) {
  fmt::print("Install topology {} on OpenShift {} ({}, apps domain {}):\n", plan.topology, plan.facts.openshift_version,
             plan.facts.platform, plan.facts.apps_domain);
  for (const auto& fill : plan.filled_values) fmt::print("  value from the cluster: {}\n", fill);
  for (const auto& pin : plan.rendered.operators) {
    fmt::print("  operator {} {} ({})\n", pin.package, pin.csv.empty() ? "latest" : pin.csv,
               pin.manual ? "cococtl approves exactly this version" : "automatic");
  }
  std::map<std::string, int> per_stage;
  for (const auto& o : plan.rendered.objects) ++per_stage[std::string(manifest::stage_name(o.stage()))];
  for (const auto& [stage, count] : per_stage) fmt::print("  {:<10} {} objects\n", stage, count);
}

bool ask(const install::Plan& plan) {
  print_plan(plan);
  fmt::print("Proceed? [y/N] ");
  std::fflush(stdout);
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "y" || answer == "Y" || answer == "yes";
}

util::Result<install::InstallOptions> options_for(const InstallFlags& flags, const GlobalOptions& global) {
  install::InstallOptions o;
  o.workspace = global.workspace;
  o.from_stage = flags.stage.empty() ? flags.from : flags.stage;
  o.to_stage = flags.stage.empty() ? flags.to : flags.stage;
  o.dry_run = flags.dry_run;
  o.concurrency = flags.concurrency;
  o.tool_version = COCOCTL_VERSION;
  o.inventory_namespace = flags.inventory_namespace;
  o.kbs_connect_to = flags.kbs_connect_to;
  if (!flags.timeout.empty()) {
    COCO_TRY_ASSIGN(const auto t, parse_duration(flags.timeout));
    o.timeouts = {t, t, t};
  }
  const bool interactive = ::isatty(STDIN_FILENO) == 1 && ::isatty(STDOUT_FILENO) == 1;
  if (!flags.yes && interactive && !flags.dry_run && global.output == OutputFormat::text) o.confirm = ask;
  return o;
}

void print_summary(const install::Summary& summary, const util::Result<void>& result, const GlobalOptions& global) {
  if (global.output != OutputFormat::text) {
    nlohmann::json stages = nlohmann::json::array();
    for (const auto& s : summary.stages) {
      stages.push_back({{"stage", s.name}, {"result", s.result}, {"message", util::redact(s.message)},
                        {"duration_ms", s.duration.count()}});
    }
    nlohmann::json out{{"type", "summary"}, {"ok", result.ok()}, {"stages", stages}, {"objects", summary.objects}};
    if (!result.ok()) out["error"] = util::redact(result.error().message);
    return fmt::print("{}\n", out.dump());
  }
  if (global.quiet || !result.ok()) return;
  std::vector<std::string> counts;
  for (const auto& [action, n] : summary.objects) counts.push_back(fmt::format("{} {}", n, action));
  fmt::print("install complete: {}\n", counts.empty() ? "nothing applied" : fmt::format("{}", fmt::join(counts, ", ")));
}

util::Result<void> run_install(const InstallFlags& flags, const GlobalOptions& global) {
  if (global.output == OutputFormat::yaml) return util::usage_error("install prints events as text or JSON lines (-o json), not YAML");
  COCO_TRY_ASSIGN(const auto options, options_for(flags, global));
  COCO_TRY_ASSIGN(auto cluster, connect(flags.cluster));
  auto printer = make_event_printer(global);
  install::Summary summary;
  auto result = install::install(*cluster, options, *printer, summary);
  print_summary(summary, result, global);
  return result;
}

}  // namespace

void add_install_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot) {
  auto flags = std::make_shared<InstallFlags>();
  auto* cmd = app.add_subcommand("install", "Install Confidential Containers on a cluster, stage by stage");
  add_cluster_flags(cmd, flags->cluster);
  const std::string stages = "preflight|operators|secrets|platform|trustee|policies|workloads|verify";
  cmd->add_option("--stage", flags->stage, "run only this stage (after preflight): " + stages);
  cmd->add_option("--from", flags->from, "start at this stage (resume)")->excludes("--stage");
  cmd->add_option("--to", flags->to, "stop after this stage")->excludes("--stage");
  cmd->add_flag("--dry-run", flags->dry_run, "server-side dry run (dryRun=All): validate everything, change nothing");
  cmd->add_option("--timeout", flags->timeout, "per wait, e.g. 20m (default 30m for MachineConfigPools, 15m operators, 10m else)");
  cmd->add_option("--concurrency", flags->concurrency, "requests in flight within a wave")->capture_default_str()->check(CLI::Range(1, 100));
  cmd->add_flag("-y,--yes", flags->yes, "do not ask for confirmation on a terminal");
  cmd->add_option("--inventory-namespace", flags->inventory_namespace, "where the inventory Secret lives")->capture_default_str();
  cmd->add_option("--kbs-connect-to", flags->kbs_connect_to,
                  "HOST:PORT:ADDR:PORT for verify's attest checks: reach the KBS there, still verifying HOST")
      ->allow_extra_args(false);
  cmd->callback([flags, &global, &slot] { slot.action = [flags, &global] { return run_install(*flags, global); }; });
}

}  // namespace cococtl::cli
