// Node Feature Discovery: a NodeFeatureDiscovery instance deploys nfd-master/nfd-worker and,
// once they run, labels nodes with their built-in features (feature.node.kubernetes.io/...);
// NodeFeatureRules add labels (and extended resources) where their matchFeatures/matchAny
// expressions hold on a node's simulated hardware. Labels are applied by SSA as "nfd-master",
// so a removed rule takes its labels away.
#include "sim/controllers/controller.hpp"

#include <regex>

namespace cococtl::sim {
namespace {

constexpr const char* k_manager = "nfd-master";
constexpr const char* k_prefix = "feature.node.kubernetes.io/";

// Does expression {op, value} hold for attribute `name` of one feature instance/set?
bool expression_holds(const json& attributes, const std::string& name, const json& expression) {
  const std::string op = expression.value("op", "Exists");
  const bool present = attributes.is_object() && attributes.contains(name);
  const std::string actual = present ? attributes[name].get<std::string>() : "";
  std::vector<std::string> values;
  for (const auto& v : expression.value("value", json::array())) values.push_back(v.is_string() ? v.get<std::string>() : v.dump());
  auto number = [](const std::string& s) { try { return std::stoll(s); } catch (...) { return 0LL; } };
  if (op == "Exists") return present;
  if (op == "DoesNotExist") return !present;
  if (!present) return op == "NotIn";
  if (op == "In") return std::find(values.begin(), values.end(), actual) != values.end();
  if (op == "NotIn") return std::find(values.begin(), values.end(), actual) == values.end();
  if (op == "IsTrue") return actual == "true";
  if (op == "IsFalse") return actual == "false";
  if (op == "Gt") return !values.empty() && number(actual) > number(values[0]);
  if (op == "Lt") return !values.empty() && number(actual) < number(values[0]);
  if (op == "GtLt") return values.size() == 2 && number(actual) > number(values[0]) && number(actual) < number(values[1]);
  if (op == "InRegexp") {
    return std::any_of(values.begin(), values.end(), [&](const std::string& re) {
      try { return std::regex_search(actual, std::regex(re)); } catch (...) { return false; }
    });
  }
  return false;
}

bool feature_matches(const json& features, const json& term) {
  const json* feature = features.contains(term.value("feature", "")) ? &features[term.value("feature", "")] : nullptr;
  if (feature == nullptr) return false;
  const json expressions = term.value("matchExpressions", json::object());
  auto all_hold = [&](const json& attributes) {
    for (const auto& [name, expression] : expressions.items()) {
      if (!expression_holds(attributes, name, expression)) return false;
    }
    return true;
  };
  if (feature->is_array()) return std::any_of(feature->begin(), feature->end(), all_hold);
  return all_hold(*feature);
}

bool all_terms(const json& features, const json& terms) {
  return std::all_of(terms.begin(), terms.end(), [&](const json& t) { return feature_matches(features, t); });
}

bool rule_matches(const json& features, const json& rule) {
  const json match_features = rule.value("matchFeatures", json::array());
  if (!match_features.empty() && !all_terms(features, match_features)) return false;
  const json match_any = rule.value("matchAny", json::array());
  if (!match_any.empty() && std::none_of(match_any.begin(), match_any.end(), [&](const json& alt) {
        return all_terms(features, alt.value("matchFeatures", json::array()));
      })) {
    return false;
  }
  return !match_features.empty() || !match_any.empty();
}

// "@cpu.security.tdx.total_keys": attribute "tdx.total_keys" of feature "cpu.security"; "0" when absent.
std::string feature_reference(const json& features, const std::string& reference) {
  const auto first = reference.find('.');
  const auto second = first == std::string::npos ? std::string::npos : reference.find('.', first + 1);
  if (second == std::string::npos) return "0";
  const json* feature = find_path(features, {reference.substr(0, second)});
  const std::string attribute = reference.substr(second + 1);
  if (feature == nullptr || !feature->is_object() || !feature->contains(attribute)) return "0";
  return (*feature)[attribute].get<std::string>();
}

std::string qualified(const std::string& key) { return key.find('/') == std::string::npos ? k_prefix + key : key; }

json builtin_labels(const json& features) {
  json labels = json::object();
  const json cpuid = features.value("cpu.cpuid", json::object());
  const json security = features.value("cpu.security", json::object());
  for (const auto& [flag, value] : cpuid.items()) labels[std::string(k_prefix) + "cpu-cpuid." + flag] = "true";
  for (const auto& [name, value] : security.items()) {
    if (name.ends_with(".enabled")) labels[std::string(k_prefix) + "cpu-security." + name] = value;
  }
  labels[std::string(k_prefix) + "cpu-model.vendor_id"] = string_at(features, {"cpu.model", "vendor_id"});
  labels[std::string(k_prefix) + "kernel-version.major"] = string_at(features, {"kernel.version", "major"});
  labels[std::string(k_prefix) + "system-os_release.ID"] = string_at(features, {"system.osrelease", "ID"});
  for (const auto& device : features.value("pci.device", json::array())) {
    labels[std::string(k_prefix) + "pci-" + device.value("vendor", "") + ".present"] = "true";
  }
  return labels;
}

class NfdController : public Controller {
 public:
  const char* name() const override { return "nfd"; }

