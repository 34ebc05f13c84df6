#pragma once
// `cococtl install`: brings one cluster from bare OpenShift to working Confidential Containers
// in named stages - preflight, operators, secrets, platform, trustee, policies, workloads,
// verify - each resumable (every stage is idempotent: a second run changes nothing and waits
// for nothing that is already ready), recording what it wrote in an ApplySet inventory.

#include <cococtl/install/reporter.hpp>
#include <cococtl/kube/cluster.hpp>
#include <cococtl/render/render.hpp>
#include <cococtl/util/result.hpp>
#include <cococtl/workspace/options.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace cococtl::install {

// The install stages in order.
const std::vector<std::string>& stage_names();

struct Timeouts {
  std::chrono::milliseconds wait{std::chrono::minutes(10)};  // any one readiness wait
  std::chrono::milliseconds machine_config_pool{std::chrono::minutes(30)};  // nodes reboot
  std::chrono::milliseconds operator_install{std::chrono::minutes(15)};     // approve -> CSV Succeeded -> CRDs
};

// What preflight learnt from the cluster.
struct ClusterFacts {
  std::string openshift_version{};  // ClusterVersion status.desired.version
  std::string platform{};           // Infrastructure status.platformStatus.type ("Azure", "BareMetal", ...)
  std::string apps_domain{};        // Ingress config spec.domain
  std::string tee{};                // "tdx", "snp" or "" (from node labels)
  bool nvidia_gpus = false;       // some node reports NVIDIA GPUs
  bool nfd_labels = false;        // Node Feature Discovery has labelled the nodes (TEE labels are meaningful)
  std::vector<std::string> nodes{};
};

// What install will do, shown before it starts (confirmation, dry run).
struct Plan {
  ClusterFacts facts;
  std::string topology{};
  std::string inventory_name{};  // "cococtl-<global.pattern>"
  std::vector<std::string> filled_values{};  // "global.clusterPlatform=BareMetal (from the cluster)", ...
  // Bare metal with nodes Node Feature Discovery has not labelled: the TEE is learnt during the
  // operators stage (NFD applied early) and the plan rendered again.
  bool hardware_unknown = false;
  render::RenderResult rendered;
};

struct InstallOptions {
  workspace::Options workspace;
  std::string from_stage{};  // "" = the first stage (preflight always runs: it renders the plan)
  std::string to_stage{};    // "" = the last stage
  bool dry_run = false;    // server-side dryRun=All, no waits, no approvals
  std::size_t concurrency = 16;
  Timeouts timeouts{};
  std::string cluster_name{};   // tags every event (multi-cluster); "" for one cluster
  std::string tool_version{};   // recorded in the inventory ("cococtl/<version>")
  std::string inventory_namespace = "default";
  // verify's attest checks: curl --connect-to entries for the KBS ("HOST:PORT:ADDR:PORT"), and
  // the limit of each of their requests.
  std::vector<std::string> kbs_connect_to{};
  std::chrono::milliseconds attest_timeout{std::chrono::seconds(10)};
  // Asked once, after preflight, with the plan; false stops before anything is written (exit 1).
  std::function<bool(const Plan&)> confirm{};
};

struct StageResult {
  std::string name{};
  std::string result{};  // "done", "failed", "skipped"
  std::string message{};
  std::chrono::milliseconds duration{0};
};

struct Summary {
  std::vector<StageResult> stages{};
  std::map<std::string, int> objects{};  // action -> count (created, configured, unchanged, failed, ...)
  Plan plan;
};

// Runs the stages from options.from_stage to options.to_stage against `cluster`, reporting
// every step to `reporter`. Fails with the first stage's error, carrying its exit code: 3 bad
// inputs (values, key material, placeholders), 4 cluster not suitable, 5 a wait timed out,
// 1 an object or operator failed, 130 interrupted. `summary` is filled either way.
util::Result<void> install(kube::Cluster& cluster, const InstallOptions& options, Reporter& reporter, Summary& summary);

}  // namespace cococtl::install
