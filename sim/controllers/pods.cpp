// The scheduler and the kubelet, as far as Pods need them: an unscheduled Pod is bound to the
// first Ready node that satisfies its nodeSelector (PodScheduled=False reason Unschedulable
// when none does); a bound Pod starts its containers and is Running and Ready two ticks later.
// The containers of a Pod whose Deployment an operator fault names never become ready
// (CrashLoopBackOff), and so do those of the KBS Deployment while the hosted KBS cannot start
// with its inputs. An init container that fetches a KBS resource through the Confidential Data
// Hub runs as cdh_fetch.hpp says: refused, it fails (Init:Error, retried every few ticks);
// released, the pod's application serves the resource (the service proxy's answer).
// Pods are deleted at once (no graceful termination period).
#include "sim/controllers/cdh_fetch.hpp"
#include "sim/controllers/workloads.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <functional>
#include <map>
#include <set>

namespace cococtl::sim {
namespace {

constexpr int k_start_ticks = 2;
constexpr unsigned long long k_init_retry_ticks = 10;  // the kubelet's back-off, in ticks

bool selects(const json& pod, const json& node) {
  const json* selector = find_path(pod, {"spec", "nodeSelector"});
  if (selector == nullptr || !selector->is_object()) return true;
  const json labels = node["metadata"].value("labels", json::object());
  for (const auto& [key, value] : selector->items()) {
    if (!labels.contains(key) || labels[key] != value) return false;
  }
  return true;
}

std::string ip_for(const std::string& seed, int base) {
  const std::size_t h = std::hash<std::string>{}(seed);
  return fmt::format("10.{}.{}.{}", base, (h >> 8) % 256, 2 + h % 250);
}

json container_statuses(const json& pod, bool running, bool crashing) {
  json out = json::array();
  for (const auto& c : pod["spec"].value("containers", json::array())) {
    json state =
        running && !crashing ? json{{"running", {{"startedAt", string_at(pod, {"status", "startTime"})}}}}
        : crashing           ? json{{"waiting",
                                     {{"reason", "CrashLoopBackOff"}, {"message", "back-off 5m0s restarting failed container"}}}}
                             : json{{"waiting", {{"reason", "ContainerCreating"}}}};
    out.push_back({{"name", c.value("name", "")},
                   {"image", c.value("image", "")},
                   {"imageID", ""},
                   {"ready", running && !crashing},
                   {"started", running && !crashing},
                   {"restartCount", crashing ? 3 : 0},
                   {"state", state}});
  }
  return out;
}

// What the kubelet knows of a Pod's CDH init container.
struct InitRun {
  bool ok = true;
  std::string container;
  std::string reason;
  int attempts = 0;
  unsigned long long next_try = 0;
};

json init_container_statuses(const json& pod, const InitRun& init) {
  json out = json::array();
  for (const auto& c : pod["spec"].value("initContainers", json::array())) {
    const bool failed = !init.ok && c.value("name", "") == init.container;
    json terminated = {{"exitCode", failed ? 22 : 0},
                       {"reason", failed ? "Error" : "Completed"},
                       {"startedAt", string_at(pod, {"status", "startTime"})},
                       {"finishedAt", string_at(pod, {"status", "startTime"})}};
    if (failed) terminated["message"] = init.reason;
    out.push_back({{"name", c.value("name", "")},
                   {"image", c.value("image", "")},
                   {"imageID", ""},
                   {"ready", !failed},
                   {"started", false},
                   {"restartCount", failed ? init.attempts - 1 : 0},
                   {"state", {{"terminated", terminated}}}});
  }
  return out;
}

// Container statuses of a Pod whose init container failed: the app containers wait.
json waiting_for_init(const json& pod) {
  json out = json::array();
  for (const auto& c : pod["spec"].value("containers", json::array())) {
    out.push_back({{"name", c.value("name", "")},
                   {"image", c.value("image", "")},
                   {"imageID", ""},
                   {"ready", false},
                   {"started", false},
                   {"restartCount", 0},
                   {"state", {{"waiting", {{"reason", "PodInitializing"}}}}}});
  }
  return out;
}

class PodController : public Controller {
 public:
  const char* name() const override { return "pods"; }

  void reconcile(ControllerContext& ctx) override {
    const auto nodes = ctx.list("v1", "Node");
    std::set<std::string> live;
    for (auto& pod : ctx.list("v1", "Pod")) {
      live.insert(string_at(pod, {"metadata", "uid"}));
      if (find_path(pod, {"metadata", "deletionTimestamp"}) != nullptr) continue;
      if (string_at(pod, {"spec", "nodeName"}).empty()) {
        schedule(ctx, pod, nodes);
      } else {
        run(ctx, pod);
      }
    }
    ctx.hosting().payloads.retain(live);
    std::erase_if(m_init, [&live](const auto& entry) { return live.count(entry.first) == 0; });
  }

