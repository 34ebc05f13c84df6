// Runtime-data binding against a vector computed by hand (Python's json text and hashlib), and
// the canonical JSON rules it relies on.
#include <cococtl/crypto/encoding.hpp>
#include <cococtl/crypto/jwk.hpp>
#include <cococtl/kbs/runtime_data.hpp>
#include <cococtl/util/strings.hpp>

#include <catch2/catch.hpp>

using namespace cococtl;
using nlohmann::json;

namespace {

const std::string k_nonce = "q2wJt3lbJqLZ3F8Q0ZC1Vr4xbIcE5CkRjS1VXzWnq+Q=";
// Members deliberately out of order: the digest must not depend on it.
const json k_jwk = {{"y", "SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps"},
                    {"kty", "EC"},
                    {"crv", "P-256"},
                    {"x", "gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0"},
                    {"alg", "ECDH-ES+A256KW"}};

}  // namespace

TEST_CASE("runtime data 0.4.0: sha384 of the JCS text of additional-evidence, nonce and tee-pubkey") {
  const std::string expected_jcs =
      R"({"additional-evidence":"","nonce":"q2wJt3lbJqLZ3F8Q0ZC1Vr4xbIcE5CkRjS1VXzWnq+Q=","tee-pubkey":{"alg":"ECDH-ES+A256KW",)"
      R"("crv":"P-256","kty":"EC","x":"gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0","y":"SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps"}})";
  CHECK(kbs::canonical_json({{"tee-pubkey", k_jwk}, {"nonce", k_nonce}, {"additional-evidence", ""}}).value() ==
        expected_jcs);
  const auto digest = kbs::runtime_data_digest(k_nonce, k_jwk, "").value();
  CHECK(util::to_hex(digest) ==
        "b1005440c0de2dd8de063139fa88ca89e50b7725539d6b1ec3488257608f85c45269a974467e2c7f31aac751e0366aca");
  // What the sample evidence carries: standard base64 with padding.
  CHECK(crypto::base64_encode(digest) == "sQBUQMDeLdjeBjE5+ojKieULdyVTnWsew0iCV2CPhcRSaal0Rn4sfzGqx1HgNmrK");
  CHECK(util::to_hex(kbs::runtime_data_digest(k_nonce, k_jwk, "", crypto::DigestAlgorithm::sha256).value()) ==
        "e632a9d298c1a999849d73fc3888f4f84b4f1eb1d40285a6de8ef39c7c7c10a8");
}

TEST_CASE("runtime data <= 0.2.0: sha384 of {nonce, tee-pubkey} without additional-evidence") {
  CHECK(util::to_hex(kbs::legacy_runtime_data_digest(k_nonce, k_jwk).value()) ==
        "bb386b220ef9ad6221176811593edce6f1151aad36ce1727b66e0dcae7f70a0a94ffb9c5de206fc3432e6c04af02442c");
}

TEST_CASE("canonical JSON: sorted keys at every level, no whitespace, RFC 8785 string escapes") {
  const json value = json::parse(R"({"b":[3,{"z":null,"a":true}],"a":"\u0001\n\t\"\\/é","c":-7})");
  CHECK(kbs::canonical_json(value).value() ==
        "{\"a\":\"\\u0001\\n\\t\\\"\\\\/é\",\"b\":[3,{\"a\":true,\"z\":null}],\"c\":-7}");
  CHECK(kbs::canonical_json(json::parse(R"({"n":1.5})")).error().code == util::ExitCode::invalid_input);
  CHECK_FALSE(kbs::canonical_json(json::parse(R"({"é":1})")).ok());
}

TEST_CASE("TEE keys: the runtime-data JWK members for EC P-256 and RSA-2048") {
  const auto ec = kbs::generate_tee_key(kbs::TeeKeyType::ec_p256).value();
  CHECK(ec.key.type() == crypto::KeyType::ec_p256);
  CHECK(ec.jwk["alg"] == "ECDH-ES+A256KW");
  CHECK(ec.jwk.size() == 5);  // alg, crv, kty, x, y
  CHECK(crypto::public_key_from_jwk(ec.jwk).value() == ec.key.public_key());
  const auto rsa = kbs::generate_tee_key(kbs::TeeKeyType::rsa).value();
  CHECK(rsa.key.type() == crypto::KeyType::rsa2048);
  CHECK(rsa.jwk["alg"] == "RSA-OAEP-256");
  CHECK(rsa.jwk.size() == 4);  // alg, e, kty, n
  CHECK(kbs::parse_tee_key_type("rsa").value() == kbs::TeeKeyType::rsa);
  CHECK(kbs::parse_tee_key_type("ec-p256").value() == kbs::TeeKeyType::ec_p256);
  CHECK_FALSE(kbs::parse_tee_key_type("p521").ok());
}
