// Fuzz target: a layer blob (plain, gzip or zstd tar) searched for the measurements file while
// it streams in, in pieces whose size the first input byte picks.

#include "fuzz_support.hpp"

#include <cococtl/oci/layer_search.hpp>

#include <string_view>

using namespace cococtl;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t piece = 1 + data[0] * 64;
  const std::string_view blob(reinterpret_cast<const char*>(data) + 1, size - 1);
  oci::LayerSearch search({"image/measurements.json", 4096}, oci::LayerCompression::none);
  for (std::size_t offset = 0; offset < blob.size(); offset += piece) {
    if (!search.feed(blob.substr(offset, piece))) break;
  }
  const auto result = search.finish();
  if (result.ok() && result->verdict == oci::LayerVerdict::found) {
    test::fuzz::require(result->content.size() <= 4096, "the file size limit holds");
  }
  (void)oci::normalise_entry_path(blob.substr(0, 256));
  return 0;
}
