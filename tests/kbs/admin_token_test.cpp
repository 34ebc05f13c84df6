// The admin bearer token: claims, EdDSA signature (checked by the openssl CLI too) and secrecy.
#include "support/shell.hpp"

#include <cococtl/crypto/encoding.hpp>
#include <cococtl/crypto/jwt.hpp>
#include <cococtl/kbs/admin.hpp>
#include <cococtl/util/log.hpp>
#include <cococtl/util/strings.hpp>

using namespace cococtl;
using nlohmann::json;

TEST_CASE("admin token: EdDSA with iat, a 5-minute exp and role admin, nothing a server must be told to expect") {
  const auto key = crypto::PrivateKey::generate(crypto::KeyType::ed25519).value();
  const auto now = std::chrono::system_clock::now();
  const auto iat = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const auto token = kbs::make_admin_token(key, {}, now).value();
  CHECK(crypto::jwt_header(token).value() == json{{"alg", "EdDSA"}, {"typ", "JWT"}});
  const auto claims = crypto::verify_jwt(token, key.public_key()).value();
  CHECK(claims == json{{"iat", iat}, {"exp", iat + 300}, {"role", "admin"}});
  CHECK_FALSE(crypto::verify_jwt(token, crypto::PrivateKey::generate(crypto::KeyType::ed25519).value()).ok());
}

TEST_CASE("admin token: the openssl CLI verifies the raw Ed25519 signature over header.payload") {
  test::ScratchDir dir("kbs-admin-token");
  const auto key = crypto::PrivateKey::generate(crypto::KeyType::ed25519).value();
  const auto token = kbs::make_admin_token(key, {}).value();
  const auto parts = util::split(token, '.');
  REQUIRE(parts.size() == 3);
  dir.write("input", parts[0] + "." + parts[1]);
  dir.write("sig", crypto::base64_decode(parts[2], true).value());
  dir.write("pub.pem", key.public_pem().value());
  const auto out = test::shell("openssl pkeyutl -verify -pubin -inkey " + dir.file("pub.pem") + " -rawin -in " +
                               dir.file("input") + " -sigfile " + dir.file("sig"));
  CHECK(out.rc == 0);
  CHECK_THAT(out.out, Catch::Contains("Signature Verified Successfully"));
}

TEST_CASE("admin token: iss and aud only when configured, custom lifetime") {
  const auto key = crypto::PrivateKey::generate(crypto::KeyType::ed25519).value();
  kbs::AdminTokenOptions options{
      .role = "ops", .issuer = "cococtl", .audience = "KBS", .lifetime = std::chrono::seconds(60)};
  const auto claims = crypto::verify_jwt(kbs::make_admin_token(key, options).value(), key).value();
  CHECK(claims["role"] == "ops");
  CHECK(claims["iss"] == "cococtl");
  CHECK(claims["aud"] == "KBS");
  CHECK(claims["exp"].get<long long>() - claims["iat"].get<long long>() == 60);
}

TEST_CASE("admin token: only Ed25519 keys and a positive lifetime, and the token is a registered secret") {
  const auto ec = crypto::PrivateKey::generate(crypto::KeyType::ec_p256).value();
  const auto wrong = kbs::make_admin_token(ec, {});
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().code == util::ExitCode::invalid_input);
  CHECK_THAT(wrong.error().message, Catch::Contains("Ed25519"));
  const auto key = crypto::PrivateKey::generate(crypto::KeyType::ed25519).value();
  CHECK_FALSE(kbs::make_admin_token(key, {.lifetime = std::chrono::seconds(0)}).ok());
  const auto token = kbs::make_admin_token(key, {}).value();
  CHECK(util::redact("sent " + token).find(token) == std::string::npos);
}

TEST_CASE("reference value message: RVPS sample with a standard (padded) base64 payload") {
  const auto message = kbs::reference_value_message("svn", json::array({"1"}));
  CHECK(message["version"] == "0.1.0");
  CHECK(message["type"] == "sample");
  CHECK(message["payload"] == "eyJzdm4iOlsiMSJdfQ==");  // base64 of {"svn":["1"]}
}
