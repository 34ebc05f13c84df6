// The checks that talk to the KBS: its TLS certificate, and the negative probe as Trustee's
// non-TEE sample attester.
#include "checks.hpp"

#include <cococtl/crypto/certificate.hpp>
#include <cococtl/kbs/attestation.hpp>
#include <cococtl/net/http.hpp>
#include <cococtl/util/log.hpp>

#include <fmt/format.h>

namespace cococtl::install::attest::detail {
namespace {

// One GET on a fresh connection (so the handshake, and the chain it saw, is this request's).
util::Result<net::Response> handshake(const kbs::Endpoint& endpoint) {
  COCO_TRY_ASSIGN(const auto base, kbs::normalize_url(endpoint.url));
  net::HttpClient http(net::TlsConfig{.ca_pem = endpoint.ca_pem});
  return http.send({.url = base + "/kbs/v0/auth",
                    .timeout = endpoint.timeout,
                    .connect_to = endpoint.connect_to,
                    .capture_peer_certificates = true});
}

}  // namespace

CheckResult check_kbs_tls(const kbs::Endpoint& endpoint, bool unreachable_is_warning) {
  auto response = handshake(endpoint);
  if (!response) return tls_error_rule(endpoint.url, response.error(), unreachable_is_warning);
  if (response->peer_certificates.empty()) {
    return {"kbs-tls",
            Verdict::warn,
            "TLS verified, but the TLS library did not report the certificate's expiry",
            {{"url", endpoint.url}, {"reachable", true}}};
  }
  auto leaf = crypto::Certificate::from_pem(response->peer_certificates.front());
  if (!leaf) return {"kbs-tls", Verdict::warn, "TLS verified, but the served certificate does not parse", {}};
  return tls_rule(endpoint.url, leaf->subject(), leaf->days_until_expiry());
}

CheckResult check_negative_probe(const kbs::Endpoint& endpoint, const std::string& token_ca_pem,
                                 const std::string& resource) {
  if (resource.empty()) return skipped("negative-probe", "the render has no KBS resource to ask for");
  if (token_ca_pem.empty()) return skipped("negative-probe", "no token-signing CA (run 'cococtl secrets generate')");
  auto path = kbs::parse_resource_path(resource);
  auto trust = crypto::Certificate::chain_from_pem(token_ca_pem);
  if (!path || !trust) return {"negative-probe", Verdict::fail, "unusable resource path or token-signing CA", {}};
  kbs::AttestOptions options{.token_trust = *trust};
  auto client = kbs::AttestationClient::create(endpoint, std::make_shared<kbs::SampleAttester>(), options);
  if (!client) return {"negative-probe", Verdict::fail, util::redact(client.error().message), {}};
  auto attested = (*client)->attest();
  // A KBS answer refusing the sample attester is the expected outcome; anything else (no
  // answer, a token that does not verify) means the probe proved nothing.
  const bool refused = !attested && attested.error().message.find("KBS answered") != std::string::npos;
  if (!attested && !refused) {
    return {"negative-probe",
            Verdict::fail,
            fmt::format("the probe could not complete: {}", util::redact(attested.error().message)),
            {}};
  }
  if (!attested) return probe_rule(resource, std::move(attested).error().context("attestation refused"));
  auto released = (*client)->get_resource(*path);
  return probe_rule(resource, released);
}

}  // namespace cococtl::install::attest::detail
