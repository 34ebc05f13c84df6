#pragma once
// Rego source split into rules. Debian packages no Rego evaluator (no opa, no regorus), so the
// simulator reads a policy's rules and recognises the policies it knows (resource_policy.hpp,
// attestation_policy.hpp) instead of evaluating arbitrary Rego.

#include <cococtl/util/result.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace cococtl::sim::kbs {

struct RegoToken {
  enum class Kind { identifier, string, number, op, newline };
  Kind kind;
  std::string text;  // strings: the decoded value
};

using RegoTokens = std::vector<RegoToken>;

struct RegoRule {
  RegoTokens head;  // everything before `if` (or the whole rule without a body)
  bool has_body = false;
  std::vector<RegoTokens> body;  // one entry per expression (split at newlines and ';')
  int line = 0;
};

struct RegoModule {
  std::string package;          // "policy"
  std::vector<RegoRule> rules;  // imports are dropped (rego.v1 and future.keywords change no result here)
};

// Tokenises and splits `text` into rules. Fails (invalid_input) naming the line on a lexical
// error, unbalanced brackets, or a construct outside the rule forms above (e.g. `else`).
util::Result<RegoModule> parse_rego(std::string_view text);

// A rule in a normal form that does not depend on layout: tokens joined by single spaces,
// `=` in the head written `:=`, `x["name"]` written `x.name`, body expressions sorted.
std::string normal_form(const RegoRule& rule);

// The normal forms of all rules, sorted: two policies with the same fingerprint have the same rules.
std::vector<std::string> fingerprint(const RegoModule& module);

}  // namespace cococtl::sim::kbs
