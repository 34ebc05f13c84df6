#pragma once
// Where the KBS is and how its TLS certificate is trusted. TLS is always verified: there is no
// switch to turn it off.

#include <cococtl/util/result.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace cococtl::kbs {

struct Endpoint {
  std::string url{};                         // "https://kbs.example.com" (a path prefix is kept)
  std::string ca_pem{};                      // the KBS HTTPS CA; empty = the system trust store
  std::vector<std::string> connect_to{};     // curl --connect-to entries "HOST:PORT:ADDR:PORT"
  std::chrono::milliseconds timeout{30000};  // per request
};

// Checks that `url` is an https:// URL with a host and no query or fragment, and returns it
// without a trailing '/'. Fails (invalid_input) saying what is wrong.
util::Result<std::string> normalize_url(std::string_view url);

}  // namespace cococtl::kbs
