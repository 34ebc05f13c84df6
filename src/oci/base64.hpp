#pragma once
// Standard base64 (RFC 4648 §4) for auth-file entries and Basic credentials.
// TODO(crypto): replace with crypto::base64_* once the crypto module lands on main.

#include <optional>
#include <string>
#include <string_view>

namespace cococtl::oci {

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace cococtl::oci
