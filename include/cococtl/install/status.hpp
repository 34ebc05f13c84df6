#pragma once
// `cococtl status`: the state of an installation, per stage and object, judged by the same
// readiness rules install waits with, read once.

#include <cococtl/kube/cluster.hpp>
#include <cococtl/util/result.hpp>

#include <string>
#include <vector>

namespace cococtl::install {

struct ObjectStatus {
  std::string stage{};
  std::string object{};  // "Deployment ns/name"
  std::string state{};   // "ready", "progressing", "failed" or "missing"
  std::string message{};
};

struct OperatorStatus {
  std::string package{};
  std::string ns{};
  std::string csv{};
  std::string state{};  // as ObjectStatus::state, of the CSV
  std::string message{};
};

struct StatusReport {
  bool installed = false;  // an inventory exists
  std::string inventory{};   // "ns/name" of the inventory Secret
  std::string topology{};
  std::string install_state{};  // the inventory's state ("installed", "failed platform", ...)
  std::string stage{};          // the last stage that completed
  std::string tool{};
  std::string updated{};
  std::vector<OperatorStatus> operators{};
  std::vector<ObjectStatus> objects{};

  // True when installed and every object and operator is ready.
  bool ready() const;
};

// Reads the inventory `name` in `ns` and every member (one LIST per collection where it pays),
// plus what members roll out (MachineConfigPools, the KBS Deployment), and judges each by its
// readiness rule. Objects without a specific rule are "ready" when present. Not installed is not
// an error (StatusReport::installed false). Fails when the cluster cannot be read.
util::Result<StatusReport> status(kube::Cluster& cluster, const std::string& name, const std::string& ns);

}  // namespace cococtl::install
