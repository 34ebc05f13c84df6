#include "support/shell.hpp"

#include <cococtl/crypto/encoding.hpp>
#include <cococtl/crypto/key.hpp>
#include <cococtl/util/strings.hpp>

using namespace cococtl::crypto;
using cococtl::test::ScratchDir;
using cococtl::test::shell;

namespace {
const char* openssl_name(KeyType type) {
  switch (type) {
    case KeyType::ed25519: return "ED25519";
    case KeyType::ec_p256: return "prime256v1";
    case KeyType::ec_p384: return "secp384r1";
    case KeyType::rsa2048: return "2048 bit";
    case KeyType::rsa3072: return "3072 bit";
    case KeyType::rsa4096: return "4096 bit";
  }
  return "?";
}
}  // namespace

TEST_CASE("generated keys are PKCS#8 / SPKI PEM that openssl pkey accepts, with the right algorithm") {
  ScratchDir dir("key");
  for (const auto type : {KeyType::ed25519, KeyType::ec_p256, KeyType::ec_p384, KeyType::rsa2048, KeyType::rsa3072}) {
    INFO(key_type_name(type));
    auto key = PrivateKey::generate(type);
    REQUIRE(key.ok());
    CHECK(key->type() == type);
    const std::string pem = key->to_pem().value();
    CHECK(pem.rfind("-----BEGIN " "PRIVATE KEY-----\n", 0) == 0);
    const auto key_file = dir.write("k.pem", pem);
    const auto text = shell("openssl pkey -in " + key_file + " -noout -text");
    REQUIRE(text.rc == 0);
    CHECK(text.out.find(openssl_name(type)) != std::string::npos);
    // openssl's public key derivation equals ours byte for byte.
    const auto pub = shell("openssl pkey -in " + key_file + " -pubout");
    REQUIRE(pub.rc == 0);
    CHECK(pub.out == key->public_pem().value());
    // Fingerprint = sha256 of the SPKI DER as openssl encodes it.
    const auto fp = shell("openssl pkey -in " + key_file + " -pubout -outform DER | sha256sum");
    CHECK(fp.out.substr(0, 64) == key->fingerprint());
  }
}

TEST_CASE("keys made by the openssl CLI load and keep their type") {
  ScratchDir dir("key-cli");
  struct Case {
    const char* command;
    KeyType type;
  };
  const Case cases[] = {
      {"openssl genpkey -algorithm ed25519 -out %s", KeyType::ed25519},
      {"openssl ecparam -name prime256v1 -genkey -noout -out %s", KeyType::ec_p256},  // traditional "EC PRIVATE KEY"
      {"openssl genrsa -traditional -out %s 2048", KeyType::rsa2048},
  };
  for (const auto& c : cases) {
    INFO(c.command);
    std::string command = c.command;
    command.replace(command.find("%s"), 2, dir.file("cli.pem"));
    const auto made = shell(command);
    REQUIRE(made.rc == 0);
    const auto pem = shell("cat " + dir.file("cli.pem")).out;
    auto key = PrivateKey::from_pem(pem);
    REQUIRE(key.ok());
    CHECK(key->type() == c.type);
    auto pub = PublicKey::from_pem(shell("openssl pkey -pubout -in " + dir.file("cli.pem")).out);
    REQUIRE(pub.ok());
    CHECK(*pub == key->public_key());
    CHECK(pub->fingerprint() == key->fingerprint());
  }
}

TEST_CASE("PEM round trip keeps the key") {
  auto key = PrivateKey::generate(KeyType::ec_p256).value();
  auto again = PrivateKey::from_pem(key.to_pem().value());
  REQUIRE(again.ok());
  CHECK(again->fingerprint() == key.fingerprint());
  CHECK(again->to_pem().value() == key.to_pem().value());
}

TEST_CASE("bad, encrypted and unsupported private keys are refused without echoing the input") {
  auto junk = PrivateKey::from_pem("-----BEGIN " "PRIVATE KEY-----\nc2VjcmV0LXN0dWZm\n-----END PRIVATE KEY-----\n");
  REQUIRE_FALSE(junk.ok());
  CHECK(junk.error().message.find("c2VjcmV0") == std::string::npos);

  ScratchDir dir("key-enc");
  REQUIRE(shell("openssl genpkey -algorithm ed25519 -aes256 -pass pass:pw -out " + dir.file("enc.pem")).rc == 0);
  auto enc = PrivateKey::from_pem(shell("cat " + dir.file("enc.pem")).out);
  REQUIRE_FALSE(enc.ok());
  CHECK(enc.error().message.find("encrypted") != std::string::npos);

  REQUIRE(shell("openssl ecparam -name secp256k1 -genkey -noout -out " + dir.file("k1.pem")).rc == 0);
  auto k1 = PrivateKey::from_pem(shell("cat " + dir.file("k1.pem")).out);
  REQUIRE_FALSE(k1.ok());
  CHECK(k1.error().message.find("secp256k1") != std::string::npos);
}

TEST_CASE("key type names parse back") {
  for (const auto type : {KeyType::ed25519, KeyType::ec_p256, KeyType::ec_p384, KeyType::rsa2048, KeyType::rsa3072,
                          KeyType::rsa4096}) {
    CHECK(parse_key_type(key_type_name(type)).value() == type);
  }
  CHECK(parse_key_type("ECDSA-P256").value() == KeyType::ec_p256);
  CHECK(parse_key_type("rsa-3072").value() == KeyType::rsa3072);  // the values schema spelling
  CHECK_FALSE(parse_key_type("dsa").ok());
}

TEST_CASE("OpenSSH public key lines match what ssh-keygen derives from the private key") {
  ScratchDir dir("key-ssh");
  // ssh-keygen 9.2 reads PKCS#8 PEM for RSA and ECDSA (not Ed25519, checked separately below).
  for (const auto type : {KeyType::ec_p256, KeyType::ec_p384, KeyType::rsa2048}) {
    INFO(key_type_name(type));
    auto key = PrivateKey::generate(type).value();
    const auto file = dir.write("id", key.to_pem().value());
    std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    const auto derived = shell("ssh-keygen -y -f " + file);
    REQUIRE(derived.rc == 0);
    CHECK(derived.out == key.public_key().to_openssh().value() + "\n");
    CHECK(key.public_key().to_openssh("me@host").value() == key.public_key().to_openssh().value() + " me@host");
  }
}

TEST_CASE("OpenSSH Ed25519 lines carry the raw public key openssl reports") {
  ScratchDir dir("key-ssh-ed");
  auto key = PrivateKey::generate(KeyType::ed25519).value();
  const std::string line = key.public_key().to_openssh().value();
  REQUIRE(line.rfind("ssh-ed25519 ", 0) == 0);
  const std::string blob = base64_decode(line.substr(12)).value();
  REQUIRE(blob.size() == 4 + 11 + 4 + 32);
  const auto file = dir.write("k.pem", key.to_pem().value());
  const auto raw = shell("openssl pkey -in " + file + " -pubout -outform DER | tail -c 32 | od -An -tx1 | tr -d ' \\n'");
  CHECK(raw.out == cococtl::util::to_hex(blob.substr(blob.size() - 32)));
}
