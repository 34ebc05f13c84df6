#include <cococtl/oci/media_types.hpp>

#include <fmt/format.h>

#include <array>
#include <cctype>

namespace cococtl::oci {

std::string manifest_accept_header() {
  return fmt::format("{}, {}, {}, {}", media_type::oci_index, media_type::docker_list, media_type::oci_manifest,
                     media_type::docker_manifest);
}

std::string strip_media_type_parameters(std::string_view content_type) {
  auto base = content_type.substr(0, content_type.find(';'));
  while (!base.empty() && (base.back() == ' ' || base.back() == '\t')) base.remove_suffix(1);
  while (!base.empty() && (base.front() == ' ' || base.front() == '\t')) base.remove_prefix(1);
  std::string out(base);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_index_media_type(std::string_view type) {
  return type == media_type::oci_index || type == media_type::docker_list;
}

bool is_image_manifest_media_type(std::string_view type) {
  return type == media_type::oci_manifest || type == media_type::docker_manifest;
}

util::Result<LayerCompression> layer_compression(std::string_view type) {
  struct Entry {
    std::string_view type;
    LayerCompression compression;
  };
  static constexpr std::array k_layers{
      Entry{media_type::oci_layer_tar, LayerCompression::none},
      Entry{media_type::oci_layer_gzip, LayerCompression::gzip},
      Entry{media_type::oci_layer_zstd, LayerCompression::zstd},
      Entry{media_type::docker_layer_gzip, LayerCompression::gzip},
      Entry{media_type::docker_foreign_layer_gzip, LayerCompression::gzip},
      Entry{"application/vnd.oci.image.layer.nondistributable.v1.tar", LayerCompression::none},
      Entry{"application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", LayerCompression::gzip},
      Entry{"application/vnd.oci.image.layer.nondistributable.v1.tar+zstd", LayerCompression::zstd},
  };
  for (const auto& entry : k_layers) {
    if (entry.type == type) return entry.compression;
  }
  return util::invalid_input(fmt::format("unsupported layer media type \"{}\" (expected a tar, tar+gzip or tar+zstd layer)", type));
}

}  // namespace cococtl::oci
