#pragma once
// Publishes synthetic podvm images with plain HTTP calls of the distribution API (monolithic
// blob upload: POST then PUT ?digest=, manifest PUT), independent of the client under test.

#include "pki.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace httplib {
class Client;
}

namespace cococtl::oci::test {

class Pusher {
 public:
  // `authorization`: the full header value ("Basic …" / "Bearer …"), or "" for none.
  Pusher(const std::string& base_url, const TestPki& pki, std::string authorization);
  ~Pusher();

  // Uploads a blob and returns its digest. Throws std::runtime_error on any non-success answer.
  std::string push_blob(const std::string& repository, const std::string& data);
  // PUTs a manifest under `reference` (tag or digest); returns the registry's digest for it.
  std::string push_manifest(const std::string& repository, const std::string& reference, const std::string& body,
                            const std::string& media_type);

 private:
  std::unique_ptr<httplib::Client> m_client;
  std::string m_authorization;
};

enum class ManifestKind { oci, docker };

struct LayerBlob {
  std::string data;
  std::string media_type;
};

struct PushedImage {
  std::string digest;  // manifest digest
  std::string manifest;
  std::vector<std::string> layer_digests;  // base first
  std::string config_digest;
  std::size_t size = 0;  // manifest bytes
};

// Pushes config + layers + an image manifest (tagged when `tag` is not empty, else by digest).
PushedImage push_image(Pusher& pusher, const std::string& repository, const std::vector<LayerBlob>& layers,
                       ManifestKind kind, const std::string& tag = "",
                       const std::map<std::string, std::string>& annotations = {}, const std::string& architecture = "amd64");

struct IndexEntry {
  PushedImage image;
  std::string os = "linux";
  std::string architecture = "amd64";
  std::string variant;
};

// Pushes an OCI index or Docker manifest list under `tag`; returns its digest.
std::string push_index(Pusher& pusher, const std::string& repository, const std::string& tag,
                       const std::vector<IndexEntry>& entries, ManifestKind kind);

// A measurements.json as the build pipeline writes it (values with "0x").
std::string measurements_file(const std::string& pcr03, const std::string& pcr09, const std::string& pcr11,
                              const std::string& pcr12);

// The io.github.confidential-containers.measurements.* annotations for the same values.
std::map<std::string, std::string> measurement_annotations(const std::string& pcr03, const std::string& pcr09,
                                                           const std::string& pcr11, const std::string& pcr12);

}  // namespace cococtl::oci::test
