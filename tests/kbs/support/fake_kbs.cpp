#include "fake_kbs.hpp"

#include <cococtl/crypto/digest.hpp>
#include <cococtl/crypto/encoding.hpp>
#include <cococtl/crypto/jwt.hpp>
#include <cococtl/util/strings.hpp>

#include <fmt/format.h>

#include <cctype>

namespace cococtl::kbs_test {
namespace {

using nlohmann::json;

json member(const json& object, const char* key) { return object.is_object() ? object.value(key, json()) : json(); }

std::string str(const json& object, const char* key) {
  const auto value = member(object, key);
  return value.is_string() ? value.get<std::string>() : std::string();
}

// The JWK as JCS writes it, spelled out by hand (keys in sorted order) so that the check does
// not share the client's canonicalization code.
std::string hand_jcs_jwk(const json& k) {
  if (str(k, "kty") == "EC") {
    return fmt::format(R"({{"alg":"{}","crv":"{}","kty":"EC","x":"{}","y":"{}"}})", str(k, "alg"), str(k, "crv"),
                       str(k, "x"), str(k, "y"));
  }
  return fmt::format(R"({{"alg":"{}","e":"{}","kty":"RSA","n":"{}"}})", str(k, "alg"), str(k, "e"), str(k, "n"));
}

std::string expected_report_data(const std::string& jcs) {
  return crypto::base64_encode(crypto::digest(crypto::DigestAlgorithm::sha384, jcs).value());
}

// "" when the Attestation binds `nonce` the way `version` says, else what is wrong.
std::string check_attestation(const json& body, const std::string& version, const std::string& nonce,
                              json& tee_pubkey) {
  json evidence;
  std::string jcs;
  if (version == "0.4.0") {
    const auto runtime = member(body, "runtime-data");
    if (str(runtime, "nonce") != nonce) return "runtime-data nonce is not the challenge's";
    tee_pubkey = member(runtime, "tee-pubkey");
    const auto tee_evidence = member(body, "tee-evidence");
    if (member(tee_evidence, "additional_evidence") != json("")) return "additional_evidence is not \"\"";
    evidence = member(tee_evidence, "primary_evidence");
    if (body.contains("init-data") && str(member(body, "init-data"), "format") != "toml")
      return "init-data format is not toml";
    jcs = R"({"additional-evidence":"","nonce":")" + nonce + R"(","tee-pubkey":)" + hand_jcs_jwk(tee_pubkey) + "}";
  } else {
    tee_pubkey = member(body, "tee-pubkey");
    evidence = member(body, "tee-evidence");
    if (version == "0.1.0") {
      if (!evidence.is_string()) return "0.1.0 tee-evidence is not a JSON string";
      evidence = json::parse(evidence.get<std::string>(), nullptr, false);
    }
    jcs = R"({"nonce":")" + nonce + R"(","tee-pubkey":)" + hand_jcs_jwk(tee_pubkey) + "}";
  }
  if (str(evidence, "svn") != "1") return "sample evidence has no svn \"1\"";
  if (str(evidence, "report_data") != expected_report_data(jcs))
    return "report_data does not bind the nonce and TEE key";
  return "";
}

// Trustee decodes policies with URL_SAFE_NO_PAD: padding or the standard alphabet is refused.
std::optional<std::string> strict_base64url(const std::string& text) {
  for (const char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return std::nullopt;
  }
  auto decoded = crypto::base64_decode(text, true);
  return decoded.ok() ? std::optional<std::string>(*decoded) : std::nullopt;
}

std::string admin_claims_problem(const json& claims) {
  if (!member(claims, "iat").is_number() || !member(claims, "exp").is_number()) return "admin token lacks iat or exp";
  const auto lifetime = claims["exp"].get<long long>() - claims["iat"].get<long long>();
  if (lifetime <= 0 || lifetime > 600) return "admin token lifetime is not short";
  if (str(claims, "role") != "admin") return "admin token has no role admin";
  if (claims.contains("aud")) return "admin token has an aud the server was not told to expect";
  return "";
}

}  // namespace

void kbs_error(httplib::Response& res, int status, const std::string& variant, const std::string& detail) {
  res.status = status;
  res.set_content(
      json{{"type", "https://github.com/confidential-containers/kbs/errors/" + variant}, {"detail", detail}}.dump(),
      "application/json");
}

FakeKbs::FakeKbs(Script script, crypto::PublicKey admin_key, const std::string& cert_file, const std::string& key_file)
    : m_script(std::move(script)), m_admin_key(std::move(admin_key)) {
  m_server = std::make_unique<test::TestServer>([this](httplib::Server& s) { routes(s); },
                                                test::ServerTls{cert_file, key_file, {}});
}

FakeKbs::~FakeKbs() { m_server.reset(); }

Seen FakeKbs::seen() const {
  std::lock_guard lock(m_mutex);
  return m_seen;
}

std::string FakeKbs::nonce() const {
  std::lock_guard lock(m_mutex);
  return m_nonce;
}

void FakeKbs::problem(const std::string& what) { m_seen.problems.push_back(what); }

void FakeKbs::routes(httplib::Server& s) {
  const auto bind = [this](void (FakeKbs::*handler)(const httplib::Request&, httplib::Response&)) {
    return [this, handler](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(m_mutex);
      m_seen.calls.push_back(req.method + " " + req.path.substr(std::string("/kbs/v0/").size()));
      (this->*handler)(req, res);
    };
  };
  s.Post("/kbs/v0/auth", bind(&FakeKbs::auth));
  s.Post("/kbs/v0/attest", bind(&FakeKbs::attest));
  s.Get(R"(/kbs/v0/resource/([^/]+/[^/]+/[^/]+))", bind(&FakeKbs::resource_get));
  s.Post(R"(/kbs/v0/resource/([^/]+/[^/]+/[^/]+))", bind(&FakeKbs::admin));
  s.Delete(R"(/kbs/v0/resource/([^/]+/[^/]+/[^/]+))", bind(&FakeKbs::admin));
  s.Post("/kbs/v0/attestation-policy", bind(&FakeKbs::admin));
  s.Post("/kbs/v0/resource-policy", bind(&FakeKbs::admin));
  s.Post("/kbs/v0/reference-value", bind(&FakeKbs::admin));
  s.Get(R"(/kbs/v0/reference-value/([^/]+))", bind(&FakeKbs::admin));
}

void FakeKbs::auth(const httplib::Request& req, httplib::Response& res) {
  const auto body = json::parse(req.body, nullptr, false);
  m_seen.auth_bodies.push_back(body);
  const auto version = str(body, "version");
  if (str(body, "tee").empty() || !body.contains("extra-params")) {
    problem("auth body lacks tee or extra-params");
    return kbs_error(res, 401, "AttestationError", "Attestation error: RCAR handshake Auth failed");
  }
  if (version != m_script.version) {
    return kbs_error(res, 401, "AttestationError",
                     fmt::format("Attestation error: RCAR handshake Auth failed: KBS Client Protocol Version Mismatch: "
                                 "expect ={} while the request is {}",
                                 m_script.version, version));
  }
  m_cookie = util::to_hex(crypto::random_bytes(16).value());  // a uuid v4 in "simple" form has 32 hex digits
  m_nonce = crypto::base64_encode(crypto::random_bytes(32).value());
  m_attested = false;
  if (m_script.set_cookie)
    res.set_header("Set-Cookie", "kbs-session-id=" + m_cookie + "; Expires=Fri, 01 Jan 2100 00:00:00 GMT");
  res.set_content(json{{"nonce", m_nonce}, {"extra-params", ""}}.dump(), "application/json");
}

void FakeKbs::attest(const httplib::Request& req, httplib::Response& res) {
  const auto cookie = req.get_header_value("Cookie");
  m_seen.cookies.push_back(cookie);
  m_seen.attest_body = json::parse(req.body, nullptr, false);
  if (m_cookie.empty() || cookie != "kbs-session-id=" + m_cookie) {
    problem("attest without the session cookie");
    return kbs_error(res, 401, "AttestationError", "Attestation error: RCAR handshake Attest failed");
  }
  json tee_pubkey;
  const auto why = check_attestation(m_seen.attest_body, m_script.version, m_nonce, tee_pubkey);
  if (!why.empty()) {
    problem(why);
    return kbs_error(res, 401, "AttestationError", "Attestation error: RCAR handshake Attest failed");
  }
  m_tee_pubkey = tee_pubkey;
  m_attested = true;
  const auto claims = ear_claims(m_script.token_for_other_nonce ? "another-nonce" : m_nonce, tee_pubkey, m_script.ear);
  const auto token = mint_ear(claims, m_script.untrusted_signer ? untrusted_signer() : trusted_signer(), m_script.ear);
  res.set_header("Set-Cookie", "kbs-session-id=" + m_cookie + "; Expires=Fri, 01 Jan 2100 00:00:00 GMT");
  res.set_content(json{{"token", token}}.dump(), "application/json");
}

void FakeKbs::resource_get(const httplib::Request& req, httplib::Response& res) {
  const auto cookie = req.get_header_value("Cookie");
  m_seen.cookies.push_back(cookie);
  if (!m_attested || cookie != "kbs-session-id=" + m_cookie)
    return kbs_error(res, 401, "TokenNotFound", "Attestation Token not found");
  if (!m_script.release) return kbs_error(res, 401, "PolicyDeny", "Access denied by policy");
  const auto it = m_script.resources.find(req.matches[1]);
  if (it == m_script.resources.end()) return kbs_error(res, 401, "PluginInternalError", "Plugin internal error");
  res.set_content(encrypt_jwe(it->second, m_tee_pubkey, m_script.jwe), "application/json");
}

bool FakeKbs::admin_ok(const httplib::Request& req, httplib::Response& res) {
  const auto header = req.get_header_value("Authorization");
  const std::string token = header.rfind("Bearer ", 0) == 0 ? header.substr(7) : std::string();
  m_seen.admin_tokens.push_back(token);
  auto claims = crypto::verify_jwt(token, m_admin_key);
  const auto why = claims.ok() ? admin_claims_problem(*claims) : claims.error().message;
  if (!why.empty()) {
    problem(why);
    kbs_error(res, 401, "AdminAuthAccess", "Admin auth error: Admin access denied");
    return false;
  }
  m_seen.admin_claims.push_back(*claims);
  return true;
}

void FakeKbs::admin(const httplib::Request& req, httplib::Response& res) {
  if (!admin_ok(req, res)) return;
  const std::string path = req.path.substr(std::string("/kbs/v0/").size());
  const auto body = json::parse(req.body, nullptr, false);
  if (path.rfind("resource/", 0) == 0) {
    if (req.method == "DELETE") {
      m_seen.stored.erase(req.matches[1]);
    } else {
      if (req.get_header_value("Content-Type") != "application/octet-stream")
        problem("resource body is not octet-stream");
      m_seen.stored[req.matches[1]] = req.body;
    }
    return;
  }
  if (path == "attestation-policy" || path == "resource-policy") {
    const auto rego = strict_base64url(str(body, "policy"));
    if (!rego || (path == "attestation-policy" && str(body, "type") != "rego")) {
      problem(path + " body is not as Trustee decodes it");
      return kbs_error(res, 401, "PolicyEngineError", "Policy engine error");
    }
    (path == "resource-policy" ? m_seen.resource_policy : m_seen.attestation_policy) = *rego;
    if (path == "attestation-policy") m_seen.attestation_policy_id = str(body, "policy_id");
    return;
  }
  if (req.method == "GET") {
    const auto it = m_seen.reference_values.find(req.matches[1]);
    if (it == m_seen.reference_values.end())
      return kbs_error(res, 401, "RvpsError", "RVPS error: reference value not found");
    return res.set_content(it->second.dump(), "application/json");
  }
  const auto payload = crypto::base64_decode(str(body, "payload"));
  const auto values = payload.ok() ? json::parse(*payload, nullptr, false) : json();
  if (str(body, "version") != "0.1.0" || str(body, "type") != "sample" || !values.is_object()) {
    problem("reference-value body is not an RVPS sample message");
    return kbs_error(res, 401, "RvpsError", "RVPS error: bad message");
  }
  for (const auto& [name, value] : values.items()) m_seen.reference_values[name] = value;
}

}  // namespace cococtl::kbs_test
