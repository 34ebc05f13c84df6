#pragma once
// Table columns of the built-in kinds (what `kubectl get` shows), mirroring the real printers.

#include "sim/api/resource_type.hpp"

#include <vector>

namespace cococtl::sim::printers {

std::vector<Column> namespaces();
std::vector<Column> config_maps();
std::vector<Column> secrets();
std::vector<Column> service_accounts();
std::vector<Column> services();
std::vector<Column> pods();
std::vector<Column> nodes();
std::vector<Column> deployments();
std::vector<Column> daemon_sets();
std::vector<Column> runtime_classes();
std::vector<Column> crds();
std::vector<Column> cluster_versions();
std::vector<Column> machine_config_pools();
std::vector<Column> subscriptions();
std::vector<Column> install_plans();
std::vector<Column> cluster_service_versions();
std::vector<Column> catalog_sources();
std::vector<Column> routes();
std::vector<Column> security_context_constraints();
std::vector<Column> machine_configs();
std::vector<Column> roles();
std::vector<Column> role_bindings();
// Just AGE (kinds whose real printer shows name and age only).
std::vector<Column> age_only();

}  // namespace cococtl::sim::printers
