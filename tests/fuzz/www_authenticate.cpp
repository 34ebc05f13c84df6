// Fuzz target: WWW-Authenticate headers from registries and their token servers.

#include "fuzz_support.hpp"

#include <cococtl/oci/auth_challenge.hpp>

#include <cctype>
#include <string_view>

using namespace cococtl;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view header(reinterpret_cast<const char*>(data), size);
  for (const auto& challenge : oci::parse_www_authenticate(header)) {
    test::fuzz::require(!challenge.scheme.empty(), "a challenge has a scheme");
    for (const char c : challenge.scheme) {
      test::fuzz::require(!std::isupper(static_cast<unsigned char>(c)), "schemes are lower-cased");
    }
    (void)challenge.param("realm");
  }
  return 0;
}
