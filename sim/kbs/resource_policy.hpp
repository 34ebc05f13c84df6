#pragma once
// The KBS resource policy (`data.policy.allow`), recognised by its rules. Without a packaged Rego
// evaluator the simulator knows these policies and evaluates their meaning on the real input:
//   affirming   - cococtl's resource-policy.rego, Trustee's sample affirming.rego: every submod of
//                 the attestation token is "affirming" (and there is at least one);
//   allow-all   - plugin == "resource" (Trustee's allow_all.rego), or allow := true;
//   deny-all    - only `default allow := false` (Trustee's deny_all.rego), or no allow rule;
//   sample-denied - Trustee's default.rego, installed when no policy is configured: plugin ==
//                 "resource" and the token is not from the sample TEE.
// Any other policy is kept (as the KBS stores it) but every evaluation fails with
// PolicyEngineError, like a KBS whose policy does not load.

#include <cococtl/util/result.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace cococtl::sim::kbs {

enum class ResourcePolicyKind { affirming, allow_all, deny_all, sample_denied, unrecognised };

class ResourcePolicy {
 public:
  // Recognises `rego`. Never fails: an unrecognised or unparsable policy gets kind unrecognised
  // and the reason is kept for the evaluation error.
  static ResourcePolicy recognise(std::string_view rego);
  // Trustee's built-in default (sample-denied), used when no policy is configured.
  static ResourcePolicy builtin_default();

  ResourcePolicyKind kind() const { return m_kind; }
  // "affirming", "allow-all", "deny-all", "sample-denied" or "unrecognised".
  std::string_view name() const;
  // data.policy.allow for token claims `input` and request `data` ({plugin, resource-path, query}).
  // Fails (failure) for an unrecognised policy, with a message saying what the simulator knows.
  util::Result<bool> allows(const nlohmann::json& input, const nlohmann::json& data) const;

 private:
  ResourcePolicy(ResourcePolicyKind kind, std::string reason) : m_kind(kind), m_reason(std::move(reason)) {}
  ResourcePolicyKind m_kind;
  std::string m_reason;
};

}  // namespace cococtl::sim::kbs
