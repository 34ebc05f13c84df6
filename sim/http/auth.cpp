#include "sim/http/auth.hpp"

#include "sim/api/api_error.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace cococtl::sim {
namespace {

bool has(const json& list, const std::string& value) {
  if (!list.is_array()) return false;
  return std::any_of(list.begin(), list.end(), [&](const json& v) { return v.is_string() && (v == value || v == "*"); });
}

bool subject_matches(const json& subject, const Identity& who) {
  const std::string kind = subject.value("kind", "");
  const std::string name = subject.value("name", "");
  if (kind == "User") return name == who.user;
  if (kind == "Group") return std::find(who.groups.begin(), who.groups.end(), name) != who.groups.end();
  if (kind == "ServiceAccount") {
    return who.user == fmt::format("system:serviceaccount:{}:{}", subject.value("namespace", ""), name);
  }
  return false;
}

bool binding_matches(const json& binding, const Identity& who) {
  const json subjects = binding.value("subjects", json::array());
  return std::any_of(subjects.begin(), subjects.end(), [&](const json& s) { return subject_matches(s, who); });
}

bool resource_matches(const json& rule, const RequestAttributes& what) {
  const json resources = rule.value("resources", json::array());
  const std::string full = what.subresource.empty() ? what.resource : what.resource + "/" + what.subresource;
  for (const auto& r : resources) {
    if (!r.is_string()) continue;
    const std::string s = r.get<std::string>();
    if (s == "*" || s == full || (!what.subresource.empty() && s == "*/" + what.subresource)) return true;
  }
  return false;
}

bool rule_allows(const json& rule, const RequestAttributes& what) {
  if (!has(rule.value("verbs", json::array()), what.verb)) return false;
  if (!what.resource_request) {
    const json urls = rule.value("nonResourceURLs", json::array());
    return std::any_of(urls.begin(), urls.end(), [&](const json& u) {
      const std::string p = u.get<std::string>();
      return p == "*" || p == what.path || (p.ends_with("*") && what.path.rfind(p.substr(0, p.size() - 1), 0) == 0);
    });
  }
  if (!has(rule.value("apiGroups", json::array()), what.group) || !resource_matches(rule, what)) return false;
  const json names = rule.value("resourceNames", json::array());
  return names.empty() || has(names, what.name);
}

}  // namespace

void TokenAuthenticator::add(const std::string& token, Identity identity) {
  identity.authenticated = true;
  m_tokens[token] = std::move(identity);
}

Identity TokenAuthenticator::authenticate(const std::string& token) const {
  const auto it = m_tokens.find(token);
  return it == m_tokens.end() ? Identity{} : it->second;
}

std::vector<json> Authorizer::applicable_rules(const Identity& who, const std::string& ns) const {
  std::vector<json> rules;
  auto add_role_rules = [&](const json& ref, const std::string& role_ns) {
    const bool cluster_role = ref.value("kind", "") == "ClusterRole";
    const auto role = m_store.get(cluster_role ? "rbac.authorization.k8s.io/clusterroles"
                                               : "rbac.authorization.k8s.io/roles",
                                  cluster_role ? "" : role_ns, ref.value("name", ""));
    if (!role) return;
    for (const auto& rule : role->value("rules", json::array())) rules.push_back(rule);
  };
  for (const auto& binding : m_store.list("rbac.authorization.k8s.io/clusterrolebindings")) {
    if (binding_matches(binding, who)) add_role_rules(binding.value("roleRef", json::object()), "");
  }
  if (!ns.empty()) {
    for (const auto& binding : m_store.list("rbac.authorization.k8s.io/rolebindings", ns)) {
      if (binding_matches(binding, who)) add_role_rules(binding.value("roleRef", json::object()), ns);
    }
  }
  return rules;
}

bool Authorizer::allowed(const Identity& who, const RequestAttributes& what) const {
  if (!who.authenticated) return false;
  if (std::find(who.groups.begin(), who.groups.end(), "system:masters") != who.groups.end()) return true;
  const auto rules = applicable_rules(who, what.ns);
  return std::any_of(rules.begin(), rules.end(), [&](const json& rule) { return rule_allows(rule, what); });
}

json Authorizer::rules(const Identity& who, const std::string& ns) const {
  json resource_rules = json::array();
  json non_resource_rules = json::array();
  std::vector<json> rules = applicable_rules(who, ns);
  if (std::find(who.groups.begin(), who.groups.end(), "system:masters") != who.groups.end()) {
    rules.push_back({{"verbs", {"*"}}, {"apiGroups", {"*"}}, {"resources", {"*"}}});
    rules.push_back({{"verbs", {"*"}}, {"nonResourceURLs", {"*"}}});
  }
  for (const auto& rule : rules) {
    if (rule.contains("nonResourceURLs")) {
      non_resource_rules.push_back({{"verbs", rule.value("verbs", json::array())},
                                    {"nonResourceURLs", rule["nonResourceURLs"]}});
      continue;
    }
    json r = {{"verbs", rule.value("verbs", json::array())}, {"apiGroups", rule.value("apiGroups", json::array())},
              {"resources", rule.value("resources", json::array())}};
    if (rule.contains("resourceNames")) r["resourceNames"] = rule["resourceNames"];
    resource_rules.push_back(std::move(r));
  }
  return {{"resourceRules", resource_rules}, {"nonResourceRules", non_resource_rules}, {"incomplete", false}};
}

std::string forbidden_message(const Identity& who, const RequestAttributes& what) {
  if (!what.resource_request) {
    return fmt::format("forbidden: User \"{}\" cannot {} path \"{}\"", who.user, what.verb, what.path);
  }
  const std::string resource = what.subresource.empty() ? what.resource : what.resource + "/" + what.subresource;
  const std::string qualified = qualified_resource(what.group, what.resource);
  const std::string subject = what.name.empty() ? qualified : fmt::format("{} \"{}\"", qualified, what.name);
  std::string message = fmt::format("{} is forbidden: User \"{}\" cannot {} resource \"{}\" in API group \"{}\"",
                                    subject, who.user, what.verb, resource, what.group);
  message += what.ns.empty() ? " at the cluster scope" : fmt::format(" in the namespace \"{}\"", what.ns);
  return message;
}

}  // namespace cococtl::sim
