#include "kbs/attestation_policy.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "kbs/rego.hpp"

namespace cococtl::sim::kbs {
namespace {

using nlohmann::json;
using Kind = RegoToken::Kind;
using Operand = AttestationPolicy::Operand;
using Condition = AttestationPolicy::Condition;

// A cursor over one rule's tokens; every reader returns false when the form does not match.
class Cursor {
 public:
  explicit Cursor(const RegoTokens& tokens) : m_tokens(tokens) {}
  bool done() const { return m_pos == m_tokens.size(); }
  bool op(std::string_view o) { return take(Kind::op, o); }
  bool word(std::string_view w) { return take(Kind::identifier, w); }
  bool identifier(std::string& out) { return take_kind(Kind::identifier, out); }
  bool string(std::string& out) { return take_kind(Kind::string, out); }

  bool literal(json& out) {
    std::string text;
    if (string(text)) {
      out = text;
      return true;
    }
    const bool negative = op("-");
    if (take_kind(Kind::number, text)) {
      out = json::parse((negative ? "-" : "") + text, nullptr, false);
      return !out.is_discarded() && out.is_number();
    }
    if (negative) return false;
    for (std::string_view w : {"true", "false", "null"}) {
      if (word(w)) {
        out = json::parse(w);
        return true;
      }
    }
    return false;
  }

  bool operand(Operand& out) {
    if (word("query_reference_value")) {
      out.is_reference_value = true;
      return op("(") && string(out.reference_id) && op(")");
    }
    return literal(out.literal);
  }

  bool input_path(std::vector<std::string>& path) {
    if (!word("input")) return false;
    for (;;) {
      std::string key;
      if (op(".")) {
        if (!identifier(key)) return false;
      } else if (op("[")) {
        if (!string(key) || !op("]")) return false;
      } else {
        return true;
      }
      path.push_back(key);
    }
  }

  bool comparison(std::string& out) {
    for (std::string_view o : {"==", "!=", ">=", "<=", ">", "<"}) {
      if (op(o)) {
        out = o;
        return true;
      }
    }
    if (word("in")) {
      out = "in";
      return true;
    }
    return false;
  }

 private:
  bool take(Kind kind, std::string_view text) {
    if (done() || m_tokens[m_pos].kind != kind || m_tokens[m_pos].text != text) return false;
    ++m_pos;
    return true;
  }
  bool take_kind(Kind kind, std::string& out) {
    if (done() || m_tokens[m_pos].kind != kind) return false;
    out = m_tokens[m_pos++].text;
    return true;
  }
  const RegoTokens& m_tokens;
  std::size_t m_pos = 0;
};

bool parse_condition(const RegoTokens& tokens, Condition& out) {
  Cursor c(tokens);
  if (!c.input_path(out.path)) return false;
  if (c.done()) return true;
  if (!c.comparison(out.op)) return false;
  if (out.op == "in") {
    out.right.is_reference_value = true;
    return c.word("query_reference_value") && c.op("(") && c.string(out.right.reference_id) && c.op(")") && c.done();
  }
  return c.operand(out.right) && c.done();
}

bool parse_trust_claims(Cursor& c, std::vector<AttestationPolicy::TrustClaim>& out) {
  if (!c.op("{")) return false;
  while (!c.op("}")) {
    AttestationPolicy::TrustClaim entry;
    if (!c.string(entry.claim) || !c.op(":")) return false;
    if (!c.identifier(entry.rule) && !c.literal(entry.literal)) return false;
    out.push_back(std::move(entry));
    if (c.op(",")) continue;
    return c.op("}") && c.done();
  }
  return c.done();
}

const json* lookup(const json& input, const std::vector<std::string>& path) {
  const json* node = &input;
  for (const auto& key : path) {
    if (!node->is_object()) return nullptr;
    auto it = node->find(key);
    if (it == node->end()) return nullptr;
    node = &*it;
  }
  return node;
}

bool compare(const json& left, const std::string& op, const json& right) {
  if (op == "==") return left == right;
  if (op == "!=") return left != right;
  const bool comparable = (left.is_number() && right.is_number()) || (left.is_string() && right.is_string());
  if (!comparable) return false;  // Rego orders values of different types, never true for these rules
  if (op == ">=") return left >= right;
  if (op == "<=") return left <= right;
  if (op == ">") return left > right;
  return left < right;
}

bool holds(const Condition& cond, const json& input, const ReferenceLookup& reference) {
  const json* left = lookup(input, cond.path);
  if (left == nullptr) return false;  // undefined: the body fails
  if (cond.op.empty()) return !(left->is_boolean() && !left->get<bool>());
  const json right = cond.right.is_reference_value ? reference(cond.right.reference_id) : cond.right.literal;
  if (cond.op == "in") {
    if (!right.is_array() && !right.is_object()) return false;
    for (const auto& element : right) {
      if (element == *left) return true;
    }
    return false;
  }
  return compare(*left, cond.op, right);
}

}  // namespace

util::Result<AttestationPolicy> AttestationPolicy::parse(std::string_view rego) {
  COCO_TRY_ASSIGN(const RegoModule module, parse_rego(rego));
  if (module.package != "policy") return util::invalid_input("the package is \"" + module.package + "\", not policy");
  AttestationPolicy policy;
  for (const auto& rule : module.rules) {
    Cursor c(rule.head);
    std::string name;
    json value;
    const auto unsupported = util::invalid_input(
        fmt::format("line {}: \"{}\" is not a rule form coco-kbs-sim evaluates (see sim/kbs/README.md)", rule.line,
                    normal_form(rule)));
    const bool is_default = c.word("default");
    if (!c.identifier(name) || !(c.op(":=") || c.op("="))) return unsupported;
    if (name == "trust_claims" && !is_default && !rule.has_body) {
      if (!parse_trust_claims(c, policy.m_trust_claims)) return unsupported;
      policy.m_has_trust_claims = true;
      continue;
    }
    if (!c.literal(value) || !c.done() || (is_default && rule.has_body)) return unsupported;
    if (is_default) {
      policy.m_defaults[name] = value;
      continue;
    }
    Rule parsed{value, {}};
    for (const auto& expr : rule.body) {
      Condition cond;
      if (!parse_condition(expr, cond)) return unsupported;
      parsed.conditions.push_back(std::move(cond));
    }
    policy.m_rules[name].push_back(std::move(parsed));
  }
  return policy;
}

util::Result<json> AttestationPolicy::trust_claims(const json& input, const ReferenceLookup& reference) const {
  if (!m_has_trust_claims) return json(nullptr);
  json out = json::object();
  for (const auto& [claim, rule_name, literal] : m_trust_claims) {
    if (rule_name.empty()) {
      out[claim] = literal;
      continue;
    }
    std::optional<json> value;
    auto it = m_rules.find(rule_name);
    for (const Rule& rule : it == m_rules.end() ? std::vector<Rule>{} : it->second) {
      const bool all = std::all_of(rule.conditions.begin(), rule.conditions.end(),
                                   [&](const Condition& c) { return holds(c, input, reference); });
      if (!all) continue;
      if (value && *value != rule.value) {
        return util::failure("eval_conflict_error: complete rule " + rule_name + " produced multiple outputs");
      }
      value = rule.value;
    }
    if (!value && m_defaults.contains(rule_name)) value = m_defaults.at(rule_name);
    if (!value) return json(nullptr);  // an undefined member makes the whole object undefined
    out[claim] = *value;
  }
  return out;
}

}  // namespace cococtl::sim::kbs
