// JWK export checked against the openssl CLI's view of the same key; import round trips,
// published keys, and refusal of malformed or off-curve keys.
#include "support/shell.hpp"

#include <cococtl/crypto/digest.hpp>
#include <cococtl/crypto/encoding.hpp>
#include <cococtl/crypto/jwk.hpp>

#include <cctype>
#include <functional>

using namespace cococtl::crypto;
using cococtl::test::ScratchDir;
using cococtl::test::shell;
using nlohmann::json;

namespace {

// The hex bytes openssl prints under `label` in `openssl pkey -pubin -text -noout` output.
std::string openssl_field(const std::string& text, const std::string& label) {
  auto pos = text.find(label);
  REQUIRE(pos != std::string::npos);
  std::string hex;
  for (pos = text.find('\n', pos) + 1; pos < text.size() && text[pos] == ' '; pos = text.find('\n', pos) + 1) {
    const auto line = text.substr(pos, text.find('\n', pos) - pos);
    for (const char c : line) {
      if (std::isxdigit(static_cast<unsigned char>(c))) hex += c;
    }
  }
  return from_hex(hex).value();
}

std::string openssl_text(const ScratchDir& dir, const PrivateKey& key) {
  const auto pem = dir.write("pub.pem", key.public_pem().value());
  const auto out = shell("openssl pkey -pubin -in " + pem + " -text -noout");
  REQUIRE(out.rc == 0);
  return out.out;
}

std::string b64u(const json& jwk, const char* name) {
  return base64_decode(jwk[name].get<std::string>(), true).value();
}

}  // namespace

TEST_CASE("EC JWK coordinates are the point openssl shows, padded to the field size") {
  ScratchDir dir("jwk-ec");
  for (const auto type : {KeyType::ec_p256, KeyType::ec_p384}) {
    const auto key = PrivateKey::generate(type).value();
    const auto jwk = public_key_to_jwk(key.public_key()).value();
    const std::size_t size = type == KeyType::ec_p256 ? 32 : 48;
    CHECK(jwk["kty"] == "EC");
    CHECK(jwk["crv"] == (type == KeyType::ec_p256 ? "P-256" : "P-384"));
    CHECK(jwk.size() == 4);  // kty, crv, x, y: nothing private
    CHECK('\x04' + b64u(jwk, "x") + b64u(jwk, "y") == openssl_field(openssl_text(dir, key), "pub:"));
    CHECK(b64u(jwk, "x").size() == size);
    CHECK(public_key_from_jwk(jwk).value() == key.public_key());
  }
}

TEST_CASE("RSA JWK n and e are openssl's modulus and exponent without leading zeros") {
  ScratchDir dir("jwk-rsa");
  const auto key = PrivateKey::generate(KeyType::rsa2048).value();
  const auto jwk = public_key_to_jwk(key.public_key()).value();
  CHECK(jwk["kty"] == "RSA");
  CHECK(jwk["e"] == "AQAB");  // 65537
  std::string modulus = openssl_field(openssl_text(dir, key), "Modulus:");
  modulus.erase(0, modulus.find_first_not_of('\0'));
  CHECK(b64u(jwk, "n") == modulus);
  CHECK(b64u(jwk, "n").size() == 256);
  CHECK(public_key_from_jwk(jwk).value() == key.public_key());
}

TEST_CASE("Ed25519 JWK: RFC 8037 A.2's public key round-trips") {
  const json rfc = {{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}};
  const auto key = public_key_from_jwk(rfc).value();
  CHECK(key.type() == KeyType::ed25519);
  CHECK(public_key_to_jwk(key).value() == rfc);
}

TEST_CASE("JWK import ignores extra members and refuses malformed keys, naming the problem") {
  auto jwk = public_key_to_jwk(PrivateKey::generate(KeyType::ec_p256).value().public_key()).value();
  jwk["alg"] = "ECDH-ES+A256KW";
  jwk["kid"] = "k1";
  CHECK(public_key_from_jwk(jwk).ok());

  auto off_curve = jwk;
  std::string y = b64u(jwk, "y");
  y[31] = static_cast<char>(y[31] ^ 0x01);
  off_curve["y"] = base64_encode(y, true);
  CHECK_THAT(public_key_from_jwk(off_curve).error().message, Catch::Contains("not a valid EC public key"));

  const auto message = [&](const std::function<void(json&)>& change) {
    auto bad = jwk;
    change(bad);
    auto r = public_key_from_jwk(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == cococtl::util::ExitCode::invalid_input);
    return r.error().message;
  };
  CHECK_THAT(message([](json& j) { j.erase("x"); }), Catch::Contains("\"x\""));
  CHECK_THAT(message([](json& j) { j["y"] = "!!"; }), Catch::Contains("\"y\" is not base64url"));
  CHECK_THAT(message([](json& j) { j["x"] = "AAAA"; }), Catch::Contains("32 bytes"));
  CHECK_THAT(message([](json& j) { j["crv"] = "P-521"; }), Catch::Contains("unsupported JWK curve"));
  CHECK_THAT(message([](json& j) { j["crv"] = 7; }), Catch::Contains("unsupported JWK curve"));
  CHECK_THAT(message([](json& j) { j["kty"] = "oct"; }), Catch::Contains("unsupported JWK kty"));
  CHECK_THAT(message([](json& j) { j = json::array(); }), Catch::Contains("kty"));
}
