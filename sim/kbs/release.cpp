#include "kbs/release.hpp"

#include "kbs/api.hpp"
#include "kbs/evidence.hpp"
#include "kbs/jcs.hpp"
#include "kbs/jwe_open.hpp"
#include "kbs/jwk.hpp"

#include <cococtl/crypto/digest.hpp>
#include <cococtl/crypto/encoding.hpp>
#include <cococtl/crypto/key.hpp>
#include <cococtl/util/strings.hpp>

#include <fmt/format.h>

namespace cococtl::sim::kbs {
namespace {

using nlohmann::json;

// The first registered value of reference value `id` (a list's first element), or null.
json first_reference(const ReferenceValues& values, const std::string& id) {
  const auto value = values.query(id);
  if (!value) return nullptr;
  if (value->is_array()) return value->empty() ? json(nullptr) : value->front();
  return *value;
}

// The digest fitted into a `size`-byte TEE field: truncated, or zero-padded at the end.
std::string fit(std::string digest, std::size_t size) {
  digest.resize(size, '\0');
  return digest;
}

// TDX (deps/verifier/src/tdx): the quote header of a TDX module, MRCONFIGID carrying init-data.
json tdx_claims(const ReferenceValues& rv, const std::optional<std::string>& digest) {
  json body = json::object();
  for (const char* id : {"mr_td", "rtmr_0", "rtmr_1", "rtmr_2", "rtmr_3", "mr_seam", "xfam", "tcb_svn"}) {
    if (const json v = first_reference(rv, id); !v.is_null()) body[id] = v;
  }
  body["mr_config_id"] = util::to_hex(fit(digest.value_or(""), 48));
  json out{
      {"quote",
       {{"header", {{"tee_type", "81000000"}, {"vendor_id", "939a7233f79c4ca9940a0db3957f0607"}}}, {"body", body}}}};
  if (digest) out["init_data"] = util::to_hex(fit(*digest, 48));
  return out;
}

// SEV-SNP (deps/verifier/src/snp): the launch measurement, HOST_DATA carrying init-data.
json snp_claims(const ReferenceValues& rv, const std::optional<std::string>& digest) {
  json out{{"host_data", util::to_hex(fit(digest.value_or(""), 32))}};
  if (const json v = first_reference(rv, "snp_launch_measurement"); !v.is_null()) out["measurement"] = v;
  if (digest) out["init_data"] = util::to_hex(fit(*digest, 32));
  return out;
}

// Azure vTPM peer pods (deps/verifier/src/az_*_vtpm): the vTPM PCRs of the measured pod VM image,
// PCR8 extended with init-data: sha256(32 zero bytes || digest fitted to 32 bytes).
util::Result<json> vtpm_claims(const ReferenceValues& rv, const std::string& prefix,
                               const std::optional<std::string>& digest) {
  json tpm = json::object();
  for (int i = 0; i < 24; ++i) {
    const std::string pcr = fmt::format("pcr{:02}", i);
    if (const json v = first_reference(rv, prefix + pcr); !v.is_null()) tpm[pcr] = v;
  }
  json out = json::object();
  if (digest) {
    COCO_TRY_ASSIGN(const std::string pcr8,
                    crypto::digest(crypto::DigestAlgorithm::sha256, std::string(32, '\0') + fit(*digest, 32)));
    tpm["pcr08"] = util::to_hex(pcr8);
    out["init_data"] = util::to_hex(*digest);
  }
  out["tpm"] = tpm;
  if (prefix == "tdx_")
    out["quote"] = {{"header", {{"tee_type", "81000000"}, {"vendor_id", "939a7233f79c4ca9940a0db3957f0607"}}}};
  return out;
}

// The sample verifier's fixed claims; it echoes the init-data hash as base64.
json sample_claims(const std::optional<std::string>& digest) {
  json out{
      {"svn", "1"}, {"launch_digest", "abcde"}, {"platform_version", {{"major", 1}, {"minor", 4}}}, {"debug", false}};
  if (digest) out["init_data"] = crypto::base64_encode(*digest);
  return out;
}

// "<status> <Variant>: <detail>" of a KBS error response.
std::string describe_error(const ApiResponse& response) {
  const json body = json::parse(response.body, nullptr, false);
  if (!body.is_object()) return fmt::format("{} {}", response.status, response.body);
  const std::string type = body.value("type", "");
  return fmt::format("{} {}: {}", response.status, type.substr(type.rfind('/') + 1), body.value("detail", ""));
}

struct TeeKey {
  crypto::PrivateKey key;
  json jwk;  // the TeePubKey sent in the runtime data
};

util::Result<TeeKey> tee_key() {
  COCO_TRY_ASSIGN(auto key, crypto::PrivateKey::generate(crypto::KeyType::ec_p256));
  COCO_TRY_ASSIGN(json jwk, ec_p256_jwk(key.native()));
  jwk["alg"] = "ECDH-ES+A256KW";  // what the attestation agent asks for by default
  COCO_TRY_ASSIGN(jwk, tee_pubkey_fields(jwk));
  return TeeKey{std::move(key), std::move(jwk)};
}

}  // namespace

util::Result<json> simulated_claims(KbsState& state, const SimulatedTee& tee) {
  std::optional<std::string> digest;
  if (tee.init_data_toml) {
    COCO_TRY_ASSIGN(digest, init_data_digest(*tee.init_data_toml).context("init-data"));
  }
  std::lock_guard lock(state.mutex);
  const ReferenceValues& rv = state.reference_values;
  if (tee.tee == "tdx") return tdx_claims(rv, digest);
  if (tee.tee == "snp") return snp_claims(rv, digest);
  if (tee.tee == "az-snp-vtpm") return vtpm_claims(rv, "snp_", digest);
  if (tee.tee == "az-tdx-vtpm") return vtpm_claims(rv, "tdx_", digest);
  if (tee.tee == "sample") return sample_claims(digest);
  return util::failure("no simulated attester for TEE " + tee.tee);
}

util::Result<std::string> release_to_tee(KbsState& state, const SimulatedTee& tee, const std::string& path) {
  COCO_TRY_ASSIGN(TeeKey key, tee_key());
  COCO_TRY_ASSIGN(const std::string nonce, crypto::random_bytes(32));
  json runtime_data{{"additional-evidence", ""}, {"nonce", crypto::base64_encode(nonce)}, {"tee-pubkey", key.jwk}};
  COCO_TRY_ASSIGN(json claims, simulated_claims(state, tee));
  COCO_TRY_ASSIGN(const std::string report_data,
                  crypto::digest(crypto::DigestAlgorithm::sha384, canonical_json(runtime_data)));
  claims["report_data"] = crypto::base64_encode(report_data);
  std::optional<InitData> init_data;
  if (tee.init_data_toml) init_data = InitData{"toml", *tee.init_data_toml};
  auto token = issue_token(state, tee.tee, std::move(claims), std::move(runtime_data), init_data);
  if (!token.ok()) return util::failure("401 AttestationError: RCAR handshake Attest failed: " + token.error().message);
  const ApiRequest request{"GET", "/kbs/v0/resource/" + path, {}, "", "Bearer " + *token, ""};
  const ApiResponse response = handle_request(state, request);
  if (response.status != 200) return util::failure(describe_error(response));
  return open_jwe(response.body, key.key).context("JWE of " + path);
}

}  // namespace cococtl::sim::kbs
