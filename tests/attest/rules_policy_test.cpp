// The policy posture: security-policy flavour, cosign keys, the resource policy.
#include <cococtl/install/attest_rules.hpp>
#include <cococtl/kbs/policies.hpp>

#include <catch2/catch.hpp>

using namespace cococtl;
using namespace cococtl::install::attest;

TEST_CASE("attest policy: allow-all forms are permissive, affirming and deny-all are not") {
  CHECK(is_permissive_resource_policy(kbs::allow_all_resource_policy()));
  CHECK(is_permissive_resource_policy("package policy\ndefault allow := true\n"));
  CHECK(is_permissive_resource_policy("package policy\nallow = true  # everything\n"));
  CHECK(is_permissive_resource_policy("package policy\nallow {\n  data.plugin == \"resource\"\n}\n"));
  CHECK_FALSE(is_permissive_resource_policy(kbs::affirming_resource_policy()));
  CHECK_FALSE(is_permissive_resource_policy(kbs::deny_all_resource_policy()));
  CHECK_FALSE(is_permissive_resource_policy("package policy\n# allow := true would be bad\ndefault allow := false\n"));
}

TEST_CASE("attest policy: signed with cosign keys and an affirming policy passes") {
  const auto r = policy_rule({"signed", true, std::string(kbs::affirming_resource_policy()), "cluster", false});
  CHECK(r.verdict == Verdict::pass);
  CHECK(r.details["flavour"] == "signed");
  CHECK(r.details["resource_policy_source"] == "cluster");
}

TEST_CASE("attest policy: insecure flavour, allow-all or a policy that differs from the render warn loudly") {
  const std::string affirming(kbs::affirming_resource_policy());
  const auto insecure = policy_rule({"insecure", false, affirming, "render", false});
  CHECK(insecure.verdict == Verdict::warn);
  CHECK_THAT(insecure.message, Catch::Contains("WARNING") && Catch::Contains("unsuitable for production"));
  const auto allow_all = policy_rule({"reject", false, std::string(kbs::allow_all_resource_policy()), "cluster", true});
  CHECK(allow_all.verdict == Verdict::warn);
  CHECK_THAT(allow_all.message, Catch::Contains("allow-all") && Catch::Contains("differs"));
  CHECK(allow_all.details["resource_policy_permissive"] == true);
}

TEST_CASE("attest policy: signed without cosign keys fails, whatever else warns") {
  const auto r = policy_rule({"signed", false, std::string(kbs::allow_all_resource_policy()), "render", false});
  CHECK(r.verdict == Verdict::fail);
  CHECK_THAT(r.message, Catch::Contains("no cosign keys") && Catch::Contains("allow-all"));
}
