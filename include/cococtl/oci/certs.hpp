#pragma once
// Per-registry TLS material the way podman finds it: certs.d/<host[:port]>/ folders holding
// CA certificates (*.crt) and client certificate pairs (*.cert + *.key).

#include <filesystem>
#include <string>
#include <vector>

namespace cococtl::oci {

struct RegistryTlsFiles {
  std::vector<std::filesystem::path> ca_files;  // *.crt, sorted by name
  std::filesystem::path client_cert;            // first *.cert that has a matching *.key
  std::filesystem::path client_key;
};

// /etc/containers/certs.d, /etc/docker/certs.d and ${XDG_CONFIG_HOME:-~/.config}/containers/certs.d.
std::vector<std::filesystem::path> default_certs_dirs();

// Collects the files in <dir>/<registry>/ of every `dirs` entry (registry as written in the
// reference, "host" or "host:port"). Missing or unreadable folders are skipped; never fails.
RegistryTlsFiles registry_tls_files(const std::string& registry, const std::vector<std::filesystem::path>& dirs);

}  // namespace cococtl::oci
