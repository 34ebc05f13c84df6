// The attestation client: one KBS session (cookie + TEE key) at a time.
#include "rcar.hpp"
#include "transport.hpp"

#include <cococtl/crypto/encoding.hpp>
#include <cococtl/kbs/attestation.hpp>
#include <cococtl/kbs/ear.hpp>
#include <cococtl/kbs/errors.hpp>
#include <cococtl/kbs/jwe.hpp>
#include <cococtl/util/log.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace cococtl::kbs {

util::Result<nlohmann::json> SampleAttester::evidence(std::string_view report_data) const {
  return nlohmann::json{{"svn", "1"}, {"report_data", crypto::base64_encode(report_data)}};
}

class AttestationClient::Impl {
 public:
  Impl(std::unique_ptr<detail::Transport> transport, std::shared_ptr<const Attester> attester, AttestOptions options)
      : m_transport(std::move(transport)), m_attester(std::move(attester)), m_options(std::move(options)) {}

  util::Result<Attestation> attest() {
    m_key.reset();
    m_cookie.clear();
    COCO_TRY_ASSIGN(auto key, generate_tee_key(m_options.key_type));
    std::string version(detail::k_protocol_version);
    COCO_TRY_ASSIGN(const auto challenge, request_challenge(version));
    COCO_TRY_ASSIGN(const auto body,
                    detail::attestation_body(version, challenge, key.jwk, *m_attester, m_options.init_data_toml));
    COCO_TRY_ASSIGN(const auto response, post("attest", body, "attestation (POST /kbs/v0/attest)"));
    COCO_TRY_ASSIGN(const auto token, token_of(response));
    COCO_TRY_ASSIGN(auto claims, verify_ear(token, m_options.token_trust));
    COCO_TRY(detail::check_binding(claims, challenge.nonce, key.jwk));
    m_key = std::move(key);
    m_version = version;
    auto statuses = ear_statuses(claims);
    return Attestation{version, m_attester->tee(), std::move(claims), std::move(statuses)};
  }

  util::Result<std::string> get_resource(const ResourcePath& path) {
    if (!m_key) COCO_TRY(attest());
    const std::string what = "get resource " + path.str();
    if (m_version.starts_with("0.1.")) {
      return util::failure(fmt::format(
          "{}: this KBS speaks protocol {}, whose pre-RFC 7516 JWE cococtl does not decode", what, m_version));
    }
    COCO_TRY_ASSIGN(const auto response, send("GET", "resource/" + path.str(), {}, what));
    auto plain = decrypt_jwe(response.body, m_key->key);
    if (!plain.ok()) return detail::server_fault(std::move(plain).error().context(what));
    return std::move(*plain);
  }

 private:
  // POST /auth, once more with an older version when the KBS asks for one it names.
  util::Result<detail::Challenge> request_challenge(std::string& version) {
    const std::string what = "attestation request (POST /kbs/v0/auth)";
    const auto post_auth = [&] {
      return m_transport->send("POST", "auth", detail::request_body(version, m_attester->tee()).dump(),
                               {{"Content-Type", "application/json"}});
    };
    COCO_TRY_ASSIGN(auto response, post_auth());
    if (const auto older = detail::fallback_version(response)) {
      spdlog::info("the KBS does not speak protocol {}; retrying with {}", version, *older);
      version = *older;
      COCO_TRY_ASSIGN(response, post_auth());
    }
    if (!detail::succeeded(response)) return response_error(response, what, false);
    COCO_TRY(remember_cookie(response, true));
    return detail::parse_challenge(response.body);
  }

  util::Result<void> remember_cookie(const net::Response& response, bool required) {
    auto cookie = detail::cookie_from(response, detail::k_session_cookie);
    if (cookie.empty()) {
      if (required) return util::failure("attestation request: the KBS set no kbs-session-id cookie");
      return {};
    }
    util::register_secret(cookie);  // the session grants resources while it lasts
    m_cookie = std::move(cookie);
    return {};
  }

  util::Result<net::Response> post(const std::string& path, const nlohmann::json& body, const std::string& what) {
    return send("POST", path, body.dump(), what);
  }

  // A request in the session; non-2xx answers become response_error().
  util::Result<net::Response> send(const std::string& method, const std::string& path, std::string body,
                                   const std::string& what) {
    detail::Headers headers{{"Cookie", fmt::format("{}={}", detail::k_session_cookie, m_cookie)}};
    if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
    COCO_TRY_ASSIGN(auto response, m_transport->send(method, path, std::move(body), std::move(headers)).context(what));
    if (!detail::succeeded(response)) return response_error(response, what, false);
    COCO_TRY(remember_cookie(response, false));
    return response;
  }

  static util::Result<std::string> token_of(const net::Response& response) {
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (json.is_discarded() || !json.is_object() || !json.contains("token") || !json["token"].is_string()) {
      return util::failure("attestation: the KBS answer has no \"token\"");
    }
    auto token = json["token"].get<std::string>();
    util::register_secret(token);  // a bearer credential for resources
    return token;
  }

  std::unique_ptr<detail::Transport> m_transport;
  std::shared_ptr<const Attester> m_attester;
  AttestOptions m_options;
  std::optional<TeeKey> m_key;  // set once attested
  std::string m_cookie;
  std::string m_version;
};

AttestationClient::AttestationClient(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
AttestationClient::~AttestationClient() = default;

util::Result<std::unique_ptr<AttestationClient>> AttestationClient::create(const Endpoint& endpoint,
                                                                           std::shared_ptr<const Attester> attester,
                                                                           AttestOptions options) {
  if (!attester) return util::invalid_input("no attester");
  if (options.token_trust.empty()) return util::invalid_input("no token-signing CA to verify attestation tokens with");
  COCO_TRY_ASSIGN(auto transport, detail::Transport::create(endpoint));
  auto impl = std::make_unique<Impl>(std::move(transport), std::move(attester), std::move(options));
  return std::unique_ptr<AttestationClient>(new AttestationClient(std::move(impl)));
}

util::Result<Attestation> AttestationClient::attest() { return m_impl->attest(); }

util::Result<std::string> AttestationClient::get_resource(const ResourcePath& path) {
  return m_impl->get_resource(path);
}

}  // namespace cococtl::kbs
