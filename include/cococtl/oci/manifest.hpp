#pragma once
// Image indexes (OCI index, Docker manifest list) and image manifests (OCI, Docker schema 2):
// parsing with validation, and picking one platform out of an index.

#include <cococtl/util/result.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cococtl::oci {

struct Platform {
  std::string os;
  std::string architecture;
  std::string variant;  // empty: any

  // "linux/amd64" or "linux/arm64/v8".
  std::string str() const;
};

// Parses "os/arch[/variant]" ("linux/amd64"); aliases x86_64 → amd64 and aarch64 → arm64.
// Fails (usage error) on anything else, quoting the text.
util::Result<Platform> parse_platform(std::string_view text);

// The platform cococtl needs: linux/amd64 (the peer-pod VM image).
Platform default_platform();

// True when `candidate` (from an index entry or image config) satisfies `wanted`.
bool platform_matches(const Platform& candidate, const Platform& wanted);

struct Descriptor {
  std::string media_type;
  std::string digest;
  std::int64_t size = 0;
  std::vector<std::string> urls;
  std::map<std::string, std::string> annotations;
  std::optional<Platform> platform;
};

struct ImageManifest {
  std::string media_type;
  Descriptor config;
  std::vector<Descriptor> layers;  // base first, top-most last
  std::map<std::string, std::string> annotations;
};

struct ImageIndex {
  std::string media_type;
  std::vector<Descriptor> manifests;
  std::map<std::string, std::string> annotations;
};

using ManifestDocument = std::variant<ImageIndex, ImageManifest>;

// Parses a manifest body served as `content_type` (parameters ignored; empty or
// application/json: decided by the body's mediaType, then its shape). Fails (failure) on
// invalid JSON, schemaVersion other than 2, schema 1, a mediaType field contradicting the
// Content-Type, or a descriptor without a valid sha256 digest and non-negative size.
util::Result<ManifestDocument> parse_manifest(std::string_view body, std::string_view content_type);

// The entry of `index` for `wanted` (first match; attestation manifests and unknown/unknown
// entries skipped). Fails (failure) naming the wanted platform and listing those available.
util::Result<Descriptor> select_platform(const ImageIndex& index, const Platform& wanted);

// The os/architecture/variant of an image config blob. Fails on invalid JSON.
util::Result<Platform> parse_config_platform(std::string_view config_body);

}  // namespace cococtl::oci
