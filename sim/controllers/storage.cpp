// Storage operators, once their CSVs have Succeeded.
// HostPathProvisioner (kubevirt/hostpath-provisioner-operator, pkg/controller/hostpathprovisioner):
// the finalizer finalizer.delete.hostpath-provisioner, conditions Available/Progressing/Degraded
// (DeployStarted "Started Deployment", then Complete "Application Available") and the versions.
// LVMCluster (openshift/lvm-operator release-4.20, internal/controllers/lvmcluster/status.go):
// the finalizer lvmcluster.topolvm.io, conditions ResourcesAvailable and VolumeGroupsReady, state
// Progressing then Ready, ready, deviceClassStatuses per node.
#include "sim/controllers/controller.hpp"

namespace cococtl::sim {
namespace {

class StorageController : public Controller {
 public:
  const char* name() const override { return "storage"; }

  void reconcile(ControllerContext& ctx) override {
    if (ctx.operator_namespace("kubevirt-hyperconverged") && ctx.served(k_hpp, "HostPathProvisioner")) {
      for (auto& hpp : ctx.list(k_hpp, "HostPathProvisioner")) host_path(ctx, hpp);
    }
    if (ctx.operator_namespace("lvms-operator") && ctx.served(k_lvm, "LVMCluster")) {
      for (auto& cluster : ctx.list(k_lvm, "LVMCluster")) lvm(ctx, cluster);
    }
  }

 private:
  static constexpr const char* k_hpp = "hostpathprovisioner.kubevirt.io/v1beta1";
  static constexpr const char* k_lvm = "lvm.topolvm.io/v1alpha1";

  void host_path(ControllerContext& ctx, json& hpp) {
    constexpr const char* finalizer = "finalizer.delete.hostpath-provisioner";
    if (find_path(hpp, {"metadata", "deletionTimestamp"}) != nullptr)
      return remove_finalizer(ctx, hpp, finalizer, "hpp-operator");
    if (!add_finalizer(ctx, hpp, finalizer, "hpp-operator")) return;
    const bool available = m_ticks.progress(string_at(hpp, {"metadata", "uid"}), "deploying") > 2;
    json updated = hpp;
    set_condition(updated, "Available", available ? "True" : "False", available ? "Complete" : "",
                  available ? "Application Available" : "");
    set_condition(updated, "Progressing", available ? "False" : "True", available ? "" : "DeployStarted",
                  available ? "" : "Started Deployment");
    set_condition(updated, "Degraded", "False", "", "");
    updated["status"]["operatorVersion"] = "v4.20.1";
    updated["status"]["targetVersion"] = "v4.20.1";
    if (available) updated["status"]["observedVersion"] = "v4.20.1";
    if (updated != hpp) ctx.write_status(updated, "hpp-operator");
  }

  void lvm(ControllerContext& ctx, json& cluster) {
    constexpr const char* finalizer = "lvmcluster.topolvm.io";
    if (find_path(cluster, {"metadata", "deletionTimestamp"}) != nullptr)
      return remove_finalizer(ctx, cluster, finalizer, "lvms-operator");
    if (!add_finalizer(ctx, cluster, finalizer, "lvms-operator")) return;
    const int ticks = m_ticks.progress(string_at(cluster, {"metadata", "uid"}), "reconciling");
    const bool resources = ticks > 1, volume_groups = ticks > 3;
    json updated = cluster;
    set_condition(updated, "ResourcesAvailable", resources ? "True" : "False",
                  resources ? "ResourcesAvailable" : "ReconciliationInProgress",
                  resources ? "Reconciliation is complete and all the resources are available"
                            : "Reconciliation is still in progress");
    set_condition(updated, "VolumeGroupsReady", volume_groups ? "True" : "False",
                  volume_groups ? "VGsReady" : "VGReadinessInProgress",
                  volume_groups ? "All the VGs are ready" : "VG readiness check is still in progress");
    const bool ready = resources && volume_groups;
    updated["status"]["state"] = ready ? "Ready" : "Progressing";
    updated["status"]["ready"] = ready;
    if (volume_groups) updated["status"]["deviceClassStatuses"] = device_classes(ctx, cluster);
    if (updated != cluster) ctx.write_status(updated, "lvms-operator");
  }

  static json device_classes(ControllerContext& ctx, const json& cluster) {
    json out = json::array();
    for (const auto& dc : cluster["spec"].value("storage", json::object()).value("deviceClasses", json::array())) {
      json devices = dc.value("deviceSelector", json::object()).value("paths", json::array({"/dev/sdb"}));
      json nodes = json::array();
      for (const auto& node : ctx.list("v1", "Node")) {
        nodes.push_back({{"node", node["metadata"]["name"]},
                         {"name", dc.value("name", "")},
                         {"status", "Ready"},
                         {"devices", devices}});
      }
      out.push_back({{"name", dc.value("name", "")}, {"nodeStatus", nodes}});
    }
    return out;
  }

  TickCounter m_ticks;
};

}  // namespace

std::unique_ptr<Controller> make_storage_controller() { return std::make_unique<StorageController>(); }

}  // namespace cococtl::sim
