#pragma once
// Base64 (RFC 4648, standard and URL-safe) and deterministic gzip.

#include <cococtl/util/result.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace cococtl::crypto {

// Standard base64 with padding and no line breaks, or (url_no_pad) the URL-safe alphabet
// without padding as JWS uses.
std::string base64_encode(std::string_view bytes, bool url_no_pad = false);

// Decodes base64. Standard mode skips ASCII whitespace (wrapped PEM/CLI output) and requires correct
// padding; url_no_pad mode takes the URL-safe alphabet with optional padding. Fails (invalid_input)
// on any other character or a malformed length; the message never quotes the input.
util::Result<std::string> base64_decode(std::string_view text, bool url_no_pad = false);

// gzip (RFC 1952) of `data` with a fixed header (mtime 0, no file name, level 9), so the same
// input always gives the same bytes with the same zlib. Fails only if zlib fails.
util::Result<std::string> gzip_compress(std::string_view data);

inline constexpr std::size_t k_default_gunzip_limit = 16 * 1024 * 1024;

// Decompresses one gzip member. Fails (invalid_input) on corrupt or truncated data, trailing
// bytes, or output larger than `max_size` (decompression bombs).
util::Result<std::string> gzip_decompress(std::string_view data, std::size_t max_size = k_default_gunzip_limit);

}  // namespace cococtl::crypto
