#pragma once
// Standard base64 (RFC 4648) for kubeconfig "-data" fields and exec credentials.

#include <optional>
#include <string>
#include <string_view>

namespace cococtl::kube::detail {

// Decodes padded or unpadded base64, ignoring whitespace; nullopt on any other character.
std::optional<std::string> base64_decode(std::string_view text);

// Encodes with padding.
std::string base64_encode(std::string_view bytes);

}  // namespace cococtl::kube::detail
