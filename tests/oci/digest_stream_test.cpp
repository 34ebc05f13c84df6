#include <cococtl/crypto/digest_stream.hpp>

#include <catch2/catch.hpp>

using namespace cococtl::crypto;

TEST_CASE("DigestStream over pieces equals the one-shot digest") {
  std::string data;
  for (int i = 0; i < 100000; ++i) data += static_cast<char>(i * 7);
  for (const auto algorithm : {DigestAlgorithm::sha256, DigestAlgorithm::sha384, DigestAlgorithm::sha512}) {
    auto stream = DigestStream::create(algorithm);
    REQUIRE(stream.ok());
    for (std::size_t off = 0; off < data.size(); off += 997) stream->update(std::string_view(data).substr(off, 997));
    CHECK(stream->finish().value() == digest(algorithm, data).value());
  }
  auto empty = DigestStream::create(DigestAlgorithm::sha256);
  CHECK(empty->finish_hex().value() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK_FALSE(empty->finish().ok());  // finishing twice is refused, not undefined
}
