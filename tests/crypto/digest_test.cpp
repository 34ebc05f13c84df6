#include "support/shell.hpp"

#include <cococtl/crypto/digest.hpp>
#include <cococtl/util/strings.hpp>

#include <set>

using namespace cococtl::crypto;
using cococtl::test::ScratchDir;
using cococtl::test::shell;

TEST_CASE("digests match sha256sum, sha384sum, sha512sum and openssl dgst") {
  ScratchDir dir("digest");
  std::string data = "version = \"0.1.0\"\n";
  data += std::string("\0\x01\xff binary", 10);
  const auto file = dir.write("data.bin", data);
  for (const auto a : {DigestAlgorithm::sha256, DigestAlgorithm::sha384, DigestAlgorithm::sha512}) {
    const std::string name(digest_name(a));
    INFO(name);
    const std::string hex = digest_hex(a, data).value();
    CHECK(hex.size() == digest_size(a) * 2);
    CHECK(shell(name + "sum " + file).out.substr(0, hex.size()) == hex);
    const auto dgst = shell("openssl dgst -" + name + " -r " + file).out;
    CHECK(dgst.substr(0, hex.size()) == hex);
    CHECK(digest(a, data).value() == from_hex(hex).value());
  }
}

TEST_CASE("known answer: sha256 of the empty string") {
  CHECK(digest_hex(DigestAlgorithm::sha256, "").value() ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("digest algorithm names parse") {
  CHECK(parse_digest_algorithm("SHA384").value() == DigestAlgorithm::sha384);
  CHECK(parse_digest_algorithm("sha-512").value() == DigestAlgorithm::sha512);
  auto bad = parse_digest_algorithm("md5");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == cococtl::util::ExitCode::invalid_input);
}

TEST_CASE("random_bytes gives the requested length and does not repeat") {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    auto bytes = random_bytes(32);
    REQUIRE(bytes.ok());
    CHECK(bytes->size() == 32);
    seen.insert(*bytes);
  }
  CHECK(seen.size() == 100);
  CHECK(random_bytes(0).value().empty());
}

TEST_CASE("from_hex refuses odd length and non-hex") {
  CHECK(from_hex("00ff").value() == std::string("\0\xff", 2));
  CHECK_FALSE(from_hex("abc").ok());
  CHECK_FALSE(from_hex("zz").ok());
}
