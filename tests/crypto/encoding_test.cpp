#include "support/shell.hpp"

#include <cococtl/crypto/digest.hpp>
#include <cococtl/crypto/encoding.hpp>

using namespace cococtl::crypto;
using cococtl::test::ScratchDir;
using cococtl::test::shell;

TEST_CASE("base64 RFC 4648 test vectors, both alphabets") {
  const std::pair<std::string, std::string> vectors[] = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    CHECK(base64_encode(plain) == encoded);
    CHECK(base64_decode(encoded).value() == plain);
    std::string url = encoded;
    url.erase(url.find_last_not_of('=') + 1);
    CHECK(base64_encode(plain, true) == url);
    CHECK(base64_decode(url, true).value() == plain);
  }
  CHECK(base64_encode("\xfb\xff", true) == "-_8");
  CHECK(base64_encode("\xfb\xff") == "+/8=");
}

TEST_CASE("base64 round-trips random data and agrees with the system base64") {
  ScratchDir dir("b64");
  for (std::size_t size : {1u, 2u, 3u, 57u, 1000u, 4097u}) {
    const std::string data = random_bytes(size).value();
    const std::string encoded = base64_encode(data);
    CHECK(base64_decode(encoded).value() == data);
    CHECK(base64_decode(base64_encode(data, true), true).value() == data);
    const auto file = dir.write("data", data);
    CHECK(shell("base64 -w0 " + file).out == encoded);
  }
}

TEST_CASE("base64 decoding is strict") {
  CHECK(base64_decode("Zm9v\nYmFy\n").value() == "foobar");  // wrapped standard base64 is fine
  CHECK_FALSE(base64_decode("Zm9").ok());                  // bad length
  CHECK_FALSE(base64_decode("Zm=v").ok());                 // data after padding
  CHECK_FALSE(base64_decode("Zm9v!").ok());
  CHECK_FALSE(base64_decode("-_8=", false).ok());          // URL alphabet in standard mode
  CHECK_FALSE(base64_decode("+/8", true).ok());            // standard alphabet in URL mode
  CHECK_FALSE(base64_decode("Zh==").ok());                 // non-zero trailing bits
  CHECK_FALSE(base64_decode("Z").ok());
}

TEST_CASE("gzip output is deterministic, has mtime 0 and no name, and the system gunzip reads it") {
  ScratchDir dir("gzip");
  const std::string text = "algorithm = \"sha256\"\nversion = \"0.1.0\"\n\n[data]\n" + std::string(5000, 'x');
  const std::string gz = gzip_compress(text).value();
  CHECK(gzip_compress(text).value() == gz);
  REQUIRE(gz.size() > 10);
  CHECK(gz.substr(0, 3) == "\x1f\x8b\x08");
  CHECK(gz[3] == 0);                         // FLG: no name, no comment, no extra
  CHECK(gz.substr(4, 4) == std::string(4, '\0'));  // MTIME 0
  const auto file = dir.write("data.gz", gz);
  CHECK(shell("gunzip -c " + file).out == text);
  CHECK(gzip_decompress(gz).value() == text);
  // The annotation pipeline: base64 without wrapping, then the system base64 -d | gunzip.
  const auto b64 = dir.write("data.b64", base64_encode(gz));
  CHECK(shell("base64 -d " + b64 + " | gunzip").out == text);
}

TEST_CASE("gzip_decompress reads the system gzip and refuses bombs, junk and truncation") {
  ScratchDir dir("gunzip");
  const auto file = dir.write("plain", std::string(100000, 'a'));
  REQUIRE(shell("gzip -k -9 " + file).rc == 0);
  const std::string gz = shell("cat " + file + ".gz").out;
  CHECK(gzip_decompress(gz).value() == std::string(100000, 'a'));
  auto bomb = gzip_decompress(gz, 1000);
  REQUIRE_FALSE(bomb.ok());
  CHECK(bomb.error().message.find("exceeds") != std::string::npos);
  CHECK_FALSE(gzip_decompress(gz.substr(0, gz.size() / 2)).ok());
  CHECK_FALSE(gzip_decompress(gz + "junk").ok());
  CHECK_FALSE(gzip_decompress("not gzip at all").ok());
  CHECK_FALSE(gzip_decompress("").ok());
  CHECK(gzip_decompress(gzip_compress("").value()).value().empty());
}
