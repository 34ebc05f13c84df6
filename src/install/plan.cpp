#include <cococtl/install/plan.hpp>

#include "preflight/facts.hpp"
#include "preflight/plan.hpp"

#include <fmt/format.h>

namespace cococtl::install {

util::Result<Plan> make_plan(kube::Cluster& cluster, const workspace::Options& options) {
  COCO_TRY_ASSIGN(const auto facts, preflight::discover(cluster));
  COCO_TRY_ASSIGN(auto planned, preflight::plan(options, facts));
  std::vector<std::string> errors;
  for (const auto& p : planned.problems) {
    if (!p.warning) errors.push_back(p.to_string());
  }
  if (!errors.empty()) return util::invalid_input(fmt::format("invalid values:\n  {}", fmt::join(errors, "\n  ")));
  return std::move(planned.plan);
}

util::Result<workspace::Options> filled_from_cluster(kube::Cluster& cluster, const workspace::Options& options) {
  COCO_TRY_ASSIGN(const auto facts, preflight::discover(cluster));
  COCO_TRY_ASSIGN(const auto defaults, workspace::load_values(options));
  const auto fills = preflight::fills(defaults, facts);
  workspace::Options filled = options;
  filled.sets.insert(filled.sets.end(), fills.begin(), fills.end());
  return filled;
}

}  // namespace cococtl::install
