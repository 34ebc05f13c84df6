#pragma once
// The RCAR messages (Trustee kbs/docs/kbs_attestation_protocol.md, kbs-types): what the client
// sends to /auth and /attest, the challenge it gets back, and the version fallback.

#include <cococtl/crypto/digest.hpp>
#include <cococtl/kbs/attestation.hpp>
#include <cococtl/net/http.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace cococtl::kbs::detail {

inline constexpr std::string_view k_protocol_version = "0.4.0";
inline constexpr std::string_view k_session_cookie = "kbs-session-id";

struct Challenge {
  std::string nonce;
  crypto::DigestAlgorithm hash = crypto::DigestAlgorithm::sha384;
};

// {"version":version,"tee":tee,"extra-params":""} ("" is what every kbs-types version accepts).
nlohmann::json request_body(std::string_view version, std::string_view tee);

// The /auth answer {"nonce","extra-params"}: sha384 unless extra-params names a
// "selected-hash-algorithm". Fails (failure) on a malformed answer.
util::Result<Challenge> parse_challenge(std::string_view body);

// The older protocol a 401 version-mismatch answer asks for ("expect =0.2.0 while ..."), when
// cococtl speaks it (0.2.0, 0.1.1, 0.1.0); nullopt for any other answer.
std::optional<std::string> fallback_version(const net::Response& response);

// The /attest body. 0.4.0: {"init-data"?, "runtime-data":{nonce, tee-pubkey}, "tee-evidence":
// {"primary_evidence", "additional_evidence":""}} bound by runtime_data_digest. Older versions:
// {"tee-pubkey", "tee-evidence"} bound by legacy_runtime_data_digest (0.1.0: evidence as a JSON
// string). Fails when the attester fails.
util::Result<nlohmann::json> attestation_body(std::string_view version, const Challenge& challenge,
                                              const nlohmann::json& tee_pubkey, const Attester& attester,
                                              const std::optional<std::string>& init_data_toml);

// Checks that verified EAR claims carry `nonce` and `tee_pubkey` in some submod's
// annotated-evidence runtime_data_claims, and nowhere different ones. Fails (failure) otherwise.
util::Result<void> check_binding(const nlohmann::json& claims, std::string_view nonce,
                                 const nlohmann::json& tee_pubkey);

}  // namespace cococtl::kbs::detail
