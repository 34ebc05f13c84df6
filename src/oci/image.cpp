#include <cococtl/oci/client.hpp>
#include <cococtl/oci/layer_search.hpp>
#include <cococtl/oci/media_types.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace cococtl::oci {
namespace {

constexpr int k_max_index_depth = 4;
constexpr std::size_t k_max_config_bytes = 4 * 1024 * 1024;

util::Result<void> check_config_platform(RegistryClient& client, const ImageManifest& manifest, const Platform& wanted,
                                         const Reference& ref) {
  COCO_TRY_ASSIGN(const auto config, client.get_blob(manifest.config, k_max_config_bytes));
  COCO_TRY_ASSIGN(const auto platform, parse_config_platform(config));
  if (platform.os.empty() && platform.architecture.empty()) return {};  // configs without platform (scratch artefacts)
  if (!platform_matches(platform, wanted)) {
    return util::failure(fmt::format("{} is a single {} image, not {}", ref.str(), platform.str(), wanted.str()));
  }
  return {};
}

}  // namespace

util::Result<ResolvedImage> resolve_image(RegistryClient& client, const Reference& ref, const Platform& platform) {
  COCO_TRY_ASSIGN(auto top, client.get_manifest(ref.manifest_reference()));
  ResolvedImage image{ref, top.digest, top.digest, platform, false, {}};
  auto current = std::move(top);
  for (int depth = 0; std::holds_alternative<ImageIndex>(current.document); ++depth) {
    if (depth >= k_max_index_depth) return util::failure(fmt::format("{}: image indexes nested too deeply", ref.str()));
    COCO_TRY_ASSIGN(const auto entry, std::move(select_platform(std::get<ImageIndex>(current.document), platform)).context(ref.str()));
    COCO_TRY_ASSIGN(current, client.get_manifest(entry.digest));
    image.manifest_digest = current.digest;
    image.platform_checked = true;
  }
  image.manifest = std::get<ImageManifest>(std::move(current.document));
  spdlog::info("{} resolved to {} ({} manifest {})", ref.str(), image.digest, platform.str(), image.manifest_digest);
  return image;
}

util::Result<std::optional<FoundFile>> find_file(RegistryClient& client, const ResolvedImage& image, std::string_view path,
                                                 std::size_t max_bytes, BlobOptions options) {
  if (!image.platform_checked) COCO_TRY(check_config_platform(client, image.manifest, image.platform, image.reference));
  const auto& layers = image.manifest.layers;
  int read = 0;
  for (auto it = layers.rbegin(); it != layers.rend(); ++it) {
    const auto what = fmt::format("layer {} of {}", it->digest, image.reference.name());
    COCO_TRY_ASSIGN(const auto compression, std::move(layer_compression(it->media_type)).context(what));
    LayerSearch search({std::string(path), max_bytes}, compression);
    ++read;
    spdlog::info("searching {} ({} bytes) for /{}", what, it->size, path);
    auto streamed = client.stream_blob(*it, [&](std::string_view chunk) { return search.feed(chunk); }, options);
    auto searched = search.finish();
    COCO_TRY(streamed);  // a corrupt blob outranks whatever the decoder saw
    COCO_TRY_ASSIGN(auto result, std::move(searched).context(what));
    switch (result.verdict) {
      case LayerVerdict::found: return std::optional<FoundFile>{FoundFile{std::move(result.content), it->digest, read}};
      case LayerVerdict::deleted:
      case LayerVerdict::opaque:
        spdlog::info("/{} is deleted or hidden by {}", path, what);
        return std::optional<FoundFile>{};
      case LayerVerdict::absent: break;
    }
  }
  return std::optional<FoundFile>{};
}

}  // namespace cococtl::oci
