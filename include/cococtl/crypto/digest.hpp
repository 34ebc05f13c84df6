#pragma once
// Message digests and the CSPRNG.

#include <cococtl/util/result.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace cococtl::crypto {

enum class DigestAlgorithm { sha256, sha384, sha512 };

// "sha256", "sha384", "sha512" (the spelling initdata and TOML use).
std::string_view digest_name(DigestAlgorithm algorithm);

// Parses digest_name() output (case-insensitive, "sha-256" also accepted). Fails (invalid_input).
util::Result<DigestAlgorithm> parse_digest_algorithm(std::string_view name);

// Output size in bytes: 32, 48 or 64.
std::size_t digest_size(DigestAlgorithm algorithm);

// The raw digest bytes of `data`. Fails only if OpenSSL's digest cannot be fetched.
util::Result<std::string> digest(DigestAlgorithm algorithm, std::string_view data);

// The digest as lower-case hex.
util::Result<std::string> digest_hex(DigestAlgorithm algorithm, std::string_view data);

// `count` bytes from OpenSSL's CSPRNG (RAND_priv_bytes). Fails if the generator is not seeded.
util::Result<std::string> random_bytes(std::size_t count);

// Decodes lower/upper-case hex. Fails (invalid_input) on odd length or a non-hex character.
util::Result<std::string> from_hex(std::string_view hex);

}  // namespace cococtl::crypto
