// Kyverno generate rules with `cloneList` (kyverno/kyverno v1.17.1, pkg/background/generate):
// the background controller copies the selected objects of the source namespace into the
// target namespace for every existing trigger (generateExisting) and, with `synchronize`, keeps
// the copies equal to their sources and deletes a copy whose source is gone. Copies carry the
// labels of pkg/background/common/constants.go. The rule shape modelled is the one the pattern
// uses: Namespace triggers matched by name, a literal target namespace (or
// {{request.object.metadata.name}}), `kinds` as "v1/ConfigMap" or "ConfigMap", and a
// LabelSelector. Other generate rules are skipped (sim/README.md).
#include "sim/controllers/kyverno_generate.hpp"

#include "sim/api/selectors.hpp"

namespace cococtl::sim {
namespace {

constexpr const char* k_manager = "kyverno-generate";

// Names of the existing Namespaces a rule's `match.any[].resources` selects.
std::vector<json> trigger_namespaces(ControllerContext& ctx, const json& rule) {
  std::vector<json> out;
  for (const auto& filter : find_path(rule, {"match", "any"}) ? rule["match"]["any"] : json::array()) {
    const json resources = filter.value("resources", json::object());
    const auto kinds = resources.value("kinds", json::array());
    if (kinds != json::array({"Namespace"})) continue;
    for (const auto& name : resources.value("names", json::array())) {
      auto ns = ctx.get("v1", "Namespace", "", name.get<std::string>());
      if (ns && string_at(*ns, {"status", "phase"}) == "Active") out.push_back(*ns);
    }
  }
  return out;
}

// "v1/ConfigMap" or "ConfigMap" as {apiVersion, kind}; only the core group is modelled.
std::optional<std::pair<std::string, std::string>> core_kind(const std::string& text) {
  const auto slash = text.find('/');
  if (slash == std::string::npos) return std::pair{std::string("v1"), text};
  if (text.substr(0, slash) != "v1") return std::nullopt;
  return std::pair{std::string("v1"), text.substr(slash + 1)};
}

json copy_of(const json& source, const std::string& target_ns, const json& policy, const std::string& rule,
             const json& trigger) {
  json labels = source["metadata"].value("labels", json::object());
  labels.update(json{{"app.kubernetes.io/managed-by", "kyverno"},
                     {"generate.kyverno.io/policy-name", string_at(policy, {"metadata", "name"})},
                     {"generate.kyverno.io/policy-namespace", ""},
                     {"generate.kyverno.io/rule-name", rule},
                     {"generate.kyverno.io/trigger-group", ""},
                     {"generate.kyverno.io/trigger-kind", "Namespace"},
                     {"generate.kyverno.io/trigger-name", string_at(trigger, {"metadata", "name"})},
                     {"generate.kyverno.io/trigger-namespace", ""},
                     {"generate.kyverno.io/trigger-version", "v1"},
                     {"generate.kyverno.io/source-group", ""},
                     {"generate.kyverno.io/source-kind", source["kind"]},
                     {"generate.kyverno.io/source-name", string_at(source, {"metadata", "name"})},
                     {"generate.kyverno.io/source-namespace", string_at(source, {"metadata", "namespace"})},
                     {"generate.kyverno.io/source-version", "v1"}});
  json copy = source;
  copy["metadata"] = {{"name", source["metadata"]["name"]}, {"namespace", target_ns}, {"labels", labels}};
  if (source["metadata"].contains("annotations")) copy["metadata"]["annotations"] = source["metadata"]["annotations"];
  copy.erase("status");
  return copy;
}

bool same_content(const json& copy, const json& existing) {
  for (const char* field : {"data", "binaryData", "stringData", "type"}) {
    if (copy.value(field, json()) != existing.value(field, json())) return false;
  }
  return copy["metadata"]["labels"] == existing["metadata"].value("labels", json::object());
}

void clone_into(ControllerContext& ctx, const json& policy, const json& rule, const json& trigger) {
  const json& generate = rule["generate"];
  const json& clone_list = generate["cloneList"];
  std::string target = generate.value("namespace", "");
  if (target.find("request.object.metadata.name") != std::string::npos)
    target = string_at(trigger, {"metadata", "name"});
  if (target.empty() || !ctx.get("v1", "Namespace", "", target)) return;
  std::string error;
  const auto selector = LabelSelector::from_object(clone_list.value("selector", json::object()), error);
  if (!selector) return;
  const bool synchronize = generate.value("synchronize", false);
  for (const auto& kind_text : clone_list.value("kinds", json::array())) {
    const auto kind = core_kind(kind_text.get<std::string>());
    if (!kind) continue;
    for (const auto& source : ctx.list(kind->first, kind->second, clone_list.value("namespace", ""))) {
      if (!selector->matches(find_path(source, {"metadata", "labels"}) ? source["metadata"]["labels"] : json()))
        continue;
      const json copy = copy_of(source, target, policy, rule.value("name", ""), trigger);
      const auto existing = ctx.get(kind->first, kind->second, target, string_at(source, {"metadata", "name"}));
      if (!existing || (synchronize && !same_content(copy, *existing))) ctx.apply(copy, k_manager);
    }
  }
}

// With synchronize, a copy whose source is gone (or no longer selected) is deleted.
void remove_orphans(ControllerContext& ctx, const json& policy, const json& rule) {
  if (!rule["generate"].value("synchronize", false)) return;
  for (const auto& copy : ctx.list("v1", "ConfigMap")) {
    const json labels = find_path(copy, {"metadata", "labels"}) ? copy["metadata"]["labels"] : json::object();
    if (labels.value("generate.kyverno.io/policy-name", "") != string_at(policy, {"metadata", "name"})) continue;
    if (labels.value("generate.kyverno.io/rule-name", "") != rule.value("name", "")) continue;
    const auto source = ctx.get("v1", "ConfigMap", labels.value("generate.kyverno.io/source-namespace", ""),
                                labels.value("generate.kyverno.io/source-name", ""));
    if (!source) ctx.remove(copy);
  }
}

}  // namespace

void run_generate_rules(ControllerContext& ctx, const json& policy) {
  if (find_path(policy, {"metadata", "deletionTimestamp"}) != nullptr) return;
  for (const auto& rule : find_path(policy, {"spec", "rules"}) ? policy["spec"]["rules"] : json::array()) {
    if (!find_path(rule, {"generate", "cloneList"})) continue;
    for (const auto& trigger : trigger_namespaces(ctx, rule)) clone_into(ctx, policy, rule, trigger);
    remove_orphans(ctx, policy, rule);
  }
}

}  // namespace cococtl::sim
