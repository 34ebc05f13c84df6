// The install pipeline: a chain of named stage types, as kapp's deploy.
#include "inventory.hpp"
#include "stages/stages.hpp"

#include <cococtl/util/interrupt.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace cococtl::install {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::unique_ptr<Stage>> make_stages() {
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(make_preflight_stage());
  stages.push_back(make_operators_stage());
  for (const auto s : {manifest::Stage::secrets, manifest::Stage::platform, manifest::Stage::trustee,
                       manifest::Stage::policies, manifest::Stage::workloads}) {
    stages.push_back(make_apply_stage(s));
  }
  stages.push_back(make_verify_stage());
  return stages;
}

util::Result<std::size_t> index_of(const std::string& name, std::size_t fallback) {
  if (name.empty()) return fallback;
  const auto& names = stage_names();
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) {
    return util::usage_error(fmt::format("unknown stage \"{}\" (stages: {})", name, fmt::join(names, ", ")));
  }
  return static_cast<std::size_t>(it - names.begin());
}

int changed_objects(const Summary& summary) {
  int n = 0;
  for (const auto& [action, count] : summary.objects) n += action == "unchanged" ? 0 : count;
  return n;
}

// Runs one stage with its events; records the result in the summary and the inventory. A stage
// of a converged re-install (the inventory says installed, the stage changed no object and no
// record) leaves the inventory as it is: its state is still true, and the write would cost a
// request per stage.
util::Result<void> run_stage(Context& context, Stage& stage) {
  const std::string record_before = record_text(context.inventory);
  const int changes_before = changed_objects(context.summary);
  context.stage = stage.name();
  context.emit({.type = "stage", .action = "started", .result = "pending"});
  const auto start = Clock::now();
  auto result = stage.run(context);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  const bool ok = result.ok();
  const std::string message = ok ? "" : result.error().message;
  context.emit({.type = "stage", .action = ok ? "done" : "failed", .result = ok ? "ok" : "failed", .message = message,
                .duration = took});
  context.summary.stages.push_back({stage.name(), ok ? "done" : "failed", message, took});
  const bool converged = ok && context.inventory.state == "installed" &&
                         record_text(context.inventory) == record_before &&
                         changed_objects(context.summary) == changes_before;
  const bool recorded = !context.options.dry_run && !context.inventory.name.empty() && stage.name() != "preflight";
  if (recorded && !converged) {
    context.inventory.state = ok ? "installing" : "failed " + stage.name();
    if (ok) context.inventory.stage = stage.name();
    auto saved = save_inventory(context.cluster, context.inventory, false);
    if (ok && !saved.ok()) return saved;
  }
  return result;
}

}  // namespace

const std::vector<std::string>& stage_names() {
  static const std::vector<std::string> k_names{"preflight", "operators", "secrets",   "platform",
                                                "trustee",   "policies",  "workloads", "verify"};
  return k_names;
}

util::Result<void> install(kube::Cluster& cluster, const InstallOptions& options, Reporter& reporter, Summary& summary) {
  auto stages = make_stages();
  COCO_TRY_ASSIGN(const auto first, index_of(options.from_stage, 0));
  COCO_TRY_ASSIGN(const auto last, index_of(options.to_stage, stages.size() - 1));
  if (first > last) return util::usage_error(fmt::format("--from {} comes after --to {}", options.from_stage, options.to_stage));
  Context context{cluster, options, reporter, summary};
  for (std::size_t i = 0; i < stages.size(); ++i) {
    if (util::interrupted()) return util::Error{util::ExitCode::interrupted, "interrupted"};
    if (i != 0 && (i < first || i > last)) {
      summary.stages.push_back({stages[i]->name(), "skipped", "", {}});
      continue;
    }
    COCO_TRY(run_stage(context, *stages[i]));
  }
  if (last == stages.size() - 1 && !options.dry_run && context.inventory.state != "installed") {
    context.inventory.state = "installed";
    COCO_TRY(save_inventory(cluster, context.inventory, false));
  }
  return {};
}

}  // namespace cococtl::install
