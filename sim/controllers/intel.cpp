// Intel device plugins operator (intel/intel-device-plugins-for-kubernetes 0.32,
// pkg/controllers/sgx and reconciler.go), once its CSV has Succeeded: an SgxDevicePlugin gets the
// DaemonSet intel-sgx-plugin-<name> in the operator's namespace (nodeSelector from the spec,
// default intel.feature.node.kubernetes.io/sgx=true) and reports it in
// status.controlledDaemonSet, desiredNumberScheduled, numberReady and nodeNames.
#include "sim/controllers/workloads.hpp"

namespace cococtl::sim {
namespace {

constexpr const char* k_api = "deviceplugin.intel.com/v1";
constexpr const char* k_manager = "intel-device-plugins-operator";

json daemon_set(const json& plugin, const std::string& ns) {
  json selector = plugin["spec"].value("nodeSelector", json::object());
  if (selector.empty()) selector = {{"intel.feature.node.kubernetes.io/sgx", "true"}, {"kubernetes.io/arch", "amd64"}};
  const json labels = {{"app", "intel-sgx-plugin"}};
  return {{"apiVersion", "apps/v1"},
          {"kind", "DaemonSet"},
          {"metadata",
           {{"name", "intel-sgx-plugin-" + plugin["metadata"]["name"].get<std::string>()},
            {"namespace", ns},
            {"labels", labels},
            {"ownerReferences", {controller_ref(plugin)}}}},
          {"spec",
           {{"selector", {{"matchLabels", labels}}},
            {"template",
             {{"metadata", {{"labels", labels}}},
              {"spec",
               {{"nodeSelector", selector},
                {"containers",
                 {{{"name", "intel-sgx-plugin"},
                   {"image", string_at(plugin, {"spec", "image"}, "intel/intel-sgx-plugin:0.32.1")}}}}}}}}}}};
}

class IntelController : public Controller {
 public:
  const char* name() const override { return "intel-device-plugins"; }

  void reconcile(ControllerContext& ctx) override {
    const auto ns = ctx.operator_namespace("intel-device-plugins-operator");
    if (!ns || !ctx.served(k_api, "SgxDevicePlugin")) return;
    const auto nodes = ctx.list("v1", "Node");
    for (auto& plugin : ctx.list(k_api, "SgxDevicePlugin")) {
      if (find_path(plugin, {"metadata", "deletionTimestamp"}) != nullptr) continue;
      const json wanted = daemon_set(plugin, *ns);
      ctx.apply(wanted, k_manager);
      const auto ds = ctx.get("apps/v1", "DaemonSet", *ns, wanted["metadata"]["name"]);
      if (!ds) continue;
      json names = json::array();
      const json selector = wanted["spec"]["template"]["spec"]["nodeSelector"];
      for (const auto& node : nodes) {
        const json labels = node["metadata"].value("labels", json::object());
        bool match = true;
        for (const auto& [key, value] : selector.items()) match = match && labels.value(key, "") == value;
        if (match && int_at(*ds, {"status", "numberReady"}) > 0) names.push_back(node["metadata"]["name"]);
      }
      json updated = plugin;
      updated["status"] = {{"controlledDaemonSet",
                            {{"apiVersion", "apps/v1"},
                             {"kind", "DaemonSet"},
                             {"name", (*ds)["metadata"]["name"]},
                             {"namespace", *ns},
                             {"uid", (*ds)["metadata"]["uid"]},
                             {"resourceVersion", (*ds)["metadata"]["resourceVersion"]}}},
                           {"desiredNumberScheduled", int_at(*ds, {"status", "desiredNumberScheduled"})},
                           {"numberReady", int_at(*ds, {"status", "numberReady"})}};
      if (!names.empty()) updated["status"]["nodeNames"] = names;
      if (updated != plugin) ctx.write_status(updated, k_manager);
    }
  }
};

}  // namespace

std::unique_ptr<Controller> make_intel_controller() { return std::make_unique<IntelController>(); }

}  // namespace cococtl::sim
