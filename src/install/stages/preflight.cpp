#include "../inventory.hpp"
#include "../preflight/checks.hpp"
#include "../preflight/facts.hpp"
#include "stages.hpp"

#include <fmt/format.h>

namespace cococtl::install {
namespace {

using preflight::Problems;

// "preflight found 2 problems:\n  - a\n  - b".
std::string listed(const std::vector<std::string>& first, const std::vector<std::string>& second) {
  std::string out;
  for (const auto* list : {&first, &second}) {
    for (const auto& p : *list) out += "\n  - " + p;
  }
  const auto count = first.size() + second.size();
  return fmt::format("preflight found {} problem{}:{}", count, count == 1 ? "" : "s", out);
}

util::Result<void> verdict(const Problems& problems) {
  if (!problems.input.empty()) return util::invalid_input(listed(problems.input, problems.cluster));
  if (!problems.cluster.empty()) return util::Error{util::ExitCode::check_failed, listed(problems.cluster, {})};
  return {};
}

class PreflightStage final : public Stage {
 public:
  std::string name() const override { return "preflight"; }

  util::Result<void> run(Context& context) override {
    // Discovery first: an unreachable cluster or rejected credentials is one clear error.
    COCO_TRY(context.cluster.resources());
    COCO_TRY_ASSIGN(const auto facts, preflight::discover(context.cluster));
    COCO_TRY_ASSIGN(auto planned, preflight::plan(context.options.workspace, facts));
    Problems problems;
    preflight::check_cluster(planned, problems);
    preflight::check_inputs(planned, context.options.workspace, problems);
    if (problems.input.empty()) COCO_TRY(preflight::check_access(context.cluster, planned, problems));
    for (const auto& n : problems.notes) context.note(n, "warning");
    for (const auto& fill : planned.plan.filled_values) context.note(fill + " (from the cluster)");
    context.plan = std::move(planned.plan);
    context.summary.plan = context.plan;
    COCO_TRY(verdict(problems));
    COCO_TRY(load(context, context.plan.inventory_name));
    if (context.options.confirm && !context.options.confirm(context.plan)) return util::failure("install cancelled");
    return {};
  }

 private:
  static util::Result<void> load(Context& context, const std::string& name) {
    COCO_TRY_ASSIGN(auto existing, load_inventory(context.cluster, name, context.options.inventory_namespace));
    context.inventory = existing ? std::move(*existing) : new_inventory(name, context.options.inventory_namespace);
    context.inventory.topology = context.plan.topology;
    context.inventory.tool = "cococtl/" + context.options.tool_version;
    return {};
  }
};

}  // namespace

std::unique_ptr<Stage> make_preflight_stage() { return std::make_unique<PreflightStage>(); }

}  // namespace cococtl::install
