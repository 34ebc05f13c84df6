// The simulated Kyverno mutating webhook (kyverno/kyverno v1.17): Ready ClusterPolicies and
// Policies (of the Pod's namespace) mutate a Pod on CREATE with the rules this engine models
// exactly (the shape of cococtl's `inject-coco-initdata`): `match`/`exclude` on resource kinds,
// operations and a label selector, `preconditions` (all/any with Equals, NotEquals, In, NotIn,
// AnyIn, AnyNotIn), `context` entries that read a ConfigMap, and `mutate.patchStrategicMerge`.
// A rule using anything else is skipped and logged: this is not a general Kyverno engine.
#include "sim/admission/admission.hpp"
#include "sim/admission/kyverno_variables.hpp"
#include "sim/api/selectors.hpp"
#include "sim/schema/schema_node.hpp"
#include "sim/ssa/typed_ops.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <set>

namespace cococtl::sim {
namespace {

using kyverno::substitute;
using kyverno::substitute_all;

bool has_only(const json& object, const std::set<std::string>& keys) {
  if (!object.is_object()) return false;
  for (const auto& [key, value] : object.items()) {
    if (keys.count(key) == 0) return false;
  }
  return true;
}

// True when the rule uses only the modelled features (so the simulation is faithful for it).
bool modelled(const json& rule) {
  if (!has_only(rule, {"name", "match", "exclude", "preconditions", "context", "mutate"})) return false;
  if (!has_only(rule.value("mutate", json::object()), {"patchStrategicMerge"})) return false;
  for (const auto& entry : rule.value("context", json::array())) {
    if (!has_only(entry, {"name", "configMap"}) ||
        !has_only(entry.value("configMap", json::object()), {"name", "namespace"})) {
      return false;
    }
  }
  return has_only(rule.value("preconditions", json::object()), {"all", "any"});
}

bool resource_filter_matches(const json& filter, const json& pod) {
  const json resources = filter.value("resources", json::object());
  if (!has_only(resources, {"kinds", "operations", "selector", "names", "namespaces"})) return false;
  const json kinds = resources.value("kinds", json::array());
  if (!kinds.empty() && std::find(kinds.begin(), kinds.end(), "Pod") == kinds.end() &&
      std::find(kinds.begin(), kinds.end(), "v1/Pod") == kinds.end()) {
    return false;
  }
  const json operations = resources.value("operations", json::array());
  if (!operations.empty() && std::find(operations.begin(), operations.end(), "CREATE") == operations.end())
    return false;
  const json namespaces = resources.value("namespaces", json::array());
  if (!namespaces.empty() &&
      std::find(namespaces.begin(), namespaces.end(), string_at(pod, {"metadata", "namespace"})) == namespaces.end()) {
    return false;
  }
  const json names = resources.value("names", json::array());
  if (!names.empty() && std::find(names.begin(), names.end(), string_at(pod, {"metadata", "name"})) == names.end()) {
    return false;
  }
  if (!resources.contains("selector")) return true;
  std::string error;
  const auto selector = LabelSelector::from_object(resources["selector"], error);
  return selector && selector->matches(pod["metadata"].value("labels", json::object()));
}

// `block` ({any: [...]} or {all: [...]}) holds for the Pod; an empty block never does.
bool block_matches(const json& block, const json& pod) {
  const json any = block.value("any", json::array());
  const json all = block.value("all", json::array());
  if (!any.empty()) {
    return std::any_of(any.begin(), any.end(), [&](const json& f) { return resource_filter_matches(f, pod); });
  }
  if (!all.empty()) {
    return std::all_of(all.begin(), all.end(), [&](const json& f) { return resource_filter_matches(f, pod); });
  }
  return false;
}

std::vector<json> as_list(const json& value) {
  if (value.is_array()) return value.get<std::vector<json>>();
  return {value};
}

std::optional<bool> condition_holds(const json& condition, const json& document, std::string& error) {
  const auto key = substitute_all(condition.value("key", json("")), document, error);
  const auto value = substitute_all(condition.value("value", json("")), document, error);
  if (!key || !value) return std::nullopt;
  const std::string op = condition.value("operator", "");
  const auto in = [&](const json& k) {
    const auto values = as_list(*value);
    return std::find(values.begin(), values.end(), k) != values.end();
  };
  if (op == "Equals") return *key == *value;
  if (op == "NotEquals") return *key != *value;
  if (op == "In" || op == "AnyIn") {
    const auto keys = as_list(*key);
    return std::any_of(keys.begin(), keys.end(), in);
  }
  if (op == "NotIn" || op == "AnyNotIn") {
    const auto keys = as_list(*key);
    return op == "NotIn" ? std::none_of(keys.begin(), keys.end(), in) : !std::all_of(keys.begin(), keys.end(), in);
  }
  error = "operator " + op + " is not modelled";
  return std::nullopt;
}

std::optional<bool> preconditions_hold(const json& preconditions, const json& document, std::string& error) {
  for (const auto& c : preconditions.value("all", json::array())) {
    const auto holds = condition_holds(c, document, error);
    if (!holds || !*holds) return holds;
  }
  const json any = preconditions.value("any", json::array());
  if (any.empty()) return true;
  for (const auto& c : any) {
    const auto holds = condition_holds(c, document, error);
    if (!holds || *holds) return holds;
  }
  return false;
}

// Loads the rule's context entries into `document`; "" or the error Kyverno reports.
std::string load_context(Api& api, const json& rule, json& document) {
  for (const auto& entry : rule.value("context", json::array())) {
    std::string error;
    const auto name = substitute_all(entry["configMap"].value("name", json("")), document, error);
    const auto ns = substitute_all(entry["configMap"].value("namespace", json("default")), document, error);
    if (!name || !ns) return "failed to load context: " + error;
    const std::string n = name->is_string() ? name->get<std::string>() : name->dump();
    const std::string s = ns->is_string() ? ns->get<std::string>() : ns->dump();
    const auto configmap = api.store().get("/configmaps", s, n);
    if (!configmap) {
      return fmt::format("failed to load context: failed to get configmap {}/{} : configmaps \"{}\" not found", s, n,
                         n);
    }
    document[entry.value("name", "")] = *configmap;
  }
  return "";
}

struct RuleResult {
  bool applied = false;
  std::string error;
};

RuleResult apply_rule(Api& api, const ResourceType& type, const json& rule, json& pod) {
  if (!rule.contains("mutate") || !block_matches(rule.value("match", json::object()), pod)) return {};
  if (rule.contains("exclude") && block_matches(rule["exclude"], pod)) return {};
  if (!modelled(rule)) {
    spdlog::warn("kyverno: rule {} uses features the simulator does not model; skipped", rule.value("name", ""));
    return {};
  }
  json document = {
      {"request",
       {{"object", pod}, {"namespace", string_at(pod, {"metadata", "namespace"})}, {"operation", "CREATE"}}}};
  std::string error;
  const auto holds = preconditions_hold(rule.value("preconditions", json::object()), document, error);
  if (!holds) return {false, "failed to evaluate preconditions: " + error};
  if (!*holds) return {};
  if (auto failed = load_context(api, rule, document); !failed.empty()) return {false, failed};
  const auto patch = substitute_all(rule["mutate"]["patchStrategicMerge"], document, error);
  if (!patch) return {false, "variable substitution failed: " + error};
  try {
    pod = strategic_merge(pod, *patch, SchemaNode(type.schema.get()));
  } catch (const std::exception& e) {
    return {false, std::string("failed to apply patch: ") + e.what()};
  }
  return {true, ""};
}

// The Ready ClusterPolicies, then the Ready Policies of namespace `ns`.
std::vector<json> ready_policies(Api& api, const std::string& ns) {
  std::vector<json> out;
  for (auto& policies : {api.store().list("kyverno.io/clusterpolicies"), api.store().list("kyverno.io/policies", ns)}) {
    for (const auto& policy : policies) {
      if (condition_true(policy, "Ready") && !find_path(policy, {"metadata", "deletionTimestamp"}))
        out.push_back(policy);
    }
  }
  return out;
}

}  // namespace

ApiStatus admit_kyverno(Api& api, const ResourceType& type, json& object) {
  if (!type.group.empty() || type.kind != "Pod") return Ok{};
  for (const auto& policy : ready_policies(api, string_at(object, {"metadata", "namespace"}))) {
    const std::string policy_name = string_at(policy, {"metadata", "name"});
    for (const auto& rule : policy["spec"].value("rules", json::array())) {
      const RuleResult result = apply_rule(api, type, rule, object);
      if (result.error.empty()) continue;
      return bad_request(
          fmt::format("admission webhook \"mutate.kyverno.svc-fail\" denied the request: mutation "
                      "policy {} error: failed to apply policy {} rules [{}: {}]",
                      policy_name, policy_name, rule.value("name", ""), result.error));
    }
  }
  return Ok{};
}

}  // namespace cococtl::sim
