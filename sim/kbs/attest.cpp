// The RCAR handshake (kbs/src/attestation/backend.rs): POST /auth answers a Challenge and opens a
// session (cookie kbs-session-id), POST /attest checks the Attestation against it and returns the
// attestation token.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <array>
#include <cococtl/crypto/digest.hpp>
#include <cococtl/crypto/encoding.hpp>
#include <cococtl/util/strings.hpp>
#include <ctime>
#include <regex>

#include "kbs/api.hpp"
#include "kbs/evidence.hpp"

namespace cococtl::sim::kbs {
namespace {

using nlohmann::json;
using Clock = std::chrono::system_clock;

// Tee names as kbs_types serialises them; the pre-v0.16 Azure spellings are accepted too.
std::optional<std::string> tee_name(const json& value) {
  static constexpr std::array<std::string_view, 14> k_tees{"az-snp-vtpm", "az-tdx-vtpm", "nvidia", "sev",         "sgx",
                                                           "snp",         "tdx",         "cca",    "csv",         "se",
                                                           "hygondcu",    "tpm",         "sample", "sampledevice"};
  if (!value.is_string()) return std::nullopt;
  std::string name = value.get<std::string>();
  if (name == "azsnpvtpm") name = "az-snp-vtpm";
  if (name == "aztdxvtpm") name = "az-tdx-vtpm";
  if (std::find(k_tees.begin(), k_tees.end(), name) == k_tees.end()) return std::nullopt;
  return name;
}

struct Semver {
  long major, minor, patch;
  bool prerelease;
};

std::optional<Semver> parse_semver(const std::string& text) {
  static const std::regex k_semver(
      R"(^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$)");
  std::smatch m;
  if (!std::regex_match(text, m, k_semver)) return std::nullopt;
  return Semver{std::stol(m[1]), std::stol(m[2]), std::stol(m[3]), m[4].matched};
}

// VersionReq "=X": the same major.minor.patch and no pre-release.
bool version_matches(const Semver& want, const Semver& got) {
  return want.major == got.major && want.minor == got.minor && want.patch == got.patch && !got.prerelease;
}

bool legacy_protocol(const KbsState& state) {
  const auto v = parse_semver(state.protocol_version);
  return v && v->major == 0 && v->minor < 4;
}

std::string http_date(Clock::time_point when) {
  const std::time_t t = Clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

std::string set_cookie(const std::string& id, Clock::time_point expires) {
  return "kbs-session-id=" + id + "; Expires=" + http_date(expires);
}

// A UUID v4 in its simple (32 hex digits) form.
util::Result<std::string> new_session_id() {
  COCO_TRY_ASSIGN(std::string bytes, crypto::random_bytes(16));
  bytes[6] = static_cast<char>((bytes[6] & 0x0F) | 0x40);
  bytes[8] = static_cast<char>((bytes[8] & 0x3F) | 0x80);
  return util::to_hex(bytes);
}

std::optional<std::string> cookie_value(const std::string& header, std::string_view name) {
  for (const auto& part : util::split(header, ';')) {
    const std::string_view item = util::trim(part);
    if (item.size() > name.size() && item.substr(0, name.size()) == name && item[name.size()] == '=') {
      return std::string(item.substr(name.size() + 1));
    }
  }
  return std::nullopt;
}

util::Result<json> auth_challenge(KbsState& state, const std::string& body, std::string& cookie) {
  const json request = json::parse(body, nullptr, false);
  const bool shaped = !request.is_discarded() && request.is_object() && request.value("version", json()).is_string() &&
                      request.contains("extra-params");
  const auto tee = shaped ? tee_name(request["tee"]) : std::nullopt;
  if (!tee) return util::failure("deserialize Request");
  const std::string version = request["version"].get<std::string>();
  const auto got = parse_semver(version);
  if (!got) return util::failure("failed to parse KBS version");
  if (!version_matches(*parse_semver(state.protocol_version), *got)) {
    return util::failure(fmt::format("KBS Client Protocol Version Mismatch: expect ={} while the request is {}",
                                     state.protocol_version, version));
  }
  if (*tee == "se") return util::failure("Attestation Service generate challenge failed");  // no SE verifier here
  COCO_TRY_ASSIGN(const std::string nonce, crypto::random_bytes(32));
  COCO_TRY_ASSIGN(const std::string id, new_session_id());
  const auto expires = Clock::now() + std::chrono::minutes(state.settings.session_timeout_min);
  Session session{*tee, crypto::base64_encode(nonce), "", expires};
  cookie = set_cookie(id, expires);
  std::lock_guard lock(state.mutex);
  std::erase_if(state.sessions, [](const auto& entry) { return entry.second.expires < Clock::now(); });
  state.sessions[id] = session;
  return json{{"nonce", session.nonce}, {"extra-params", ""}};
}

struct Attestation {
  json tee_pubkey;
  json evidence;
  std::string additional_evidence;
  std::string nonce;  // 0.4.0 only
  std::optional<InitData> init_data;
};

util::Result<Attestation> parse_attestation(const std::string& body, bool legacy) {
  const json doc = json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return util::failure("deserialize Attestation");
  Attestation out;
  if (legacy) {  // protocol <= 0.2.0: {"tee-pubkey", "tee-evidence"}; 0.1.x sent the evidence as JSON text
    if (!doc.contains("tee-pubkey") || !doc.contains("tee-evidence")) return util::failure("deserialize Attestation");
    COCO_TRY_ASSIGN(out.tee_pubkey, tee_pubkey_fields(doc["tee-pubkey"]));
    out.evidence = doc["tee-evidence"];
    if (out.evidence.is_string()) out.evidence = json::parse(out.evidence.get<std::string>(), nullptr, false);
    return out;
  }
  const json runtime = doc.value("runtime-data", json());
  const json evidence = doc.value("tee-evidence", json());
  if (!runtime.is_object() || !runtime.value("nonce", json()).is_string() || !evidence.is_object() ||
      !evidence.contains("primary_evidence") || !evidence.value("additional_evidence", json("")).is_string()) {
    return util::failure("deserialize Attestation");
  }
  COCO_TRY_ASSIGN(out.tee_pubkey,
                  tee_pubkey_fields(runtime.value("tee-pubkey", json())).context("deserialize Attestation"));
  out.nonce = runtime["nonce"].get<std::string>();
  out.evidence = evidence["primary_evidence"];
  out.additional_evidence = evidence.value("additional_evidence", "");
  const json init = doc.value("init-data", json());
  if (init.is_object() && init.value("format", json()).is_string() && init.value("body", json()).is_string()) {
    out.init_data = InitData{init["format"].get<std::string>(), init["body"].get<std::string>()};
  } else if (!init.is_null()) {
    return util::failure("deserialize Attestation");
  }
  return out;
}

// The token for a valid Attestation on session `id`; a session attested before gets its token again.
util::Result<std::string> attest(KbsState& state, const std::string& id, const std::string& body) {
  COCO_TRY_ASSIGN(const Attestation attestation, parse_attestation(body, legacy_protocol(state)));
  Session session;
  {
    std::lock_guard lock(state.mutex);
    auto it = state.sessions.find(id);
    if (it == state.sessions.end()) return util::failure("session not found");
    if (it->second.expires < Clock::now()) {
      state.sessions.erase(it);
      return util::failure("session expired.");
    }
    session = it->second;
  }
  if (!session.token.empty()) return session.token;
  json runtime_data{{"tee-pubkey", attestation.tee_pubkey}, {"nonce", session.nonce}};
  if (!legacy_protocol(state)) {
    if (attestation.nonce != session.nonce) {
      return util::failure("the nonce in the handshake session is different from the client side");
    }
    runtime_data["additional-evidence"] = attestation.additional_evidence;
  }
  if (!attestation.additional_evidence.empty()) {
    return util::failure("coco-kbs-sim verifies no additional (device) evidence");
  }
  COCO_TRY_ASSIGN(json claims, verify_evidence(session.tee, attestation.evidence, runtime_data, attestation.init_data)
                                   .context("verify TEE evidence failed"));
  COCO_TRY_ASSIGN(std::string token,
                  issue_token(state, session.tee, std::move(claims), std::move(runtime_data), attestation.init_data)
                      .context("verify TEE evidence failed"));
  std::lock_guard lock(state.mutex);
  auto it = state.sessions.find(id);
  if (it != state.sessions.end()) it->second.token = token;
  return token;
}

}  // namespace

ApiResponse handle_auth(KbsState& state, const ApiRequest& request) {
  std::string cookie;
  auto challenge = auth_challenge(state, request.body, cookie);
  if (!challenge.ok()) {
    spdlog::info("RCAR auth failed: {}", challenge.error().message);
    return ApiResponse::error(rcar_auth_failed(challenge.error().message));
  }
  // Field order as kbs_types serialises Challenge: nonce, extra-params.
  ApiResponse response =
      ApiResponse::json("{\"nonce\":" + json((*challenge)["nonce"]).dump() + ",\"extra-params\":\"\"}");
  response.set_cookie = cookie;
  return response;
}

ApiResponse handle_attest(KbsState& state, const ApiRequest& request) {
  const auto id = cookie_value(request.cookie, "kbs-session-id");
  auto token = id ? attest(state, *id, request.body) : util::Result<std::string>(util::failure("cookie not found"));
  if (!token.ok()) {
    spdlog::info("RCAR attest failed: {}", token.error().message);
    return ApiResponse::error(rcar_attest_failed());
  }
  ApiResponse response = ApiResponse::json(json{{"token", *token}}.dump());
  std::lock_guard lock(state.mutex);
  response.set_cookie = set_cookie(*id, state.sessions.count(*id) ? state.sessions[*id].expires : Clock::now());
  return response;
}

std::optional<std::string> session_token(KbsState& state, const std::string& cookie_header) {
  const auto id = cookie_value(cookie_header, "kbs-session-id");
  if (!id) return std::nullopt;
  std::lock_guard lock(state.mutex);
  auto it = state.sessions.find(*id);
  if (it == state.sessions.end() || it->second.expires < Clock::now() || it->second.token.empty()) return std::nullopt;
  return it->second.token;
}

}  // namespace cococtl::sim::kbs
