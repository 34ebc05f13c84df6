#pragma once
// Readiness rules: is this object done, judged from the object alone? One rule per API group and
// kind (src/kube/wait/, one file each, named like kapp's <group>_<version>_<kind>), each written
// against the status its real controller reports; kinds without a rule get kstatus semantics.
// Pure functions: no IO, no clock. `install` asks a rule for every object a watch delivers,
// `status` asks once.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace cococtl::kube::wait {

struct State {
  bool done = false;    // nothing more to wait for (success or failure)
  bool ok = false;      // done && ok = ready; done && !ok = failed (stop waiting, report message)
  std::string message{};  // for people: "worker: 1/3 updated", "CSV trustee-operator.v1.1.0 is Installing (...)"
};

// What the caller expects, for the rules that need more than the object itself.
struct Expectation {
  std::string installed_csv{};                 // Subscription: status.installedCSV must equal this pin
  std::vector<std::string> machine_configs{};  // MachineConfigPool: status.configuration.source must list these
  std::vector<std::string> removed_machine_configs{};  // MachineConfigPool: ... and no longer list these
};

// The state of `object` (a whole object as the API server returns it) by the rule for its
// apiVersion group + kind; group-aware (kyverno.io and nvidia.com ClusterPolicy differ).
// Before any rule, kstatus' common checks apply: metadata.deletionTimestamp (in progress),
// status.observedGeneration != metadata.generation (in progress), Stalled=True (failed),
// Reconciling=True (in progress). Objects without a rule: Ready condition decides when present
// (True ready, else in progress), otherwise present = ready. Never throws; a value that is not a
// JSON object is reported as failed.
State evaluate(const nlohmann::json& object, const Expectation& expect = {});

// True when a specific rule exists for this group/kind (for status output: "no readiness rule,
// present"). `api_version` is "group/version" or "v1" for the core group.
bool has_rule(std::string_view api_version, std::string_view kind);

}  // namespace cococtl::kube::wait
