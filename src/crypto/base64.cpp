#include <cococtl/crypto/encoding.hpp>

#include <array>
#include <cstdint>

namespace cococtl::crypto {
namespace {

constexpr std::string_view k_standard = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view k_url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::array<std::int8_t, 256> decode_table(std::string_view alphabet) {
  std::array<std::int8_t, 256> table{};
  for (auto& v : table) v = -1;
  for (std::size_t i = 0; i < alphabet.size(); ++i) table[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
  return table;
}

constexpr auto k_standard_table = decode_table(k_standard);
constexpr auto k_url_table = decode_table(k_url);

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// Strips whitespace (standard only) and padding; fails on misplaced '=' or wrong padding count.
util::Result<std::string> clean_input(std::string_view text, bool url) {
  std::string out;
  out.reserve(text.size());
  std::size_t padding = 0;
  for (const char c : text) {
    if (!url && is_space(c)) continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    if (padding > 0) return util::invalid_input("invalid base64: data after padding");
    out += c;
  }
  if (padding > 2) return util::invalid_input("invalid base64: too much padding");
  if (!url && (out.size() + padding) % 4 != 0) return util::invalid_input("invalid base64: length is not a multiple of 4");
  if (url && padding > 0 && (out.size() + padding) % 4 != 0) return util::invalid_input("invalid base64: bad padding");
  if (out.size() % 4 == 1) return util::invalid_input("invalid base64: truncated input");
  return out;
}

}  // namespace

std::string base64_encode(std::string_view bytes, bool url_no_pad) {
  const std::string_view alphabet = url_no_pad ? k_url : k_standard;
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const auto n = (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16) |
                   (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                   static_cast<unsigned char>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out += alphabet[(n >> shift) & 0x3f];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 0) return out;
  std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
  if (rest == 2) n |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
  out += alphabet[(n >> 18) & 0x3f];
  out += alphabet[(n >> 12) & 0x3f];
  if (rest == 2) out += alphabet[(n >> 6) & 0x3f];
  if (!url_no_pad) out.append(rest == 1 ? "==" : "=");
  return out;
}

util::Result<std::string> base64_decode(std::string_view text, bool url_no_pad) {
  COCO_TRY_ASSIGN(const std::string clean, clean_input(text, url_no_pad));
  const auto& table = url_no_pad ? k_url_table : k_standard_table;
  std::string out;
  out.reserve(clean.size() / 4 * 3 + 2);
  std::uint32_t acc = 0;
  int bits = 0;
  for (const char c : clean) {
    const std::int8_t v = table[static_cast<unsigned char>(c)];
    if (v < 0) return util::invalid_input("invalid base64: unexpected character");
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) return util::invalid_input("invalid base64: non-zero trailing bits");
  return out;
}

}  // namespace cococtl::crypto
