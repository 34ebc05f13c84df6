#pragma once
// The install stage types, in order (install.cpp chains them).

#include "../context.hpp"

#include <cococtl/manifest/object.hpp>

#include <memory>
#include <vector>

namespace cococtl::install {

// Connects, reads the cluster's facts, fills and validates values, renders, checks inputs and
// access, loads the inventory and asks for confirmation. Always runs (later stages need its plan).
std::unique_ptr<Stage> make_preflight_stage();
// Namespaces, OperatorGroups, Subscriptions; approves exactly the pinned InstallPlans and waits
// for each operator's CSV and CRDs.
std::unique_ptr<Stage> make_operators_stage();
// With `plan.hardware_unknown` (bare metal, nodes not yet labelled by Node Feature Discovery):
// applies the NFD instance and rules, waits until a node is labelled TDX or SEV-SNP, and renders
// the plan again with that TEE. Run at the end of the operators stage. Fails with timed_out when
// no TEE label appears, check_failed when the hardware does not suit the topology.
util::Result<void> resolve_hardware(Context& context);
// Applies the rendered objects of one object stage (secrets, platform, trustee, policies,
// workloads) wave by wave, waiting for each wave's readiness.
std::unique_ptr<Stage> make_apply_stage(manifest::Stage stage);
// Every recorded member with a readiness rule is ready; the hook for `attest check`.
std::unique_ptr<Stage> make_verify_stage();

}  // namespace cococtl::install
