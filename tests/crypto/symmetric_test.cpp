// AES-GCM and AES key unwrap against published vectors: the GCM specification's test cases
// (McGrew & Viega, also in NIST SP 800-38D validation) and RFC 3394 section 4.
#include <cococtl/crypto/digest.hpp>
#include <cococtl/crypto/symmetric.hpp>

#include <catch2/catch.hpp>

using namespace cococtl::crypto;
using cococtl::util::ExitCode;

namespace {

std::string hex(const char* text) { return from_hex(text).value(); }

struct GcmVector {
  std::string key, iv, aad, plain, cipher, tag;
};

// Test case 16: AES-256, 60-byte plaintext, 20-byte AAD (neither a whole number of blocks).
GcmVector case16() {
  return {hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"),
          hex("cafebabefacedbaddecaf888"),
          hex("feedfacedeadbeeffeedfacedeadbeefabaddad2"),
          hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
              "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"),
          hex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
              "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"),
          hex("76fc6ece0f4e1768cddf8853bb2d551b")};
}

}  // namespace

TEST_CASE("AES-256-GCM decrypts the GCM specification's test case 16") {
  const auto v = case16();
  CHECK(aes_gcm_decrypt(v.key, v.iv, v.cipher, v.aad, v.tag).value() == v.plain);
}

TEST_CASE("AES-256-GCM test case 13: empty plaintext, no AAD, only the tag") {
  const std::string zeros32(32, '\0');
  const std::string zeros12(12, '\0');
  CHECK(aes_gcm_decrypt(zeros32, zeros12, "", "", hex("530f8afbc74536b9a963b4f1c4cb738b")).value().empty());
  CHECK_FALSE(aes_gcm_decrypt(zeros32, zeros12, "", "", hex("530f8afbc74536b9a963b4f1c4cb738c")).ok());
}

TEST_CASE("AES-GCM refuses a changed tag, ciphertext, AAD, IV or key") {
  const auto v = case16();
  const auto flip = [](std::string s, std::size_t i) {
    s[i] = static_cast<char>(s[i] ^ 0x01);
    return s;
  };
  for (const auto& attempt : {aes_gcm_decrypt(v.key, v.iv, v.cipher, v.aad, flip(v.tag, 15)),
                              aes_gcm_decrypt(v.key, v.iv, flip(v.cipher, 0), v.aad, v.tag),
                              aes_gcm_decrypt(v.key, v.iv, v.cipher, flip(v.aad, 3), v.tag),
                              aes_gcm_decrypt(v.key, v.iv, v.cipher, "", v.tag),
                              aes_gcm_decrypt(v.key, flip(v.iv, 11), v.cipher, v.aad, v.tag),
                              aes_gcm_decrypt(flip(v.key, 31), v.iv, v.cipher, v.aad, v.tag)}) {
    REQUIRE_FALSE(attempt.ok());
    CHECK(attempt.error().code == ExitCode::invalid_input);
    CHECK(attempt.error().message == "AES-GCM authentication tag does not match (altered data or wrong key)");
  }
}

TEST_CASE("AES-GCM refuses bad key, IV and tag sizes") {
  const auto v = case16();
  CHECK_THAT(aes_gcm_decrypt(v.key.substr(0, 20), v.iv, v.cipher, v.aad, v.tag).error().message,
             Catch::Contains("key"));
  CHECK_THAT(aes_gcm_decrypt(v.key, "", v.cipher, v.aad, v.tag).error().message, Catch::Contains("IV"));
  // A truncated tag would make forgery easier: only the full 16 bytes are accepted.
  CHECK_THAT(aes_gcm_decrypt(v.key, v.iv, v.cipher, v.aad, v.tag.substr(0, 12)).error().message,
             Catch::Contains("tag"));
}

TEST_CASE("AES key unwrap: RFC 3394 4.1 (A128KW) and 4.6 (A256KW)") {
  CHECK(aes_key_unwrap(hex("000102030405060708090A0B0C0D0E0F"), hex("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5"))
            .value() == hex("00112233445566778899AABBCCDDEEFF"));
  const auto kek = hex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
  const auto wrapped = hex("28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21");
  CHECK(aes_key_unwrap(kek, wrapped).value() ==
        hex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F"));

  auto altered = wrapped;
  altered[10] = static_cast<char>(altered[10] ^ 0x80);
  auto other_kek = kek;
  other_kek[0] = 'x';
  for (const auto& attempt : {aes_key_unwrap(kek, altered), aes_key_unwrap(other_kek, wrapped)}) {
    REQUIRE_FALSE(attempt.ok());
    CHECK_THAT(attempt.error().message, Catch::Contains("integrity check failed"));
  }
  CHECK_FALSE(aes_key_unwrap(kek, wrapped.substr(0, 39)).ok());  // not a multiple of 8
  CHECK_FALSE(aes_key_unwrap(kek, wrapped.substr(0, 16)).ok());  // too short to hold a key
  CHECK_FALSE(aes_key_unwrap(kek.substr(0, 17), wrapped).ok());  // no such AES size
}
