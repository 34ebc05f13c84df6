#pragma once
// The wait rules, one per file in this folder; registry.cpp maps group/kind to them. Each is
// called only after kstatus' common checks (generic.cpp) found nothing to report.

#include "conditions.hpp"

namespace cococtl::kube::wait::detail {

using Rule = State (*)(const json& object, const Expectation& expect);

// generic.cpp: kstatus' checks common to every kind (nullopt: nothing to report), and the
// fallback for kinds without a rule.
std::optional<State> common_checks(const json& object);
State generic(const json& object, const Expectation& expect);

// Kinds that are ready once they exist (present_kinds.cpp).
State present(const json& object, const Expectation& expect);

// core, apiextensions, apps, batch
State core_namespace(const json& object, const Expectation& expect);
State core_pod(const json& object, const Expectation& expect);
State core_persistent_volume_claim(const json& object, const Expectation& expect);
State core_service(const json& object, const Expectation& expect);
State custom_resource_definition(const json& object, const Expectation& expect);
State apps_deployment(const json& object, const Expectation& expect);
State apps_daemon_set(const json& object, const Expectation& expect);
State apps_stateful_set(const json& object, const Expectation& expect);
State apps_replica_set(const json& object, const Expectation& expect);
State batch_job(const json& object, const Expectation& expect);

// OLM
State olm_subscription(const json& object, const Expectation& expect);
State olm_install_plan(const json& object, const Expectation& expect);
State olm_cluster_service_version(const json& object, const Expectation& expect);
State olm_operator_group(const json& object, const Expectation& expect);

// OpenShift and the operators cococtl installs
State machine_config_pool(const json& object, const Expectation& expect);
State route(const json& object, const Expectation& expect);
State kata_config(const json& object, const Expectation& expect);
State kbs_config(const json& object, const Expectation& expect);
State node_feature_discovery(const json& object, const Expectation& expect);
State nvidia_cluster_policy(const json& object, const Expectation& expect);
State kyverno_policy(const json& object, const Expectation& expect);
State kyverno_validating_policy(const json& object, const Expectation& expect);
State sgx_device_plugin(const json& object, const Expectation& expect);
State host_path_provisioner(const json& object, const Expectation& expect);
State lvm_cluster(const json& object, const Expectation& expect);
State multi_cluster_hub(const json& object, const Expectation& expect);
State cert_manager_ready(const json& object, const Expectation& expect);

}  // namespace cococtl::kube::wait::detail
