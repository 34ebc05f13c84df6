#include "plan.hpp"

#include <fmt/format.h>

namespace cococtl::install::preflight {
namespace {

bool from_defaults(const values::Values& values, const std::string& key) {
  return values.location_of(key).source.starts_with("embedded:");
}

}  // namespace

std::vector<std::string> fills(const values::Values& values, const ClusterFacts& facts) {
  std::vector<std::string> out;
  const auto fill = [&](const std::string& key, const std::string& value) {
    if (!value.empty() && from_defaults(values, key) && values.string_at(key) != value) out.push_back(key + "=" + value);
  };
  fill("global.clusterPlatform", facts.platform);
  if (values.topology() != "spoke") fill("global.hubClusterDomain", facts.apps_domain);
  fill("global.localClusterDomain", facts.apps_domain);
  if (values.string_at("baremetal.tee") == "auto") {
    if (!facts.tee.empty()) out.push_back("baremetal.tee=" + facts.tee);
  }
  return out;
}

util::Result<PlannedInputs> plan(const workspace::Options& options, const ClusterFacts& facts) {
  PlannedInputs out;
  out.plan.facts = facts;
  COCO_TRY_ASSIGN(const auto defaults, workspace::load_values(options));
  out.plan.filled_values = fills(defaults, facts);
  workspace::Options filled = options;
  filled.sets.insert(filled.sets.end(), out.plan.filled_values.begin(), out.plan.filled_values.end());
  COCO_TRY_ASSIGN(const auto inputs, workspace::load_inputs(filled));
  out.problems = inputs.problems;
  out.plan.topology = inputs.values.topology();
  out.plan.hardware_unknown = out.plan.topology.starts_with("baremetal") && !facts.nfd_labels;
  out.pattern = inputs.values.string_at("global.pattern", "coco-pattern");
  out.plan.inventory_name = "cococtl-" + out.pattern;
  out.secret_store = inputs.values.string_at("global.secretStore.backend", "kubernetes");
  out.kbs_host = "kbs." + inputs.values.string_at("global.hubClusterDomain");
  if (values::has_errors(out.problems)) return out;
  COCO_TRY_ASSIGN(const auto render_inputs, workspace::render_inputs(filled, inputs));
  COCO_TRY_ASSIGN(out.plan.rendered, render::render(render_inputs));
  return out;
}

}  // namespace cococtl::install::preflight
