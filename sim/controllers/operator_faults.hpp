#pragma once
// Operator-level faults, switchable while the simulator runs: the ConfigMap `faults` in
// namespace `coco-sim` (every profile seeds it, empty) names what should fail; the controllers
// read it on every tick, so a test can inject a failure, run a client, clear it and resume.
// `--operator-fault KEY=VALUE` writes the same keys at start.
//
//   csv-failed                     CSV names: the install strategy fails (phase Failed,
//                                  reason InstallComponentFailed)
//   installplan-failed             CSV names: an InstallPlan for them fails (phase Failed,
//                                  condition Installed=False reason InstallComponentFailed)
//   mcp-degraded                   pool names: the machine being updated cannot be drained
//                                  (node Degraded, pool NodeDegraded/Degraded)
//   deployment-progress-deadline   namespace/name of Deployments whose pods never become ready
//                                  (Progressing=False reason ProgressDeadlineExceeded)
//   kataconfig-failed              KataConfig names: installing the extension fails on the
//                                  machines (kataNodes.failedToInstall, InProgress reason Failed)
//
// Values are separated by commas, spaces or newlines.

#include "sim/common/json_util.hpp"

#include <cococtl/util/result.hpp>

#include <map>
#include <set>
#include <string>

namespace cococtl::sim {

inline constexpr const char* k_faults_namespace = "coco-sim";
inline constexpr const char* k_faults_configmap = "faults";

struct OperatorFaults {
  std::set<std::string> csv_failed;
  std::set<std::string> installplan_failed;
  std::set<std::string> mcp_degraded;
  std::set<std::string> deployment_stuck;  // "namespace/name"
  std::set<std::string> kataconfig_failed;

  // From the ConfigMap's data (unknown keys are ignored: the ConfigMap is user-edited).
  static OperatorFaults from_data(const json& data);
};

// The keys above.
const std::set<std::string>& operator_fault_keys();

// Parses `--operator-fault KEY=VALUE`. Fails (usage) on a missing '=' or an unknown key.
util::Result<std::pair<std::string, std::string>> parse_operator_fault(const std::string& text);

}  // namespace cococtl::sim
