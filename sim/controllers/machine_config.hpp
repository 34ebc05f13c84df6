#pragma once
// Machine Config Operator pieces shared by the render/status controller and the node rollout
// (openshift/machine-config-operator release-4.20: pkg/controller/render, node/status.go,
// daemon/constants).

#include "sim/controllers/controller.hpp"

#include <string>
#include <vector>

namespace cococtl::sim::mco {

inline constexpr const char* k_api = "machineconfiguration.openshift.io/v1";
inline constexpr const char* k_current = "machineconfiguration.openshift.io/currentConfig";
inline constexpr const char* k_desired = "machineconfiguration.openshift.io/desiredConfig";
inline constexpr const char* k_state = "machineconfiguration.openshift.io/state";
inline constexpr const char* k_reason = "machineconfiguration.openshift.io/reason";
inline constexpr const char* k_done = "Done";
inline constexpr const char* k_working = "Working";
inline constexpr const char* k_degraded = "Degraded";
// Ticks one machine spends Working (drain, reboot, update) before it reports Done.
inline constexpr int k_ticks_per_machine = 2;

// The nodes of `pool`: masters belong to "master"; other nodes to the first custom pool whose
// nodeSelector matches them, else to "worker" (a node is in one pool only).
std::vector<json> pool_members(const json& pool, const std::vector<json>& pools, const std::vector<json>& nodes);

// The node's annotation `key` ("" when absent).
std::string annotation(const json& node, const char* key);

// Moves the pool's machines towards spec.configuration.name, one at a time (maxUnavailable 1),
// and degrades the machine being updated while an operator fault names the pool.
class NodeRollout {
 public:
  void step(ControllerContext& ctx, const json& pool, const std::vector<json>& members);

 private:
  void advance(ControllerContext& ctx, const json& node, const std::string& fault);
  TickCounter m_ticks;
};

// The degradation message an operator fault puts on a machine of `pool` ("" = no fault).
std::string fault_reason(ControllerContext& ctx, const json& pool);

}  // namespace cococtl::sim::mco
