#pragma once
// Small string helpers shared by every module.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cococtl::util {

// Splits `text` at every `sep`; keeps empty fields ("a,,b" gives 3 parts).
std::vector<std::string> split(std::string_view text, char sep);

// Joins `parts` with `sep` between them.
std::string join(std::span<const std::string> parts, std::string_view sep);

// Removes leading and trailing ASCII whitespace.
std::string_view trim(std::string_view text);

// Levenshtein distance between two strings (byte-wise).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` when it is close enough to be a likely typo
// (distance <= max(2, len/3)); nullopt otherwise. Used for "did you mean" hints.
std::optional<std::string> closest_match(std::string_view word, std::span<const std::string> candidates);

// " (did you mean \"x\"?)" when closest_match finds one, else "".
std::string did_you_mean(std::string_view word, std::span<const std::string> candidates);

// RFC 1123 subdomain as Kubernetes uses for object names: lower-case letters, digits, '-' and
// '.', starting and ending alphanumeric, at most 253 characters.
bool is_dns_subdomain(std::string_view name);

// RFC 1123 label as Kubernetes uses for namespace names: lower-case letters, digits and '-',
// starting and ending alphanumeric, 1-63 characters.
bool is_dns_label(std::string_view name);

// A Kubernetes label value: empty, or at most 63 ASCII letters, digits, '-', '_' and '.',
// starting and ending alphanumeric.
bool is_label_value(std::string_view value);

// A DNS name whose every dot-separated label is an RFC 1123 label (1-63 characters).
bool is_dns_name(std::string_view name);

// Lower-case hex of `bytes`.
std::string to_hex(std::string_view bytes);

// Quotes `text` for messages: printable ASCII kept, the rest escaped, long text shortened.
std::string quote_for_message(std::string_view text, std::size_t max_len = 80);

}  // namespace cococtl::util
