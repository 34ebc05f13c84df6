// decrypt_jwe against JWEs made by test-only OpenSSL code (support/test_jwe.cpp), for both key
// types, and every way a response can be altered or not meant for this key.
#include "test_jwe.hpp"

#include <cococtl/crypto/encoding.hpp>
#include <cococtl/kbs/jwe.hpp>
#include <cococtl/kbs/runtime_data.hpp>

#include <catch2/catch.hpp>

using namespace cococtl;
using kbs_test::encrypt_jwe;
using nlohmann::json;

namespace {

std::string error_of(std::string_view body, const crypto::PrivateKey& key) {
  auto r = kbs::decrypt_jwe(body, key);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == util::ExitCode::invalid_input);
  return r.error().message;
}

// The JWE with its protected header replaced by `header` (the tag then no longer matches, but
// header checks come first).
std::string with_header(const std::string& jwe, const json& header) {
  auto j = json::parse(jwe);
  j["protected"] = crypto::base64_encode(header.dump(), true);
  return j.dump();
}

}  // namespace

TEST_CASE("JWE: ECDH-ES+A256KW and RSA-OAEP-256 with A256GCM decrypt to the plaintext") {
  const std::string big(100000, 'k');
  for (const auto type : {kbs::TeeKeyType::ec_p256, kbs::TeeKeyType::rsa}) {
    INFO(kbs::tee_key_type_name(type));
    const auto tee = kbs::generate_tee_key(type).value();
    for (const std::string& plain : {std::string("s3cr3t\n"), std::string(), big, std::string("\0\xff", 2)}) {
      CHECK(kbs::decrypt_jwe(encrypt_jwe(plain, tee.jwk), tee.key).value() == plain);
    }
    // RFC 7516 5.1: with an "aad" member the AAD is protected "." aad.
    CHECK(kbs::decrypt_jwe(encrypt_jwe("x", tee.jwk, {.extra_aad = "context"}), tee.key).value() == "x");
  }
}

TEST_CASE("JWE: a changed tag, AAD or ciphertext, or another key, is refused") {
  const auto tee = kbs::generate_tee_key(kbs::TeeKeyType::ec_p256).value();
  CHECK_THAT(error_of(encrypt_jwe("s", tee.jwk, {.flip_tag = true}), tee.key), Catch::Contains("tag does not match"));
  CHECK_THAT(error_of(encrypt_jwe("s", tee.jwk, {.wrong_aad = true}), tee.key), Catch::Contains("tag does not match"));
  auto altered = json::parse(encrypt_jwe("secret", tee.jwk));
  altered["ciphertext"] = crypto::base64_encode("SECRET", true);
  CHECK_THAT(error_of(altered.dump(), tee.key), Catch::Contains("tag does not match"));
  const auto other = kbs::generate_tee_key(kbs::TeeKeyType::ec_p256).value();
  CHECK_THAT(error_of(encrypt_jwe("s", tee.jwk), other.key), Catch::Contains("integrity check failed"));
  const auto rsa = kbs::generate_tee_key(kbs::TeeKeyType::rsa).value();
  const auto other_rsa = kbs::generate_tee_key(kbs::TeeKeyType::rsa).value();
  CHECK_THAT(error_of(encrypt_jwe("s", rsa.jwk), other_rsa.key), Catch::Contains("RSA-OAEP decryption failed"));
}

TEST_CASE("JWE: alg, enc and epk must fit the TEE key") {
  const auto ec = kbs::generate_tee_key(kbs::TeeKeyType::ec_p256).value();
  const auto rsa = kbs::generate_tee_key(kbs::TeeKeyType::rsa).value();
  CHECK_THAT(error_of(encrypt_jwe("s", rsa.jwk), ec.key), Catch::Contains("does not match the EC TEE key"));
  CHECK_THAT(error_of(encrypt_jwe("s", ec.jwk), rsa.key), Catch::Contains("does not match the RSA TEE key"));
  const auto jwe = encrypt_jwe("s", rsa.jwk);
  CHECK_THAT(error_of(with_header(jwe, {{"alg", "RSA1_5"}, {"enc", "A256GCM"}}), rsa.key),
             Catch::Contains("unsupported JWE alg"));
  CHECK_THAT(error_of(with_header(jwe, {{"alg", "RSA-OAEP-256"}, {"enc", "A128GCM"}}), rsa.key),
             Catch::Contains("unsupported JWE enc"));
  CHECK_THAT(error_of(encrypt_jwe("s", ec.jwk, {.epk_curve = "P-384"}), ec.key), Catch::Contains("epk"));
  auto no_epk = json::parse(encrypt_jwe("s", ec.jwk));
  CHECK_THAT(error_of(with_header(no_epk.dump(), {{"alg", "ECDH-ES+A256KW"}, {"enc", "A256GCM"}}), ec.key),
             Catch::Contains("no \"epk\""));
}

TEST_CASE("JWE: malformed bodies are refused naming the member") {
  const auto tee = kbs::generate_tee_key(kbs::TeeKeyType::ec_p256).value();
  const auto good = json::parse(encrypt_jwe("s", tee.jwk));
  CHECK_THAT(error_of("not json", tee.key), Catch::Contains("not a JSON object"));
  CHECK_THAT(error_of("a.b.c.d.e", tee.key), Catch::Contains("flattened JSON"));
  for (const char* name : {"protected", "encrypted_key", "iv", "tag"}) {
    auto missing = good;
    missing.erase(name);
    CHECK_THAT(error_of(missing.dump(), tee.key), Catch::Contains(std::string("\"") + name + "\""));
  }
  auto bad_iv = good;
  bad_iv["iv"] = crypto::base64_encode("short", true);
  CHECK_THAT(error_of(bad_iv.dump(), tee.key), Catch::Contains("12-byte \"iv\""));
  auto not_b64 = good;
  not_b64["tag"] = "***";
  CHECK_THAT(error_of(not_b64.dump(), tee.key), Catch::Contains("\"tag\" is not base64url"));
  auto not_object = good;
  not_object["protected"] = crypto::base64_encode("[1]", true);
  CHECK_THAT(error_of(not_object.dump(), tee.key), Catch::Contains("\"protected\" is not a JSON object"));
}
