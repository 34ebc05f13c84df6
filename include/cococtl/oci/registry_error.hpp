#pragma once
// Registry error bodies (`{"errors":[{"code","message","detail"}]}`) turned into plain text.

#include <string>
#include <string_view>
#include <vector>

namespace cococtl::oci {

struct RegistryError {
  std::string code;     // "MANIFEST_UNKNOWN", "UNAUTHORIZED", ...
  std::string message;  // the registry's text
  std::string detail;   // compact JSON of "detail", or empty
};

// The errors of a registry error body; empty when the body is not that JSON shape.
std::vector<RegistryError> parse_registry_errors(std::string_view body);

// "CODE: message" for each error (joined by "; "), or "HTTP <status>: <start of body>" when the
// body is not a registry error document. Never fails; control characters are escaped.
std::string describe_registry_error(int status, std::string_view body);

}  // namespace cococtl::oci
