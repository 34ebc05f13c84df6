#pragma once
// Kyverno's background generate controller for `cloneList` rules (kyverno_generate.cpp).

#include "sim/controllers/controller.hpp"

namespace cococtl::sim {

// Applies the cloneList generate rules of a Ready (Cluster)Policy: copies the selected source
// objects into the target namespace of every matched trigger Namespace, and with `synchronize`
// keeps them in step (updates, and deletes copies whose source is gone). Other rule shapes are
// skipped. Never throws; failed writes are logged by the context.
void run_generate_rules(ControllerContext& ctx, const json& policy);

}  // namespace cococtl::sim
