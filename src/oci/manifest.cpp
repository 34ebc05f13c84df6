#include <cococtl/oci/manifest.hpp>

#include <cococtl/oci/media_types.hpp>
#include <cococtl/oci/reference.hpp>
#include <cococtl/util/strings.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace cococtl::oci {
namespace {

using nlohmann::json;

std::string normalise_arch(std::string arch) {
  if (arch == "x86_64" || arch == "x86-64") return "amd64";
  if (arch == "aarch64") return "arm64";
  return arch;
}

std::string string_field(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::map<std::string, std::string> string_map(const json& object, const char* key) {
  std::map<std::string, std::string> out;
  const auto it = object.find(key);
  if (it == object.end() || !it->is_object()) return out;
  for (const auto& [k, v] : it->items()) {
    if (v.is_string()) out.emplace(k, v.get<std::string>());
  }
  return out;
}

util::Result<Descriptor> parse_descriptor(const json& node, std::string_view where) {
  if (!node.is_object()) return util::failure(fmt::format("{}: a descriptor is not a JSON object", where));
  Descriptor d;
  d.media_type = string_field(node, "mediaType");
  d.digest = string_field(node, "digest");
  if (!is_valid_digest(d.digest)) {
    return util::failure(fmt::format("{}: descriptor digest {} is not sha256:<64 hex>", where,
                                     util::quote_for_message(d.digest)));
  }
  const auto size = node.find("size");
  if (size == node.end() || !size->is_number_integer() || size->get<std::int64_t>() < 0) {
    return util::failure(fmt::format("{}: descriptor {} has no valid size", where, d.digest));
  }
  d.size = size->get<std::int64_t>();
  if (const auto urls = node.find("urls"); urls != node.end() && urls->is_array()) {
    for (const auto& u : *urls) {
      if (u.is_string()) d.urls.push_back(u.get<std::string>());
    }
  }
  d.annotations = string_map(node, "annotations");
  if (const auto p = node.find("platform"); p != node.end() && p->is_object()) {
    d.platform = Platform{string_field(*p, "os"), normalise_arch(string_field(*p, "architecture")),
                          string_field(*p, "variant")};
  }
  return d;
}

util::Result<std::vector<Descriptor>> parse_descriptors(const json& doc, const char* key) {
  std::vector<Descriptor> out;
  const auto it = doc.find(key);
  if (it == doc.end() || !it->is_array()) return util::failure(fmt::format("manifest has no \"{}\" array", key));
  for (const auto& node : *it) {
    COCO_TRY_ASSIGN(auto d, parse_descriptor(node, key));
    out.push_back(std::move(d));
  }
  return out;
}

// The type the document really is: the Content-Type when it is a manifest type, else the
// body's mediaType, else its shape (old registries serve application/json).
util::Result<std::string> document_type(const json& doc, std::string_view content_type) {
  const auto served = strip_media_type_parameters(content_type);
  const auto declared = string_field(doc, "mediaType");
  if (served == media_type::docker_schema1 || served == media_type::docker_schema1_signed ||
      declared == media_type::docker_schema1 || declared == media_type::docker_schema1_signed) {
    return util::failure("the registry served a Docker schema 1 manifest, which is deprecated and not supported");
  }
  const bool served_known = is_index_media_type(served) || is_image_manifest_media_type(served);
  if (served_known && !declared.empty() && declared != served) {
    return util::failure(fmt::format("manifest served as {} declares mediaType {}", served, declared));
  }
  if (served_known) return served;
  if (is_index_media_type(declared) || is_image_manifest_media_type(declared)) return declared;
  if (doc.contains("manifests")) return std::string(media_type::oci_index);
  if (doc.contains("layers")) return std::string(media_type::oci_manifest);
  return util::failure(fmt::format("unsupported manifest type \"{}\"", served.empty() ? declared : served));
}

util::Result<ManifestDocument> parse_document(const json& doc, std::string_view content_type) {
  if (!doc.is_object()) return util::failure("manifest is not a JSON object");
  const auto version = doc.find("schemaVersion");
  if (version == doc.end() || !version->is_number_integer() || version->get<int>() != 2) {
    return util::failure("manifest schemaVersion is not 2");
  }
  COCO_TRY_ASSIGN(auto type, document_type(doc, content_type));
  if (is_index_media_type(type)) {
    ImageIndex index{type, {}, string_map(doc, "annotations")};
    COCO_TRY_ASSIGN(index.manifests, parse_descriptors(doc, "manifests"));
    return ManifestDocument{std::move(index)};
  }
  ImageManifest manifest{type, {}, {}, string_map(doc, "annotations")};
  const auto config = doc.find("config");
  if (config == doc.end()) return util::failure("image manifest has no config descriptor");
  COCO_TRY_ASSIGN(manifest.config, parse_descriptor(*config, "config"));
  COCO_TRY_ASSIGN(manifest.layers, parse_descriptors(doc, "layers"));
  return ManifestDocument{std::move(manifest)};
}

bool skipped_entry(const Descriptor& d) {
  const auto ref_type = d.annotations.find("vnd.docker.reference.type");
  if (ref_type != d.annotations.end() && ref_type->second == "attestation-manifest") return true;
  return d.platform && d.platform->os == "unknown" && d.platform->architecture == "unknown";
}

}  // namespace

std::string Platform::str() const {
  return variant.empty() ? fmt::format("{}/{}", os, architecture) : fmt::format("{}/{}/{}", os, architecture, variant);
}

util::Result<Platform> parse_platform(std::string_view text) {
  const auto parts = util::split(text, '/');
  const bool ok = (parts.size() == 2 || parts.size() == 3) &&
                  std::none_of(parts.begin(), parts.end(), [](const std::string& p) { return p.empty(); });
  if (!ok) {
    return util::usage_error(fmt::format("invalid platform {}: use os/arch[/variant], e.g. linux/amd64",
                                         util::quote_for_message(text)));
  }
  return Platform{parts[0], normalise_arch(parts[1]), parts.size() == 3 ? parts[2] : ""};
}

Platform default_platform() { return Platform{"linux", "amd64", ""}; }

bool platform_matches(const Platform& candidate, const Platform& wanted) {
  if (candidate.os != wanted.os || normalise_arch(candidate.architecture) != wanted.architecture) return false;
  return wanted.variant.empty() || candidate.variant == wanted.variant;
}

util::Result<ManifestDocument> parse_manifest(std::string_view body, std::string_view content_type) {
  const auto doc = json::parse(body, nullptr, false);
  if (doc.is_discarded()) return util::failure("manifest is not valid JSON");
  return parse_document(doc, content_type);
}

util::Result<Descriptor> select_platform(const ImageIndex& index, const Platform& wanted) {
  std::vector<std::string> available;
  for (const auto& entry : index.manifests) {
    if (skipped_entry(entry)) continue;
    if (!entry.platform) continue;
    if (platform_matches(*entry.platform, wanted)) return entry;
    available.push_back(entry.platform->str());
  }
  const auto listed = available.empty() ? std::string("none") : util::join(available, ", ");
  return util::failure(fmt::format("the image index has no {} image (available: {})", wanted.str(), listed));
}

util::Result<Platform> parse_config_platform(std::string_view config_body) {
  const auto doc = json::parse(config_body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return util::failure("image config is not a JSON object");
  return Platform{string_field(doc, "os"), normalise_arch(string_field(doc, "architecture")), string_field(doc, "variant")};
}

}  // namespace cococtl::oci
