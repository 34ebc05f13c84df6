#pragma once
// Media types of the OCI image spec and Docker's v2 schema 2, and what a client does with them.

#include <cococtl/util/result.hpp>

#include <string>
#include <string_view>

namespace cococtl::oci {

namespace media_type {
inline constexpr std::string_view oci_index = "application/vnd.oci.image.index.v1+json";
inline constexpr std::string_view docker_list = "application/vnd.docker.distribution.manifest.list.v2+json";
inline constexpr std::string_view oci_manifest = "application/vnd.oci.image.manifest.v1+json";
inline constexpr std::string_view docker_manifest = "application/vnd.docker.distribution.manifest.v2+json";
inline constexpr std::string_view docker_schema1 = "application/vnd.docker.distribution.manifest.v1+json";
inline constexpr std::string_view docker_schema1_signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";
inline constexpr std::string_view oci_config = "application/vnd.oci.image.config.v1+json";
inline constexpr std::string_view docker_config = "application/vnd.docker.container.image.v1+json";
inline constexpr std::string_view oci_layer_tar = "application/vnd.oci.image.layer.v1.tar";
inline constexpr std::string_view oci_layer_gzip = "application/vnd.oci.image.layer.v1.tar+gzip";
inline constexpr std::string_view oci_layer_zstd = "application/vnd.oci.image.layer.v1.tar+zstd";
inline constexpr std::string_view docker_layer_gzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
inline constexpr std::string_view docker_foreign_layer_gzip = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
}  // namespace media_type

// The Accept header for manifest requests: all four index/manifest types, so a registry never
// converts or hides an index (distribution 2.8 answers 404 for an OCI index not accepted).
std::string manifest_accept_header();

// "application/json; charset=utf-8" → "application/json" (lower-cased, parameters dropped).
std::string strip_media_type_parameters(std::string_view content_type);

bool is_index_media_type(std::string_view media_type);
bool is_image_manifest_media_type(std::string_view media_type);

enum class LayerCompression { none, gzip, zstd };

// How a layer of `media_type` is compressed. Fails (invalid_input) for types that are not
// tar layers (configs, Helm charts, encrypted layers...), naming the type.
util::Result<LayerCompression> layer_compression(std::string_view media_type);

}  // namespace cococtl::oci
