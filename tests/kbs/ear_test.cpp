// EAR token verification: a good token and each reason to refuse one.
#include "test_tokens.hpp"

#include <cococtl/crypto/encoding.hpp>
#include <cococtl/crypto/jwt.hpp>
#include <cococtl/kbs/ear.hpp>
#include <cococtl/util/strings.hpp>

#include <catch2/catch.hpp>

using namespace cococtl;
using namespace cococtl::kbs_test;
using nlohmann::json;

namespace {

const json k_key = {{"kty", "EC"}, {"crv", "P-256"}, {"x", "x"}, {"y", "y"}};

std::vector<crypto::Certificate> trust() { return {trusted_signer().ca}; }

std::string refusal(const std::string& token, const std::vector<crypto::Certificate>& trusted = trust()) {
  auto r = kbs::verify_ear(token, trusted);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == util::ExitCode::failure);
  CHECK_THAT(r.error().message, Catch::StartsWith("attestation token: "));
  return r.error().message;
}

}  // namespace

TEST_CASE("EAR: a token signed by the trusted signer verifies and reports each submod's status") {
  const auto claims = ear_claims("n1", k_key, {.status = "contraindicated"});
  const auto verified = kbs::verify_ear(mint_ear(claims, trusted_signer()), trust()).value();
  CHECK(verified == claims);
  CHECK(kbs::ear_statuses(verified) == std::map<std::string, std::string>{{"cpu0", "contraindicated"}});
  // x5c at the header's top level (RFC 7515) is accepted too.
  const EarOptions top{.x5c_in_jwk = false};
  CHECK(kbs::verify_ear(mint_ear(claims, trusted_signer(), top), trust()).ok());
}

TEST_CASE("EAR: expired, wrong CA, foreign jwk and altered tokens are refused saying why") {
  const auto claims = ear_claims("n1", k_key);
  CHECK_THAT(refusal(mint_ear(ear_claims("n1", k_key, {.exp_offset = -3600}), trusted_signer())),
             Catch::Contains("expired"));
  CHECK_THAT(refusal(mint_ear(claims, untrusted_signer())), Catch::Contains("certificate chain does not verify"));
  CHECK_THAT(refusal(mint_ear(claims, trusted_signer()), {untrusted_signer().ca}), Catch::Contains("does not verify"));
  CHECK_THAT(refusal(mint_ear(claims, trusted_signer(), {.foreign_jwk = true})),
             Catch::Contains("header jwk is not the signing certificate's key"));
  auto parts = util::split(mint_ear(claims, trusted_signer()), '.');
  auto changed = claims;
  changed["submods"]["cpu0"]["ear.status"] = "warning";
  parts[1] = crypto::base64_encode(changed.dump(), true);
  CHECK_THAT(refusal(util::join(parts, ".")), Catch::Contains("signature does not verify"));
}

TEST_CASE("EAR: only ES256 with an x5c chain and an exp") {
  const auto& signer = trusted_signer();
  auto no_exp = ear_claims("n1", k_key);
  no_exp.erase("exp");
  CHECK_THAT(refusal(mint_ear(no_exp, signer)), Catch::Contains("no \"exp\""));
  CHECK_THAT(refusal(crypto::sign_jwt({{"alg", "ES256"}}, ear_claims("n1", k_key), signer.key).value()),
             Catch::Contains("no x5c"));
  const auto ed = crypto::PrivateKey::generate(crypto::KeyType::ed25519).value();
  CHECK_THAT(refusal(crypto::sign_jwt({}, ear_claims("n1", k_key), ed).value()), Catch::Contains("not ES256"));
  CHECK_THAT(refusal("not.a.jwt.at.all"), Catch::Contains("malformed"));
  CHECK(kbs::verify_ear(mint_ear(no_exp, signer), {}).error().code == util::ExitCode::invalid_input);
}
