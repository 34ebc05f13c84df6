#pragma once
// The common setup of the registry tests: a temp folder with test PKI, an isolated HOME,
// a secrets folder, a TLS+htpasswd docker-registry, a pusher logged in to it, an auth file,
// and a way to run the real cococtl binary against it.

#include "pki.hpp"
#include "process.hpp"
#include "pusher.hpp"
#include "registry.hpp"
#include "tar_builder.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace cococtl::oci::test {

// 64 hex digits from a seed character; the first two are "00" so any lstrip("0x") bug shows.
std::string pcr_value(char seed);

// "Basic base64(user:pass)".
std::string basic_authorization(const std::string& user, const std::string& password);

// {"auths":{"<key>":{"auth":"base64(user:pass)"}}}.
std::string auth_json(const std::string& key, const std::string& user, const std::string& password);

// A podvm layer: image/podvm.qcow2 (`qcow2_bytes` of filler) and image/measurements.json.
std::string podvm_layer(const std::string& measurements, TarCompression compression = TarCompression::gzip,
                        std::size_t qcow2_bytes = 256 * 1024);

class Sandbox {
 public:
  Sandbox();
  const TestPki& pki() const { return m_pki; }
  std::filesystem::path home() const { return m_dir / "home"; }
  std::filesystem::path secrets() const { return m_dir / "secrets"; }
  std::filesystem::path path(const std::string& name) const { return m_dir / name; }
  // Runs `cococtl --secrets-dir <secrets> <args…>` with HOME=<home> and no registry variables.
  RunResult cococtl(const std::vector<std::string>& args, const EnvChanges& extra_env = {}) const;

 private:
  TempDir m_dir{"cococtl-pcr"};
  TestPki m_pki;
};

// Sandbox + TLS/htpasswd registry + pusher + auth file (at path("auth.json")).
class RegistrySandbox : public Sandbox {
 public:
  explicit RegistrySandbox(RegistrySetup setup = {});
  LocalRegistry& registry() { return *m_registry; }
  Pusher& pusher() { return *m_pusher; }
  std::filesystem::path auth_file() const { return path("auth.json"); }
  // "127.0.0.1:<port>/podvm:<tag>".
  std::string image(const std::string& tag, const std::string& repository = "podvm") const;
  // cococtl pcr update --image … --auth-file … --registry-ca … plus `extra`.
  RunResult update(const std::string& image, const std::vector<std::string>& extra = {}) const;
  // Pushes a one-layer podvm image with measurements (p3, p9, p11, p12) under `tag`.
  PushedImage push_podvm(const std::string& tag, char seed, TarCompression compression = TarCompression::gzip,
                         ManifestKind kind = ManifestKind::oci);

 private:
  std::unique_ptr<LocalRegistry> m_registry;
  std::unique_ptr<Pusher> m_pusher;
};

}  // namespace cococtl::oci::test
