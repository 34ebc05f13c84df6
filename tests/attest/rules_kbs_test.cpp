// The pass/warn/fail decisions about the KBS: TLS and certificate expiry, the negative probe.
#include <cococtl/install/attest_rules.hpp>

#include <catch2/catch.hpp>

using namespace cococtl;
using namespace cococtl::install::attest;

TEST_CASE("attest kbs-tls: a verified certificate passes, warns under 30 days and fails once expired") {
  const std::string url = "https://kbs.apps.test";
  CHECK(tls_rule(url, "CN=kbs", 365).verdict == Verdict::pass);
  CHECK(tls_rule(url, "CN=kbs", 30).verdict == Verdict::pass);
  const auto soon = tls_rule(url, "CN=kbs", 29);
  CHECK(soon.verdict == Verdict::warn);
  CHECK_THAT(soon.message, Catch::Contains("expires in 29 days"));
  const auto expired = tls_rule(url, "CN=kbs", -2);
  CHECK(expired.verdict == Verdict::fail);
  CHECK_THAT(expired.message, Catch::Contains("expired 2 days ago"));
  CHECK(expired.details["days_left"] == -2);
  CHECK(expired.name == "kbs-tls");
}

TEST_CASE(
    "attest kbs-tls: a TLS error fails - an unreachable KBS fails, or warns for install with the way to check later") {
  const std::string url = "https://kbs.apps.test";
  const util::Error tls{util::ExitCode::failure,
                        "TLS handshake failed for GET https://kbs.apps.test/kbs/v0/auth: SSL certificate problem: "
                        "unable to get local issuer certificate"};
  const util::Error dns{util::ExitCode::failure,
                        "cannot connect for GET https://kbs.apps.test/kbs/v0/auth: Could not resolve host"};
  const auto bad_ca = tls_error_rule(url, tls, true);
  INFO(bad_ca.message);
  CHECK(bad_ca.verdict == Verdict::fail);  // even for install: a wrong CA is never "not ready yet"
  CHECK(bad_ca.details["reachable"] == true);
  const auto unreachable = tls_error_rule(url, dns, false);
  CHECK(unreachable.verdict == Verdict::fail);
  CHECK(unreachable.details["reachable"] == false);
  const auto later = tls_error_rule(url, dns, true);
  CHECK(later.verdict == Verdict::warn);
  CHECK_THAT(later.message, Catch::Contains("cococtl attest check --connect-to kbs.apps.test:443:ADDR:PORT"));
}

TEST_CASE("attest negative-probe: refused passes, released fails without the bytes") {
  const util::Result<std::string> refused =
      util::failure("get resource: the resource policy refused this client (KBS answered HTTP 401 PolicyDeny)");
  const auto pass = probe_rule("default/kbsres1/key1", refused);
  CHECK(pass.verdict == Verdict::pass);
  CHECK_THAT(pass.message, Catch::Contains("PolicyDeny"));
  CHECK(pass.details["released"] == false);
  const util::Result<std::string> released = std::string("top secret bytes");
  const auto fail = probe_rule("default/kbsres1/key1", released);
  CHECK(fail.verdict == Verdict::fail);
  CHECK_THAT(fail.message, Catch::Contains("any non-confidential client can read the secrets"));
  CHECK(fail.details["bytes"] == 16);
  CHECK(fail.message.find("top secret") == std::string::npos);
  CHECK(fail.details.dump().find("top secret") == std::string::npos);
}

TEST_CASE("attest: verdict names are the JSON vocabulary") {
  CHECK(verdict_name(Verdict::pass) == "pass");
  CHECK(verdict_name(Verdict::warn) == "warn");
  CHECK(verdict_name(Verdict::fail) == "fail");
  CHECK(verdict_name(Verdict::skip) == "skip");
  CHECK(skipped("workload", "why").verdict == Verdict::skip);
}
