// The checks that read the cluster (and, without one, the KBS admin API for reference values).
#include "checks.hpp"

#include <cococtl/crypto/key.hpp>
#include <cococtl/kbs/admin.hpp>
#include <cococtl/render/initdata.hpp>
#include <cococtl/util/log.hpp>

#include <fmt/format.h>

namespace cococtl::install::attest::detail {
namespace {

CheckResult cluster_error(std::string name, const util::Error& error) {
  return {std::move(name), Verdict::fail, "cannot read the cluster: " + util::redact(error.message), {}};
}

util::Result<std::optional<nlohmann::json>> config_map(kube::Cluster& cluster, const std::string& name) {
  return cluster.get("v1", "ConfigMap", k_trustee_ns, name);
}

// name -> value of an RVPS reference-values JSON array ({"name", "value", ...} items).
std::map<std::string, nlohmann::json> by_name(const nlohmann::json& entries) {
  std::map<std::string, nlohmann::json> out;
  if (!entries.is_array()) return out;
  for (const auto& e : entries) {
    if (e.is_object() && e.contains("name")) out[e.value("name", "")] = e.value("value", nlohmann::json());
  }
  return out;
}

PodInitdata pod_initdata(const nlohmann::json& pod) {
  PodInitdata out{fmt::format("{}/{}", pod.value("/metadata/namespace"_json_pointer, std::string()),
                              pod.value("/metadata/name"_json_pointer, std::string())),
                  pod.value("/spec/runtimeClassName"_json_pointer, std::string()), std::nullopt};
  const auto annotations = pod.value("/metadata/annotations"_json_pointer, nlohmann::json::object());
  if (annotations.contains(render::k_initdata_annotation) && annotations[render::k_initdata_annotation].is_string()) {
    out.annotation = annotations[render::k_initdata_annotation].get<std::string>();
  }
  return out;
}

}  // namespace

CheckResult check_policy(const Expected& expected, kube::Cluster* cluster) {
  PolicyPosture posture{expected.flavour, expected.cosign_keys, expected.resource_policy, "render", false};
  if (cluster) {
    auto live = config_map(*cluster, "resource-policy");
    if (!live) return cluster_error("policy", live.error());
    if (*live) {
      posture.resource_policy = first_data_value(**live);
      posture.resource_policy_source = "cluster";
      posture.differs_from_render = posture.resource_policy != expected.resource_policy;
    }
  }
  return policy_rule(posture);
}

CheckResult check_reference_values_in_cluster(const Expected& expected, kube::Cluster& cluster) {
  auto live = config_map(cluster, "rvps-reference-values");
  if (!live) return cluster_error("reference-values", live.error());
  const auto text = *live ? first_data_value(**live) : std::string("[]");
  return reference_values_rule(expected.reference_values, by_name(nlohmann::json::parse(text, nullptr, false)),
                               "ConfigMap trustee-operator-system/rvps-reference-values");
}

CheckResult check_reference_values_in_kbs(const Expected& expected, const kbs::Endpoint& endpoint,
                                          const std::string& admin_key_pem) {
  auto key = crypto::PrivateKey::from_pem(admin_key_pem);
  if (!key) return {"reference-values", Verdict::fail, "the KBS admin key does not load", {}};
  auto client = kbs::AdminClient::create(endpoint, std::move(*key));
  if (!client) return {"reference-values", Verdict::fail, util::redact(client.error().message), {}};
  std::map<std::string, nlohmann::json> actual;
  for (const auto& entry : expected.reference_values.is_array() ? expected.reference_values : nlohmann::json::array()) {
    const auto name = entry.value("name", "");
    auto value = (*client)->get_reference_value(name);
    if (value) actual[name] = *value;  // a missing value is drift, named by the rule
  }
  return reference_values_rule(expected.reference_values, actual, "KBS (admin API)");
}

CheckResult check_workload(const Expected& expected, kube::Cluster& cluster, std::chrono::milliseconds timeout) {
  if (!expected.kbs_access) return skipped("workload", "the kbs-access sample is not part of this topology");
  if (!expected.workload_secret) {
    return skipped("workload", fmt::format("no key material for {} to compare with", k_workload_resource));
  }
  auto answer = cluster.proxy_get("kbs-access", "secure:5000", "", timeout);
  if (!answer) return cluster_error("workload", answer.error());
  return workload_rule({answer->status, answer->body}, *expected.workload_secret, k_workload_resource);
}

CheckResult check_initdata(const Expected& expected, kube::Cluster& cluster) {
  auto pods = cluster.list("v1", "Pod", kube::k_all_namespaces);
  if (!pods) return cluster_error("initdata", pods.error());
  std::vector<PodInitdata> kata;
  for (const auto& pod : pods->items) {
    auto entry = pod_initdata(pod);
    if (expected.runtime_classes.count(entry.runtime_class)) kata.push_back(std::move(entry));
  }
  return initdata_rule(kata, expected.initdata);
}

}  // namespace cococtl::install::attest::detail