  void reconcile(ControllerContext& ctx) override {
    if (!ctx.operator_namespace("nfd") || !ctx.served("nfd.openshift.io/v1", "NodeFeatureDiscovery")) return;
    bool running = false;
    for (auto& instance : ctx.list("nfd.openshift.io/v1", "NodeFeatureDiscovery")) running = operand(ctx, instance) || running;
    if (!running) return;
    std::vector<json> rules;
    for (const auto& [api, kind] : {std::pair{"nfd.openshift.io/v1alpha1", "NodeFeatureRule"},
                                    std::pair{"nfd.k8s-sigs.io/v1alpha1", "NodeFeatureRule"}}) {
      for (const auto& r : ctx.list(api, kind)) {
        for (const auto& rule : r["spec"].value("rules", json::array())) rules.push_back(rule);
      }
    }
    for (const auto& spec : ctx.profile().nodes) label_node(ctx, spec, rules);
  }

 private:
  bool operand(ControllerContext& ctx, json& instance) {
    // A deleted instance is left to the garbage collector (its operands are its dependents).
    if (find_path(instance, {"metadata", "deletionTimestamp"}) != nullptr) return false;
    const std::string ns = string_at(instance, {"metadata", "namespace"});
    const json owner = {{"apiVersion", instance["apiVersion"]}, {"kind", instance["kind"]},
                        {"name", instance["metadata"]["name"]}, {"uid", instance["metadata"]["uid"]}, {"controller", true}};
    const std::string image = string_at(instance, {"spec", "operand", "image"},
                                        "registry.redhat.io/openshift4/ose-node-feature-discovery-rhel9:v4.20");
    for (const auto& [kind, name] : {std::pair{"DaemonSet", "nfd-worker"}, std::pair{"Deployment", "nfd-master"}}) {
      const json labels = {{"app", name}};
      json containers = json::array({{{"name", name}, {"image", image}}});
      json pod_template = {{"metadata", {{"labels", labels}}}, {"spec", {{"containers", containers}}}};
      json metadata = {{"name", name}, {"namespace", ns}, {"ownerReferences", json::array({owner})}};
      json workload = {{"apiVersion", "apps/v1"}, {"kind", kind}, {"metadata", metadata},
                       {"spec", {{"selector", {{"matchLabels", labels}}}, {"template", pod_template}}}};
      ctx.apply(workload, "nfd-operator");
    }
    const auto master = ctx.get("apps/v1", "Deployment", ns, "nfd-master");
    const bool available = master && condition_true(*master, "Available");
    json updated = instance;
    set_condition(updated, "Available", available ? "True" : "False", available ? "" : "Deploying", "");
    set_condition(updated, "Progressing", available ? "False" : "True", "", "");
    set_condition(updated, "Degraded", "False", "", "");
    if (updated != instance) ctx.write_status(updated, "nfd-operator");
    return available;
  }

  void label_node(ControllerContext& ctx, const NodeSpec& spec, const std::vector<json>& rules) {
    json labels = builtin_labels(spec.features);
    json resources = json::object();
    for (const auto& rule : rules) {
      if (!rule_matches(spec.features, rule)) continue;
      const json rule_labels = rule.value("labels", json::object());
      const json rule_resources = rule.value("extendedResources", json::object());
      for (const auto& [key, value] : rule_labels.items()) labels[qualified(key)] = value;
      for (const auto& [name, value] : rule_resources.items()) resources[name] = value;
    }
    json names = json::array();
    for (const auto& [key, value] : labels.items()) names.push_back(key);
    ctx.apply({{"apiVersion", "v1"}, {"kind", "Node"},
               {"metadata", {{"name", spec.name}, {"labels", labels},
                             {"annotations", {{"nfd.node.kubernetes.io/feature-labels", names.dump()}}}}}},
              k_manager);
    if (resources.empty()) return;
    auto node = ctx.get("v1", "Node", "", spec.name);
    if (!node) return;
    json updated = *node;
    for (const auto& [name, value] : resources.items()) {
      std::string quantity = value.is_string() ? value.get<std::string>() : value.dump();
      if (quantity.rfind('@', 0) == 0) quantity = feature_reference(spec.features, quantity.substr(1));
      updated["status"]["capacity"][name] = quantity;
      updated["status"]["allocatable"][name] = quantity;
    }
    if (updated != *node) ctx.write_status(updated, k_manager);
  }
};

}  // namespace

std::unique_ptr<Controller> make_nfd_controller() { return std::make_unique<NfdController>(); }

}  // namespace cococtl::sim
