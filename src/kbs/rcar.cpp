#include "rcar.hpp"

#include <cococtl/kbs/errors.hpp>
#include <cococtl/kbs/runtime_data.hpp>

#include <spdlog/spdlog.h>

#include <array>

namespace cococtl::kbs::detail {
namespace {

constexpr std::array<std::string_view, 3> k_older_versions = {"0.2.0", "0.1.1", "0.1.0"};

util::Error bad_challenge(std::string_view why) {
  return util::failure("attestation request: the KBS challenge " + std::string(why));
}

// The public-key members of a JWK (what identifies the key; "alg" may be rewritten by servers).
nlohmann::json key_members(const nlohmann::json& jwk) {
  nlohmann::json out = nlohmann::json::object();
  if (!jwk.is_object()) return out;
  for (const char* name : {"kty", "crv", "x", "y", "n", "e"}) {
    if (jwk.contains(name)) out[name] = jwk[name];
  }
  return out;
}

}  // namespace

nlohmann::json request_body(std::string_view version, std::string_view tee) {
  return {{"version", version}, {"tee", tee}, {"extra-params", ""}};
}

util::Result<Challenge> parse_challenge(std::string_view body) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return bad_challenge("is not a JSON object");
  if (!json.contains("nonce") || !json["nonce"].is_string() || json["nonce"].get<std::string>().empty()) {
    return bad_challenge("has no nonce");
  }
  Challenge out{json["nonce"].get<std::string>()};
  const auto& extra = json.value("extra-params", nlohmann::json());
  if (extra.is_object() && extra.contains("selected-hash-algorithm")) {
    const auto& name = extra["selected-hash-algorithm"];
    auto hash = name.is_string() ? crypto::parse_digest_algorithm(name.get<std::string>()) : util::invalid_input("");
    if (!hash.ok()) return bad_challenge("selects a hash algorithm cococtl does not know");
    out.hash = *hash;
  }
  return out;
}

std::optional<std::string> fallback_version(const net::Response& response) {
  const auto body = parse_error_body(response.body);
  if (response.status != 401 || !body || body->detail.find("Version Mismatch") == std::string::npos)
    return std::nullopt;
  const auto expect = body->detail.find("expect ");
  if (expect == std::string::npos) return std::nullopt;
  std::string_view wanted = std::string_view(body->detail).substr(expect + 7);
  wanted = wanted.substr(0, wanted.find(' '));
  while (!wanted.empty() && (wanted.front() == '=' || wanted.front() == '<' || wanted.front() == '^'))
    wanted.remove_prefix(1);
  for (const auto version : k_older_versions) {
    if (wanted == version) return std::string(version);
  }
  return std::nullopt;
}

util::Result<nlohmann::json> attestation_body(std::string_view version, const Challenge& challenge,
                                              const nlohmann::json& tee_pubkey, const Attester& attester,
                                              const std::optional<std::string>& init_data_toml) {
  if (version == k_protocol_version) {
    COCO_TRY_ASSIGN(const auto digest, runtime_data_digest(challenge.nonce, tee_pubkey, "", challenge.hash));
    COCO_TRY_ASSIGN(auto evidence, attester.evidence(digest));
    nlohmann::json body{{"runtime-data", {{"nonce", challenge.nonce}, {"tee-pubkey", tee_pubkey}}},
                        {"tee-evidence", {{"primary_evidence", std::move(evidence)}, {"additional_evidence", ""}}}};
    if (init_data_toml) body["init-data"] = {{"format", "toml"}, {"body", *init_data_toml}};
    return body;
  }
  if (init_data_toml) spdlog::warn("KBS protocol {} has no init-data: it is not sent", version);
  COCO_TRY_ASSIGN(const auto digest, legacy_runtime_data_digest(challenge.nonce, tee_pubkey));
  COCO_TRY_ASSIGN(auto evidence, attester.evidence(digest));
  if (version == "0.1.0") evidence = evidence.dump();
  return nlohmann::json{{"tee-pubkey", tee_pubkey}, {"tee-evidence", std::move(evidence)}};
}

util::Result<void> check_binding(const nlohmann::json& claims, std::string_view nonce,
                                 const nlohmann::json& tee_pubkey) {
  bool found = false;
  const auto submods = claims.value("submods", nlohmann::json::object());
  for (const auto& [name, submod] : submods.items()) {
    const auto path = nlohmann::json::json_pointer("/ear.veraison.annotated-evidence/runtime_data_claims");
    if (!submod.is_object() || !submod.contains(path)) continue;
    const auto& runtime = submod.at(path);
    if (!runtime.is_object() || runtime.value("nonce", nlohmann::json()) != nlohmann::json(std::string(nonce))) {
      return util::failure("attestation token: submod " + name + " was issued for another nonce");
    }
    if (key_members(runtime.value("tee-pubkey", nlohmann::json())) != key_members(tee_pubkey)) {
      return util::failure("attestation token: submod " + name + " binds another TEE public key");
    }
    found = true;
  }
  if (!found) return util::failure("attestation token: no submod carries the runtime data (nonce and TEE key)");
  return {};
}

}  // namespace cococtl::kbs::detail
