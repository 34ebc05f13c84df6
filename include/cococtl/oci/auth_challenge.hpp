#pragma once
// WWW-Authenticate challenges (RFC 7235 syntax): `Bearer realm="…",service="…",scope="…"`
// or `Basic realm="…"`, possibly several in one header.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cococtl::oci {

struct Challenge {
  std::string scheme;                         // lower-cased: "bearer", "basic"
  std::map<std::string, std::string> params;  // names lower-cased, values unquoted

  // The parameter value, or "" when absent.
  std::string param(const std::string& name) const;
};

// Parses every challenge in a WWW-Authenticate value. Malformed parts are skipped rather than
// failing: a header that cannot be read gives an empty list, and callers report "no usable challenge".
std::vector<Challenge> parse_www_authenticate(std::string_view header);

}  // namespace cococtl::oci