 private:
  void schedule(ControllerContext& ctx, json& pod, const std::vector<json>& nodes) {
    for (const auto& node : nodes) {
      if (!condition_true(node, "Ready") || !selects(pod, node)) continue;
      pod["spec"]["nodeName"] = node["metadata"]["name"];
      auto bound = ctx.update(pod, "kube-scheduler");
      if (!bound) return;
      set_condition(*bound, "PodScheduled", "True", "", "");
      (*bound)["status"]["phase"] = "Pending";
      ctx.write_status(*bound, "kube-scheduler");
      return;
    }
    json updated = pod;
    const std::size_t n = nodes.size();
    set_condition(updated, "PodScheduled", "False", "Unschedulable",
                  fmt::format("0/{} nodes are available: {} node(s) didn't match Pod's node affinity/selector. "
                              "preemption: 0/{} nodes are available: {} Preemption is not helpful for scheduling.",
                              n, n, n, n));
    updated["status"]["phase"] = "Pending";
    if (updated != pod) ctx.write_status(updated, "kube-scheduler");
  }

  void run(ControllerContext& ctx, const json& pod) {
    const std::string uid = string_at(pod, {"metadata", "uid"});
    const bool started = m_ticks.progress(uid, "started") > k_start_ticks;
    const std::string deployment = owning_deployment(ctx, pod);
    const bool crashing =
        started && !deployment.empty() &&
        (ctx.faults().deployment_stuck.count(deployment) != 0 || ctx.hosting().kbs.broken_deployment() == deployment);
    const InitRun init = started ? run_init(ctx, pod) : InitRun{};
    const bool ready = started && !crashing && init.ok;
    json updated = pod;
    json& status = object_member(updated, "status");
    status["phase"] = started && init.ok ? "Running" : "Pending";
    status["hostIP"] = ip_for(string_at(pod, {"spec", "nodeName"}), 0);
    status["podIP"] = ip_for(uid, 128);
    status["podIPs"] = json::array({{{"ip", status["podIP"]}}});
    if (!status.contains("startTime")) status["startTime"] = now_time();
    status["qosClass"] = "BestEffort";
    status["containerStatuses"] = init.ok ? container_statuses(updated, started, crashing) : waiting_for_init(updated);
    if (updated["spec"].contains("initContainers") && started) {
      status["initContainerStatuses"] = init_container_statuses(updated, init);
    }
    const std::string unready = ready ? "" : "ContainersNotReady";
    set_condition(updated, "PodReadyToStartContainers", started ? "True" : "False", "", "");
    set_condition(updated, "Initialized", init.ok ? "True" : "False", init.ok ? "" : "ContainersNotInitialized",
                  init.ok ? "" : "containers with incomplete status: [" + init.container + "]");
    set_condition(updated, "Ready", ready ? "True" : "False", unready, ready ? "" : "containers with unready status");
    set_condition(updated, "ContainersReady", ready ? "True" : "False", unready,
                  ready ? "" : "containers with unready status");
    if (updated != pod) ctx.write_status(updated, "kubelet");
  }

  // Runs (or re-runs, after the back-off) the Pod's CDH init container; remembers the outcome.
  InitRun run_init(ControllerContext& ctx, const json& pod) {
    const auto fetch = cdh_fetch_of(pod);
    if (!fetch) return {};
    const std::string uid = string_at(pod, {"metadata", "uid"});
    InitRun& run = m_init[uid];
    if (run.attempts > 0 && (run.ok || ctx.tick() < run.next_try)) return run;
    const FetchOutcome outcome = run_cdh_fetch(ctx, pod, *fetch);
    run = {outcome.ok, fetch->container, outcome.reason, run.attempts + 1, ctx.tick() + k_init_retry_ticks};
    if (outcome.ok) ctx.hosting().payloads.set(uid, outcome.content);
    if (!outcome.ok) spdlog::info("pod {}: init container {} failed: {}", object_key(pod), run.container, run.reason);
    return run;
  }

  TickCounter m_ticks;
  std::map<std::string, InitRun> m_init;  // by Pod uid
};

}  // namespace

std::unique_ptr<Controller> make_pod_controller() { return std::make_unique<PodController>(); }

}  // namespace cococtl::sim
