// On a bare-metal cluster that Node Feature Discovery has not labelled yet, preflight cannot
// tell Intel TDX from AMD SEV-SNP, and `baremetal.tee: auto` renders for both: Intel DCAP (SGX
// plugin, PCCS, QGS) on an SNP machine never schedules, and the TDX kernel argument is wrong
// there. So once the operators are installed, the NFD instance and the hardware rules are
// applied ahead of the platform stage, the nodes' TEE labels awaited, and the plan rendered
// again from what NFD found - before any TEE-specific object is written.
#include "../apply_stage.hpp"
#include "../preflight/checks.hpp"
#include "../preflight/facts.hpp"
#include "stages.hpp"

#include <fmt/format.h>

#include <map>

namespace cococtl::install {
namespace {

using json = nlohmann::json;

std::vector<manifest::Object> nfd_objects(const Plan& plan) {
  std::vector<manifest::Object> out;
  for (const auto& o : plan.rendered.objects) {
    if (o.kind() == "NodeFeatureDiscovery" || o.kind() == "NodeFeatureRule") out.push_back(o);
  }
  return out;
}

// Watches the Nodes until one carries NFD's TDX or SNP label (and, where the topology needs
// GPUs, one an NVIDIA label: NFD labels node by node, so the TEE may show before the GPUs).
util::Result<std::string> await_tee_label(Context& context) {
  const bool wants_gpus = context.plan.topology == "baremetal-gpu";
  std::map<std::string, json> nodes;
  std::string tee;
  bool gpus = false;
  COCO_TRY(context.cluster.watch(
      "v1", "Node", "", {.timeout = context.options.timeouts.wait}, [&](const kube::WatchEvent& e) {
        if (e.type == kube::WatchEventType::synced) return true;
        const std::string name = e.object.value("metadata", json::object()).value("name", "");
        if (e.type == kube::WatchEventType::deleted) {
          nodes.erase(name);
        } else {
          nodes[name] = e.object;
        }
        std::vector<json> all;
        all.reserve(nodes.size());
        for (const auto& [n, node] : nodes) all.push_back(node);
        tee = preflight::tee_from_labels(all);
        gpus = preflight::nvidia_from_labels(all);
        return tee.empty() || (wants_gpus && !gpus);
      }));
  if (!tee.empty() && wants_gpus && !gpus) {
    return util::Error{util::ExitCode::timed_out,
                       "Node Feature Discovery found " + tee + " but labelled no node with an NVIDIA GPU in time"};
  }
  if (!tee.empty()) return tee;
  return util::Error{util::ExitCode::timed_out,
                     "Node Feature Discovery labelled no node intel.feature.node.kubernetes.io/tdx or "
                     "amd.feature.node.kubernetes.io/snp in time: no TEE found (set baremetal.tee to skip detection)"};
}

// Renders the plan again with the facts as they are now.
util::Result<void> replan(Context& context) {
  COCO_TRY_ASSIGN(const auto facts, preflight::discover(context.cluster));
  COCO_TRY_ASSIGN(auto planned, preflight::plan(context.options.workspace, facts));
  preflight::Problems problems;
  preflight::check_cluster(planned, problems);
  if (!problems.cluster.empty()) {
    return util::Error{util::ExitCode::check_failed, fmt::format("{}", fmt::join(problems.cluster, "; "))};
  }
  for (const auto& fill : planned.plan.filled_values) context.note(fill + " (from the cluster)");
  context.plan = std::move(planned.plan);
  context.summary.plan = context.plan;
  return {};
}

}  // namespace

util::Result<void> resolve_hardware(Context& context) {
  if (!context.plan.hardware_unknown || context.options.dry_run) return {};
  const auto nfd = nfd_objects(context.plan);
  if (nfd.empty()) return {};
  context.note(
      "Node Feature Discovery has not labelled the nodes yet: applying it now, to learn the TEE before "
      "rendering the platform");
  COCO_TRY(apply_and_wait(context, nfd));
  COCO_TRY_ASSIGN(const std::string tee, await_tee_label(context));
  context.note("Node Feature Discovery found " + tee);
  return replan(context);
}

}  // namespace cococtl::install
