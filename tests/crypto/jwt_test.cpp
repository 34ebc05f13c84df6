#include "support/shell.hpp"

#include <cococtl/crypto/encoding.hpp>
#include <cococtl/crypto/jwt.hpp>
#include <cococtl/util/strings.hpp>

#include <chrono>

using namespace cococtl::crypto;
using cococtl::test::ScratchDir;
using cococtl::test::shell;
using nlohmann::json;

namespace {
long long now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}
std::vector<std::string> parts(const std::string& token) { return cococtl::util::split(token, '.'); }
}  // namespace

TEST_CASE("sign_jwt and verify_jwt round-trip for every key type with the right alg") {
  for (const auto type : {KeyType::ed25519, KeyType::ec_p256, KeyType::ec_p384, KeyType::rsa2048}) {
    INFO(key_type_name(type));
    auto key = PrivateKey::generate(type).value();
    const json claims = {{"role", "admin"}, {"exp", now_seconds() + 300}};
    const std::string token = sign_jwt(json::object(), claims, key).value();
    const auto header = jwt_header(token).value();
    CHECK(header["alg"] == std::string(jws_algorithm(type)));
    CHECK(header["typ"] == "JWT");
    CHECK(verify_jwt(token, key).value() == claims);
    CHECK(verify_jwt(token, key.public_pem().value()).value() == claims);
    auto other = PrivateKey::generate(type).value();
    CHECK_FALSE(verify_jwt(token, other).ok());
  }
}

TEST_CASE("ES256 signatures are raw r||s (64 bytes) and openssl verifies them after DER conversion") {
  ScratchDir dir("jwt-es256");
  auto key = PrivateKey::generate(KeyType::ec_p256).value();
  const std::string token = sign_jwt({{"alg", "ES256"}}, {{"sub", "x"}}, key).value();
  const auto p = parts(token);
  REQUIRE(p.size() == 3);
  const std::string sig = base64_decode(p[2], true).value();
  REQUIRE(sig.size() == 64);
  // Build the DER ECDSA-Sig-Value by hand (SEQUENCE of two INTEGERs) and let openssl check it.
  const auto integer = [](std::string v) {
    v.erase(0, std::min(v.find_first_not_of('\0'), v.size() - 1));
    if (static_cast<unsigned char>(v[0]) & 0x80) v.insert(0, 1, '\0');
    return std::string{'\x02', static_cast<char>(v.size())} + v;
  };
  const std::string body = integer(sig.substr(0, 32)) + integer(sig.substr(32));
  const std::string der = std::string{'\x30', static_cast<char>(body.size())} + body;
  dir.write("sig.der", der);
  dir.write("input", p[0] + "." + p[1]);
  dir.write("pub.pem", key.public_pem().value());
  const auto out = shell("openssl dgst -sha256 -verify " + dir.file("pub.pem") + " -signature " + dir.file("sig.der") +
                         " " + dir.file("input"));
  CHECK(out.rc == 0);
  CHECK(out.out.find("Verified OK") != std::string::npos);
}

TEST_CASE("EdDSA JWTs verify with openssl pkeyutl -rawin, as the KBS admin token flow uses") {
  ScratchDir dir("jwt-eddsa");
  auto key = PrivateKey::generate(KeyType::ed25519).value();
  const std::string token = sign_jwt({}, {{"role", "admin"}}, key).value();
  const auto p = parts(token);
  dir.write("input", p[0] + "." + p[1]);
  dir.write("sig", base64_decode(p[2], true).value());
  dir.write("pub.pem", key.public_pem().value());
  const auto out = shell("openssl pkeyutl -verify -pubin -inkey " + dir.file("pub.pem") + " -rawin -in " +
                         dir.file("input") + " -sigfile " + dir.file("sig"));
  CHECK(out.rc == 0);
  CHECK(out.out.find("Signature Verified Successfully") != std::string::npos);
}

TEST_CASE("verify_jwt refuses alg confusion, none, tampering and expiry") {
  auto key = PrivateKey::generate(KeyType::ec_p256).value();
  const std::string token = sign_jwt({}, {{"role", "user"}}, key).value();
  const auto p = parts(token);
  // alg swapped to something else or "none"
  for (const char* alg : {"none", "HS256", "EdDSA"}) {
    const std::string forged = base64_encode(json{{"alg", alg}}.dump(), true) + "." + p[1] + "." + p[2];
    CHECK_FALSE(verify_jwt(forged, key).ok());
  }
  CHECK_FALSE(verify_jwt(p[0] + "." + p[1] + ".", key).ok());
  // Claims changed after signing.
  const std::string tampered = p[0] + "." + base64_encode(json{{"role", "admin"}}.dump(), true) + "." + p[2];
  auto bad = verify_jwt(tampered, key);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("signature") != std::string::npos);
  CHECK_FALSE(verify_jwt("a.b", key).ok());
  CHECK_FALSE(verify_jwt("a.b.c.d", key).ok());
  // Expired and not-yet-valid tokens.
  CHECK_FALSE(verify_jwt(sign_jwt({}, {{"exp", now_seconds() - 3600}}, key).value(), key).ok());
  CHECK_FALSE(verify_jwt(sign_jwt({}, {{"nbf", now_seconds() + 3600}}, key).value(), key).ok());
  // A mismatched alg in the header is refused at signing time too.
  CHECK_FALSE(sign_jwt({{"alg", "RS256"}}, {}, key).ok());
}
