#include "kbs/resource_policy.hpp"

#include <array>
#include <vector>

#include "kbs/rego.hpp"

namespace cococtl::sim::kbs {
namespace {

using nlohmann::json;

struct KnownPolicy {
  ResourcePolicyKind kind;
  std::string_view rules;  // the rules, written compactly; compared by fingerprint
};

// The policies the simulator recognises, each as its set of rules. Layout, comments, rule order
// and `=` versus `:=` do not matter (rego.hpp normal form).
constexpr std::array k_known{
    KnownPolicy{ResourcePolicyKind::affirming,  // cococtl templates/trustee/files/resource-policy.rego
                "default allow := false\n"
                "allow if { count(input.submods) > 0; every _, submod in input.submods { submod[\"ear.status\"] == "
                "\"affirming\" } }\n"},
    KnownPolicy{ResourcePolicyKind::affirming,  // Trustee kbs/sample_policies/affirming.rego
                "default allow := false\n"
                "allow if { not any_not_affirming; count(input.submods) > 0 }\n"
                "any_not_affirming if { some _, submod in input.submods; submod[\"ear.status\"] != \"affirming\" }\n"},
    KnownPolicy{ResourcePolicyKind::allow_all,  // Trustee kbs/sample_policies/allow_all.rego
                "default allow := false\nplugin := data.plugin\nallow if { plugin == \"resource\" }\n"},
    KnownPolicy{ResourcePolicyKind::allow_all, "default allow := false\nallow if { data.plugin == \"resource\" }\n"},
    KnownPolicy{ResourcePolicyKind::allow_all, "default allow := true\n"},
    KnownPolicy{ResourcePolicyKind::allow_all, "allow := true\n"},
    KnownPolicy{ResourcePolicyKind::deny_all, "default allow := false\n"},  // Trustee deny_all.rego
    KnownPolicy{ResourcePolicyKind::deny_all, "allow := false\n"},
    KnownPolicy{ResourcePolicyKind::deny_all, ""},  // no allow rule: undefined counts as deny
    KnownPolicy{
        ResourcePolicyKind::sample_denied,  // Trustee kbs/sample_policies/default.rego
        "default allow := false\nplugin := data.plugin\n"
        "allow if { plugin == \"resource\"; not input.submods.cpu0[\"ear.veraison.annotated-evidence\"].sample }\n"},
};

// Rego truthiness of a reference: defined and not false.
bool truthy(const json* v) { return v != nullptr && !(v->is_boolean() && !v->get<bool>()); }

const json* at_path(const json& root, std::initializer_list<std::string_view> path) {
  const json* node = &root;
  for (auto key : path) {
    if (!node->is_object()) return nullptr;
    auto it = node->find(std::string(key));
    if (it == node->end()) return nullptr;
    node = &*it;
  }
  return node;
}

bool every_submod_affirming(const json& input) {
  const json* submods = at_path(input, {"submods"});
  if (submods == nullptr || !submods->is_object() || submods->empty()) return false;
  for (const auto& submod : *submods) {
    const json* status = at_path(submod, {"ear.status"});
    if (status == nullptr || *status != "affirming") return false;
  }
  return true;
}

bool is_resource_plugin(const json& data) { return data.value("plugin", "") == "resource"; }

}  // namespace

ResourcePolicy ResourcePolicy::recognise(std::string_view rego) {
  auto module = parse_rego(rego);
  if (!module.ok()) return {ResourcePolicyKind::unrecognised, "the policy does not parse: " + module.error().message};
  if (module->package != "policy") return {ResourcePolicyKind::deny_all, ""};  // no data.policy.allow at all
  const auto rules = fingerprint(*module);
  for (const auto& known : k_known) {
    if (fingerprint(*parse_rego(known.rules)) == rules) return {known.kind, ""};
  }
  return {ResourcePolicyKind::unrecognised,
          "coco-kbs-sim evaluates only the resource policies it recognises by their rules (affirming, "
          "allow-all, deny-all, Trustee's default); this policy is none of them"};
}

ResourcePolicy ResourcePolicy::builtin_default() { return {ResourcePolicyKind::sample_denied, ""}; }

std::string_view ResourcePolicy::name() const {
  switch (m_kind) {
    case ResourcePolicyKind::affirming:
      return "affirming";
    case ResourcePolicyKind::allow_all:
      return "allow-all";
    case ResourcePolicyKind::deny_all:
      return "deny-all";
    case ResourcePolicyKind::sample_denied:
      return "sample-denied";
    case ResourcePolicyKind::unrecognised:
      return "unrecognised";
  }
  return "unrecognised";
}

util::Result<bool> ResourcePolicy::allows(const json& input, const json& data) const {
  switch (m_kind) {
    case ResourcePolicyKind::affirming:
      return every_submod_affirming(input);
    case ResourcePolicyKind::allow_all:
      return is_resource_plugin(data);
    case ResourcePolicyKind::deny_all:
      return false;
    case ResourcePolicyKind::sample_denied:
      return is_resource_plugin(data) &&
             !truthy(at_path(input, {"submods", "cpu0", "ear.veraison.annotated-evidence", "sample"}));
    case ResourcePolicyKind::unrecognised:
      break;
  }
  return util::failure("Failed to load policy: " + m_reason);
}

}  // namespace cococtl::sim::kbs
