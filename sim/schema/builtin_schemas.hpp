#pragma once
// Schemas of the built-in kinds. Core workload kinds are described field by field (with the
// SSA markers of the real API); kinds the pattern only stores get open spec/status.

#include "sim/common/json_util.hpp"

#include <string>
#include <vector>

namespace cococtl::sim::schema {

json config_map();
json secret();
json namespace_kind();
json service_account();
json service();
json pod();
json deployment();
json daemon_set();
json stateful_set();
json job();
json cron_job();
json runtime_class();
json role();
json role_binding();
json custom_resource_definition();
// openshift_schemas.cpp: the OpenShift/OLM/storage kinds cococtl renders.
json route();
json security_context_constraints();
json machine_config();
json storage_class();
json subscription();
json operator_group();
json install_plan();
// apiVersion/kind/metadata plus `fields` kept as they come (OpenShift and operator kinds).
json open_kind(const std::vector<std::string>& fields);

}  // namespace cococtl::sim::schema
