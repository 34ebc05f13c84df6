#include <cococtl/crypto/digest.hpp>
#include <cococtl/util/strings.hpp>

#include "ossl.hpp"

#include <fmt/format.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cctype>
#include <limits>

namespace cococtl::crypto {

std::string_view digest_name(DigestAlgorithm algorithm) {
  switch (algorithm) {
    case DigestAlgorithm::sha256: return "sha256";
    case DigestAlgorithm::sha384: return "sha384";
    case DigestAlgorithm::sha512: return "sha512";
  }
  return "sha256";
}

util::Result<DigestAlgorithm> parse_digest_algorithm(std::string_view name) {
  std::string lower;
  for (const char c : name) {
    if (c != '-') lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  for (const auto a : {DigestAlgorithm::sha256, DigestAlgorithm::sha384, DigestAlgorithm::sha512}) {
    if (lower == digest_name(a)) return a;
  }
  return util::invalid_input(
      fmt::format("unknown digest algorithm {} (use sha256, sha384 or sha512)", util::quote_for_message(name)));
}

std::size_t digest_size(DigestAlgorithm algorithm) {
  switch (algorithm) {
    case DigestAlgorithm::sha256: return 32;
    case DigestAlgorithm::sha384: return 48;
    case DigestAlgorithm::sha512: return 64;
  }
  return 32;
}

util::Result<std::string> digest(DigestAlgorithm algorithm, std::string_view data) {
  const EVP_MD* md = EVP_get_digestbyname(std::string(digest_name(algorithm)).c_str());
  if (!md) return detail::openssl_failure("digest unavailable");
  std::string out(static_cast<std::size_t>(EVP_MD_get_size(md)), '\0');
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), reinterpret_cast<unsigned char*>(out.data()), &size, md, nullptr) != 1) {
    return detail::openssl_failure("digest");
  }
  out.resize(size);
  return out;
}

util::Result<std::string> digest_hex(DigestAlgorithm algorithm, std::string_view data) {
  COCO_TRY_ASSIGN(auto raw, digest(algorithm, data));
  return util::to_hex(raw);
}

util::Result<std::string> random_bytes(std::size_t count) {
  std::string out(count, '\0');
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  while (count > 0) {
    const int chunk = static_cast<int>(std::min<std::size_t>(count, std::numeric_limits<int>::max()));
    if (RAND_priv_bytes(p, chunk) != 1) return detail::openssl_failure("random number generator");
    p += chunk;
    count -= static_cast<std::size_t>(chunk);
  }
  return out;
}

namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

util::Result<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return util::invalid_input("hex text has an odd number of digits");
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = hex_value(hex[i]);
    const int lo = hex_value(hex[i + 1]);
    if (hi < 0 || lo < 0) return util::invalid_input(fmt::format("not a hex digit at offset {}", hi < 0 ? i : i + 1));
    out += static_cast<char>((hi << 4) | lo);
  }
  return out;
}

}  // namespace cococtl::crypto
