// The policy posture: which container images the guest accepts (the security-policy flavour)
// and to whom the KBS releases resources (the resource policy).
#include <cococtl/install/attest_rules.hpp>
#include <cococtl/kbs/policies.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace cococtl::install::attest {
namespace {

// `rego` without comments and whitespace: layout does not change what a policy allows.
std::string squeezed(std::string_view rego) {
  std::string out;
  bool comment = false;
  for (const char c : rego) {
    if (c == '\n') comment = false;
    if (c == '#') comment = true;
    if (!comment && !std::isspace(static_cast<unsigned char>(c))) out += c;
  }
  return out;
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

}  // namespace

bool is_permissive_resource_policy(std::string_view rego) {
  const auto text = squeezed(rego);
  if (text == squeezed(kbs::allow_all_resource_policy())) return true;
  constexpr std::array k_allow_all_forms{
      "allow:=true",
      "allow=true",
      "allowif{data.plugin==\"resource\"}",
      "allow{data.plugin==\"resource\"}",
      "allowif{data[\"plugin\"]==\"resource\"}",
      "allow{data[\"plugin\"]==\"resource\"}",
  };
  return std::any_of(k_allow_all_forms.begin(), k_allow_all_forms.end(),
                     [&](const char* form) { return contains(text, form); });
}

CheckResult policy_rule(const PolicyPosture& posture) {
  CheckResult out{"policy", Verdict::pass, "", {}};
  std::vector<std::string> findings;
  const auto raise = [&](Verdict verdict, std::string finding) {
    if (verdict == Verdict::fail || out.verdict == Verdict::pass) out.verdict = verdict;
    findings.push_back(std::move(finding));
  };
  const bool permissive = is_permissive_resource_policy(posture.resource_policy);
  const std::string where = posture.resource_policy_source == "cluster" ? "cluster's" : "rendered";
  if (posture.flavour == "signed" && !posture.cosign_keys) {
    raise(Verdict::fail,
          "security-policy flavour 'signed' but no cosign keys (add a cosign-keys entry to the "
          "values-secret file): no signed image can run");
  }
  if (posture.flavour == "insecure") {
    raise(Verdict::warn,
          "WARNING: security-policy flavour 'insecure' accepts any container image; the pattern's "
          "docs call it unsuitable for production (set global.coco.securityPolicyFlavour: signed)");
  }
  if (permissive) {
    raise(Verdict::warn, fmt::format("WARNING: the {} resource policy releases resources to every client (allow-all), "
                                     "unsuitable for production (use 'cococtl kbs set-resource-policy --affirming')",
                                     where));
  }
  if (posture.differs_from_render) {
    raise(Verdict::warn, "the cluster's resource policy differs from the one cococtl renders");
  }
  out.message = findings.empty() ? fmt::format(
                                       "security-policy flavour '{}', the {} resource policy is not "
                                       "allow-all",
                                       posture.flavour, where)
                                 : fmt::format("{}", fmt::join(findings, "; "));
  out.details = {{"flavour", posture.flavour},
                 {"cosign_keys", posture.cosign_keys},
                 {"resource_policy_source", posture.resource_policy_source},
                 {"resource_policy_permissive", permissive},
                 {"resource_policy_differs_from_render", posture.differs_from_render}};
  return out;
}

}  // namespace cococtl::install::attest
