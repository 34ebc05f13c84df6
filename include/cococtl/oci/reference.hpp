#pragma once
// Image references as podman/skopeo understand them: `[registry/]repo[:tag][@sha256:hex]`,
// with Docker Hub's short names normalised (`busybox` → `docker.io/library/busybox`).

#include <cococtl/util/result.hpp>

#include <string>
#include <string_view>

namespace cococtl::oci {

inline constexpr std::string_view k_docker_hub = "docker.io";

struct Reference {
  std::string registry;    // "quay.io", "127.0.0.1:5000", "[::1]:5000", "docker.io"
  std::string repository;  // "openshift-sandboxed-containers/osc-dm-verity-image"
  std::string tag;         // empty when only a digest was given
  std::string digest;      // "sha256:<64 hex>" or empty

  // "registry/repository".
  std::string name() const;
  // The canonical text: "registry/repository[:tag][@digest]".
  std::string str() const;
  // What to put after /manifests/: the digest when present, else the tag.
  std::string manifest_reference() const;
  // The host[:port] to connect to ("registry-1.docker.io" for Docker Hub).
  std::string api_host() const;
  // The same image pinned to `pinned_digest` (the tag is kept for display).
  Reference with_digest(std::string pinned_digest) const;
};

// Parses and normalises `text`. A missing tag and digest means tag "latest". Fails
// (invalid_input) on empty text, bad registry/repository/tag syntax or a digest that is not
// "sha256:" followed by 64 lowercase hex digits; the message quotes the reference.
util::Result<Reference> parse_reference(std::string_view text);

// True when `digest` is "sha256:" + 64 lowercase hex digits.
bool is_valid_digest(std::string_view digest);

// True for registries on this machine (127.0.0.0/8, ::1, localhost), where plain HTTP may be allowed.
bool is_loopback_registry(std::string_view registry);

// The host without a port: "127.0.0.1:5000" → "127.0.0.1", "[::1]:5000" → "::1".
std::string registry_host(std::string_view registry);

}  // namespace cococtl::oci
