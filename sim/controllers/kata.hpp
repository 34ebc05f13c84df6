#pragma once
// OpenShift sandboxed containers' KataConfig controller, split in two files: kata.cpp (install,
// uninstall, finalizer) and kata_status.cpp (per-node progress, InProgress condition, runtime
// classes). Source: openshift/sandboxed-containers-operator (see README for the version).

#include "sim/controllers/controller.hpp"

#include <string>
#include <vector>

namespace cococtl::sim::kata {

inline constexpr const char* k_api = "kataconfiguration.openshift.io/v1";
inline constexpr const char* k_package = "sandboxed-containers-operator";
inline constexpr const char* k_finalizer = "kataconfiguration.openshift.io/finalizer";
inline constexpr const char* k_rc_finalizer = "kataconfig.openshift.io/runtime-class-cleanup";
inline constexpr const char* k_manager = "sandboxed-containers-operator";
inline constexpr const char* k_extension_mc = "50-enable-sandboxed-containers-extension";
inline constexpr const char* k_kata_oc_label = "node-role.kubernetes.io/kata-oc";

// What the reconcile of one KataConfig works with.
struct Setup {
  bool converged = false;  // only master and worker pools, worker empty: kata goes to "master"
  std::string pool;        // "master" or "kata-oc"
  std::string operator_namespace;
};

Setup setup_for(ControllerContext& ctx, const std::string& operator_namespace);
// The InProgress condition's status ("" when absent).
std::string in_progress(const json& kata);
void set_in_progress(json& kata, const std::string& status, const std::string& reason, const std::string& message);
// status.kataNodes from the nodes' machine-config annotations (updateStatus / putNodeOnStatusList);
// a node whose update failed sets InProgress to Failed.
void update_node_status(ControllerContext& ctx, json& kata, const Setup& s);
// postKataInstallation's runtime classes (and status.runtimeClasses): kata, and with the
// `confidential` feature gate kata-cc / kata-cc-nvidia-gpu; kata-remote for peer pods.
void create_runtime_classes(ControllerContext& ctx, json& kata, const Setup& s);
// Removes the runtime-class-cleanup finalizer of deleted RuntimeClasses no active Pod uses.
void release_runtime_classes(ControllerContext& ctx);

}  // namespace cococtl::sim::kata
