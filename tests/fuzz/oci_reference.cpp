// Fuzz target: image references (`--image`, values). A reference that parses must print back
// to text that parses to the same reference.

#include "fuzz_support.hpp"

#include <cococtl/oci/reference.hpp>

#include <string_view>

using namespace cococtl;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto ref = oci::parse_reference(text);
  if (!ref.ok()) return 0;
  (void)ref->api_host();
  (void)ref->manifest_reference();
  (void)oci::is_loopback_registry(ref->registry);
  (void)oci::registry_host(ref->registry);
  const auto again = oci::parse_reference(ref->str());
  test::fuzz::require(again.ok(), "str() of a parsed reference parses");
  test::fuzz::require(again->str() == ref->str(), "str() is stable");
  return 0;
}
