#include "pusher.hpp"

#include "tar_builder.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <stdexcept>

namespace cococtl::oci::test {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

std::string path_of(const std::string& location) {
  const auto scheme = location.find("://");
  if (scheme == std::string::npos) return location;
  const auto slash = location.find('/', scheme + 3);
  return slash == std::string::npos ? "/" : location.substr(slash);
}

void expect(const httplib::Result& res, int status, const std::string& what) {
  if (!res) throw std::runtime_error(what + ": " + httplib::to_string(res.error()));
  if (res->status != status) throw std::runtime_error(fmt::format("{}: HTTP {} {}", what, res->status, res->body));
}

}  // namespace

Pusher::Pusher(const std::string& base_url, const TestPki& pki, std::string authorization)
    : m_client(std::make_unique<httplib::Client>(base_url)), m_authorization(std::move(authorization)) {
  m_client->set_ca_cert_path(pki.ca_cert.c_str());
  if (!m_authorization.empty()) m_client->set_default_headers({{"Authorization", m_authorization}});
}

Pusher::~Pusher() = default;

std::string Pusher::push_blob(const std::string& repository, const std::string& data) {
  const auto digest = sha256_digest(data);
  auto started = m_client->Post(fmt::format("/v2/{}/blobs/uploads/", repository).c_str());
  expect(started, 202, "start upload");
  auto location = path_of(started->get_header_value("Location"));
  location += location.find('?') == std::string::npos ? '?' : '&';
  location += "digest=" + digest;
  // Content-Type is required: without it the Go server parses the body as a form (empty blob).
  expect(m_client->Put(location.c_str(), data, "application/octet-stream"), 201, "upload " + digest);
  return digest;
}

std::string Pusher::push_manifest(const std::string& repository, const std::string& reference, const std::string& body,
                                  const std::string& media_type) {
  auto res = m_client->Put(fmt::format("/v2/{}/manifests/{}", repository, reference).c_str(), body, media_type.c_str());
  expect(res, 201, "put manifest " + reference);
  return res->get_header_value("Docker-Content-Digest");
}

PushedImage push_image(Pusher& pusher, const std::string& repository, const std::vector<LayerBlob>& layers,
                       ManifestKind kind, const std::string& tag, const std::map<std::string, std::string>& annotations,
                       const std::string& architecture) {
  const bool oci = kind == ManifestKind::oci;
  PushedImage image;
  ordered_json diff_ids = json::array();
  ordered_json layer_descs = json::array();
  for (const auto& layer : layers) {
    image.layer_digests.push_back(pusher.push_blob(repository, layer.data));
    layer_descs.push_back({{"mediaType", layer.media_type}, {"digest", image.layer_digests.back()}, {"size", layer.data.size()}});
    diff_ids.push_back(image.layer_digests.back());  // not the uncompressed digest; the client does not check diff_ids
  }
  const ordered_json config{{"architecture", architecture}, {"os", "linux"}, {"rootfs", {{"type", "layers"}, {"diff_ids", diff_ids}}}};
  const auto config_text = config.dump();
  image.config_digest = pusher.push_blob(repository, config_text);
  const auto type = oci ? "application/vnd.oci.image.manifest.v1+json" : "application/vnd.docker.distribution.manifest.v2+json";
  ordered_json manifest{{"schemaVersion", 2}, {"mediaType", type},
                        {"config", {{"mediaType", oci ? "application/vnd.oci.image.config.v1+json" : "application/vnd.docker.container.image.v1+json"},
                                    {"digest", image.config_digest}, {"size", config_text.size()}}},
                        {"layers", layer_descs}};
  if (!annotations.empty()) manifest["annotations"] = annotations;
  image.manifest = manifest.dump();
  image.size = image.manifest.size();
  image.digest = sha256_digest(image.manifest);
  pusher.push_manifest(repository, tag.empty() ? image.digest : tag, image.manifest, type);
  return image;
}

std::string push_index(Pusher& pusher, const std::string& repository, const std::string& tag,
                       const std::vector<IndexEntry>& entries, ManifestKind kind) {
  const bool oci = kind == ManifestKind::oci;
  ordered_json manifests = json::array();
  for (const auto& e : entries) {
    ordered_json platform{{"architecture", e.architecture}, {"os", e.os}};
    if (!e.variant.empty()) platform["variant"] = e.variant;
    manifests.push_back({{"mediaType", json::parse(e.image.manifest)["mediaType"]}, {"digest", e.image.digest},
                         {"size", e.image.size}, {"platform", platform}});
  }
  const auto type = oci ? "application/vnd.oci.image.index.v1+json" : "application/vnd.docker.distribution.manifest.list.v2+json";
  const ordered_json index{{"schemaVersion", 2}, {"mediaType", type}, {"manifests", manifests}};
  const auto body = index.dump();
  pusher.push_manifest(repository, tag, body, type);
  return sha256_digest(body);
}

std::string measurements_file(const std::string& pcr03, const std::string& pcr09, const std::string& pcr11,
                              const std::string& pcr12) {
  return fmt::format(R"({{"measurements":{{"sha256":{{"pcr03":"0x{}","pcr09":"0x{}","pcr11":"0x{}","pcr12":"0x{}"}}}}}})",
                     pcr03, pcr09, pcr11, pcr12);
}

std::map<std::string, std::string> measurement_annotations(const std::string& pcr03, const std::string& pcr09,
                                                           const std::string& pcr11, const std::string& pcr12) {
  const std::string p = "io.github.confidential-containers.measurements.";
  return {{p + "algorithm", "sha256"}, {p + "pcr03", "0x" + pcr03}, {p + "pcr09", "0x" + pcr09},
          {p + "pcr11", "0x" + pcr11}, {p + "pcr12", "0x" + pcr12}};
}

}  // namespace cococtl::oci::test
