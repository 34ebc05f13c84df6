// Fuzz target: what a registry sends back for a manifest request: the body of an image index or
// manifest (the first input byte picks the Content-Type), a config blob, and error bodies.

#include "fuzz_support.hpp"

#include <cococtl/oci/manifest.hpp>
#include <cococtl/oci/media_types.hpp>
#include <cococtl/oci/registry_error.hpp>

#include <array>
#include <string_view>
#include <variant>

using namespace cococtl;

namespace {

constexpr std::array<std::string_view, 6> k_content_types{
    oci::media_type::oci_index,       oci::media_type::docker_list,      oci::media_type::oci_manifest,
    oci::media_type::docker_manifest, "application/json; charset=utf-8", ""};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view content_type = k_content_types[data[0] % k_content_types.size()];
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto document = oci::parse_manifest(body, content_type);
  if (document.ok()) {
    if (const auto* index = std::get_if<oci::ImageIndex>(&*document)) {
      (void)oci::select_platform(*index, oci::default_platform());
    } else {
      for (const auto& layer : std::get<oci::ImageManifest>(*document).layers) {
        (void)oci::layer_compression(layer.media_type);
      }
    }
  }
  (void)oci::parse_config_platform(body);
  (void)oci::describe_registry_error(404, body);
  return 0;
}
