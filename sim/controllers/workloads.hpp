#pragma once
// Helpers shared by the workload controllers (deployments, replica sets, pods, daemon sets).

#include "sim/controllers/controller.hpp"

#include <string>
#include <vector>

namespace cococtl::sim {

// An ownerReference to `owner` as the controller (controller and blockOwnerDeletion true).
json controller_ref(const json& owner);
// The objects of `candidates` whose controller ownerReference is `owner` (by uid).
std::vector<json> owned_by(const std::vector<json>& candidates, const json& owner);
// The Deployment's pod-template-hash (kubernetes ComputeHash: FNV-1a 32 of the template,
// encoded with rand.SafeEncodeString's alphabet).
std::string pod_template_hash(const json& pod_template);
// The Deployment ("namespace/name") that owns `pod` through its ReplicaSet, or "".
std::string owning_deployment(ControllerContext& ctx, const json& pod);

}  // namespace cococtl::sim
