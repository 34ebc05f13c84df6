#include <cococtl/oci/certs.hpp>

#include <cococtl/util/fs.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <system_error>

namespace cococtl::oci {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> sorted_entries(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec)) out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::vector<fs::path> default_certs_dirs() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const fs::path config = xdg && *xdg ? fs::path(xdg) : util::home_directory() / ".config";
  return {"/etc/containers/certs.d", "/etc/docker/certs.d", config / "containers/certs.d"};
}

RegistryTlsFiles registry_tls_files(const std::string& registry, const std::vector<fs::path>& dirs) {
  RegistryTlsFiles files;
  if (registry.empty() || registry.find('/') != std::string::npos || registry.starts_with('.')) return files;
  for (const auto& dir : dirs) {
    for (const auto& path : sorted_entries(dir / registry)) {
      const auto ext = path.extension();
      if (ext == ".crt") {
        files.ca_files.push_back(path);
      } else if (ext == ".cert" && files.client_cert.empty()) {
        auto key = path;
        key.replace_extension(".key");
        std::error_code ec;
        if (fs::is_regular_file(key, ec)) {
          files.client_cert = path;
          files.client_key = key;
        } else {
          spdlog::warn("{}: client certificate without a matching .key file; ignored", path.string());
        }
      }
    }
  }
  for (const auto& ca : files.ca_files) spdlog::debug("registry {}: trusting CA file {}", registry, ca.string());
  return files;
}

}  // namespace cococtl::oci
