#pragma once
// The attestation service policy (default_cpu) that turns verified claims into the EAR
// trustworthiness vector (`data.policy.trust_claims`). The simulator evaluates the rule forms of
// cococtl's templates/trustee/files/default-cpu.rego:
//   default NAME := INT
//   NAME := INT if { CONDITION... }
//   trust_claims := {"claim": NAME or INT, ...}
// with conditions `REF`, `REF in query_reference_value("id")` and `REF <op> VALUE` (op one of
// == != >= <= > <, VALUE a literal or query_reference_value("id")), REF being input.a["b"]...
// A policy with any other rule (extensions, functions, iteration) is refused: attestation then
// fails as it does on a KBS whose policy does not evaluate.

#include <cococtl/util/result.hpp>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace cococtl::sim::kbs {

// Looks up an RVPS reference value by id; null when there is none (as Trustee's extension does).
using ReferenceLookup = std::function<nlohmann::json(const std::string& id)>;

class AttestationPolicy {
 public:
  // Reads `rego`. Fails (invalid_input) naming the line of the first rule outside the forms above.
  static util::Result<AttestationPolicy> parse(std::string_view rego);

  // data.policy.trust_claims for the flattened claims `input`: an object claim -> int, or null
  // when the policy defines no value. Fails (failure) when two rules give one claim different
  // values (Rego's conflict error) or trust_claims names an undefined rule.
  util::Result<nlohmann::json> trust_claims(const nlohmann::json& input, const ReferenceLookup& reference) const;

  struct Operand {
    bool is_reference_value = false;  // query_reference_value(text)
    std::string reference_id;
    nlohmann::json literal;
  };
  struct Condition {
    std::vector<std::string> path;  // below input
    std::string op;                 // "" (truthy), "in", "==", ...
    Operand right;
  };
  struct Rule {
    nlohmann::json value;
    std::vector<Condition> conditions;
  };
  struct TrustClaim {
    std::string claim;  // "executables"
    std::string rule;   // the rule giving its value, or "" for a literal
    nlohmann::json literal;
  };

 private:
  std::map<std::string, nlohmann::json> m_defaults;
  std::map<std::string, std::vector<Rule>> m_rules;
  std::vector<TrustClaim> m_trust_claims;
  bool m_has_trust_claims = false;
};

}  // namespace cococtl::sim::kbs
