#pragma once
// A read-only OCI distribution client for one registry: `/v2/` ping, Basic or Bearer token
// auth, manifests verified against their digests, blobs streamed and verified while they
// arrive, redirects followed without leaking credentials, retries with backoff.

#include <cococtl/oci/credentials.hpp>
#include <cococtl/oci/manifest.hpp>
#include <cococtl/oci/reference.hpp>
#include <cococtl/util/result.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cococtl::oci {

struct ClientOptions {
  std::string auth_file;                        // --auth-file ("" = the default lookup)
  std::vector<std::string> registry_ca_files;   // --registry-ca, trusted besides the system store
  bool insecure_registry = false;               // plain HTTP, allowed for loopback registries only
  std::vector<std::filesystem::path> certs_dirs;  // empty = default_certs_dirs()
  std::optional<CredentialEnvironment> environment;  // nullopt = the process environment
  int max_attempts = 5;                         // per request, for 429/5xx/connection resets
  std::chrono::milliseconds base_delay{200};
  std::chrono::milliseconds request_timeout{60000};  // manifests, tokens, pings
  std::chrono::milliseconds blob_timeout{0};         // 0 = no limit (multi-GB layers); SIGINT still stops
  std::size_t max_manifest_bytes = 4 * 1024 * 1024;
  std::string user_agent = "cococtl";
};

struct FetchedManifest {
  std::string digest;      // sha256 of the exact bytes, verified
  std::string media_type;  // Content-Type without parameters
  std::string body;
  ManifestDocument document;
};

// Called with each chunk of a blob; return false to stop receiving chunks (the download
// continues for verification unless the sink's caller asked to stop early).
using BlobSink = std::function<bool(std::string_view)>;

struct BlobOptions {
  bool stop_when_sink_done = false;  // true: end the transfer once the sink returns false (no digest check)
};

struct BlobStats {
  std::int64_t bytes = 0;   // bytes received (== descriptor size when verified)
  bool verified = false;    // digest and size were checked
  int requests = 0;         // HTTP requests made, redirects and resumes included
};

class RegistryClient {
 public:
  // A client for `ref`'s registry and repository: reads credentials and certs.d folders.
  // Fails (invalid_input) on a malformed auth file, a missing --auth-file/--registry-ca, or
  // --insecure-registry for a registry that is not on loopback.
  static util::Result<std::unique_ptr<RegistryClient>> create(const Reference& ref, ClientOptions options);
  ~RegistryClient();
  RegistryClient(const RegistryClient&) = delete;
  RegistryClient& operator=(const RegistryClient&) = delete;

  // GET /v2/<repo>/manifests/<tag or digest> with every manifest type accepted. The body's
  // sha256 must match a requested digest and any Docker-Content-Digest. Fails (failure) with
  // the registry's own words ("MANIFEST_UNKNOWN: tag 1.12.0 not found in …"), on auth
  // problems naming where the credentials came from, or on digest mismatches.
  util::Result<FetchedManifest> get_manifest(std::string_view tag_or_digest);

  // Streams blob `descriptor` into `sink`, hashing the compressed bytes. Fails (failure) when
  // the registry refuses, more bytes than descriptor.size arrive, or (when the whole blob was
  // read) the size or sha256 differ; the error then says the blob is corrupt.
  util::Result<BlobStats> stream_blob(const Descriptor& descriptor, const BlobSink& sink, BlobOptions options = {});

  // A small blob (image config) in memory, verified. Fails like stream_blob or when larger than `max_bytes`.
  util::Result<std::string> get_blob(const Descriptor& descriptor, std::size_t max_bytes = 4 * 1024 * 1024);

  // Where the credentials in use come from ("anonymous" when none).
  std::string credential_source() const;

  class Impl;

 private:
  explicit RegistryClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

// What a reference resolves to for one platform.
struct ResolvedImage {
  Reference reference;          // as asked (tag kept for display)
  std::string digest;           // what the tag points to (index or manifest)
  std::string manifest_digest;  // the platform's image manifest
  Platform platform;
  bool platform_checked = false;  // picked from an index; a bare manifest's config is checked by find_file
  ImageManifest manifest;
};

// Resolves `ref` to the image manifest for `platform` (following nested indexes up to 4
// levels). Downloads no blob: a bare image manifest's platform (in its config) is checked
// by find_file. Fails (failure) naming the platforms available.
util::Result<ResolvedImage> resolve_image(RegistryClient& client, const Reference& ref, const Platform& platform);

struct FoundFile {
  std::string content;
  std::string layer_digest;
  int layers_read = 0;
};

// Finds `path` in the image's filesystem, reading layers top-down and honouring whiteouts and
// opaque folders, keeping only that file (≤ max_bytes) in memory. nullopt when no layer has it.
// Fails when the image is for another platform (bare manifests: read from the config), a layer
// is corrupt, unsafe (see LayerSearch) or not a tar layer.
util::Result<std::optional<FoundFile>> find_file(RegistryClient& client, const ResolvedImage& image, std::string_view path,
                                                 std::size_t max_bytes, BlobOptions options = {});

}  // namespace cococtl::oci
