// The decisions about the KBS itself: its TLS certificate and what it releases to a client
// that is not in a TEE.
#include <cococtl/install/attest_rules.hpp>
#include <cococtl/net/http.hpp>
#include <cococtl/util/log.hpp>

#include <fmt/format.h>

namespace cococtl::install::attest {
namespace {

constexpr long k_expiry_warning_days = 30;

CheckResult result(std::string name, Verdict verdict, std::string message, nlohmann::json details = {}) {
  if (details.is_null()) details = nlohmann::json::object();
  return {std::move(name), verdict, std::move(message), std::move(details)};
}

// The host and port of an https URL, for the --connect-to hint.
std::string host_port(const std::string& url) {
  std::string rest = url.substr(url.find("://") == std::string::npos ? 0 : url.find("://") + 3);
  rest = rest.substr(0, rest.find('/'));
  return rest.find(':') == std::string::npos ? rest + ":443" : rest;
}

}  // namespace

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::pass:
      return "pass";
    case Verdict::warn:
      return "warn";
    case Verdict::fail:
      return "fail";
    case Verdict::skip:
      return "skip";
  }
  return "skip";
}

CheckResult skipped(std::string name, std::string reason) {
  return result(std::move(name), Verdict::skip, std::move(reason));
}

CheckResult tls_rule(const std::string& url, const std::string& subject, long days_left) {
  nlohmann::json details{{"url", url}, {"reachable", true}, {"subject", subject}, {"days_left", days_left}};
  if (days_left < 0) {
    return result("kbs-tls", Verdict::fail,
                  fmt::format("the KBS certificate ({}) expired {} days ago: renew it with 'cococtl secrets generate "
                              "--rotate kbs-tls' and install again",
                              subject, -days_left),
                  details);
  }
  const auto verdict = days_left < k_expiry_warning_days ? Verdict::warn : Verdict::pass;
  return result("kbs-tls", verdict,
                fmt::format("TLS verified for {} ({}), certificate expires in {} days{}", url, subject, days_left,
                            verdict == Verdict::warn ? ": renew it soon" : ""),
                details);
}

CheckResult tls_error_rule(const std::string& url, const util::Error& error, bool unreachable_is_warning) {
  const auto kind = net::transport_error_of(error);
  const auto why = util::redact(error.message);
  if (kind == net::TransportError::tls) {
    return result("kbs-tls", Verdict::fail,
                  fmt::format("TLS verification failed for {}: {} (is the KBS certificate issued by the expected CA "
                              "(--kbs-ca) and for this host name?)",
                              url, why),
                  {{"url", url}, {"reachable", true}});
  }
  const auto verdict = unreachable_is_warning ? Verdict::warn : Verdict::fail;
  return result("kbs-tls", verdict,
                fmt::format("KBS {} not reachable: {}; once it is (or through another address), run 'cococtl attest "
                            "check --connect-to {}:ADDR:PORT'",
                            url, why, host_port(url)),
                {{"url", url}, {"reachable", false}});
}

CheckResult probe_rule(const std::string& path, const util::Result<std::string>& released) {
  nlohmann::json details{{"resource", path}, {"released", released.ok()}};
  if (!released.ok()) {
    return result("negative-probe", Verdict::pass,
                  fmt::format("the KBS refused {} to the non-TEE sample attester: {}", path,
                              util::redact(released.error().message)),
                  details);
  }
  details["bytes"] = released->size();
  return result("negative-probe", Verdict::fail,
                fmt::format("the KBS released {} ({} bytes) to the non-TEE sample attester: any non-confidential "
                            "client can read the secrets (set the affirming resource policy)",
                            path, released->size()),
                details);
}

}  // namespace cococtl::install::attest
