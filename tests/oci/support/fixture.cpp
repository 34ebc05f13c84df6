#include "fixture.hpp"

#include <cococtl/crypto/encoding.hpp>

#include <fmt/format.h>

namespace cococtl::oci::test {

std::string pcr_value(char seed) { return "00" + std::string(62, seed); }

std::string basic_authorization(const std::string& user, const std::string& password) {
  return "Basic " + crypto::base64_encode(user + ":" + password);
}

std::string auth_json(const std::string& key, const std::string& user, const std::string& password) {
  return fmt::format(R"({{"auths":{{"{}":{{"auth":"{}"}}}}}})", key, crypto::base64_encode(user + ":" + password));
}

std::string podvm_layer(const std::string& measurements, TarCompression compression, std::size_t qcow2_bytes) {
  std::string qcow2(qcow2_bytes, '\0');
  for (std::size_t i = 0; i < qcow2.size(); ++i) qcow2[i] = static_cast<char>((i * 2654435761u) >> 13);
  return make_tar({{"image", "", EntryType::directory},
                   {"image/measurements.json", measurements},
                   {"image/podvm.qcow2", qcow2}},
                  compression);
}

Sandbox::Sandbox() : m_pki(make_test_pki(m_dir.path())) {
  std::filesystem::create_directories(home());
}

RunResult Sandbox::cococtl(const std::vector<std::string>& args, const EnvChanges& extra_env) const {
  std::vector<std::string> argv{COCOCTL_BINARY_DIR "/bin/cococtl", "--secrets-dir", secrets().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  EnvChanges env{{"HOME", home().string()},     {"REGISTRY_AUTH_FILE", std::nullopt}, {"PULL_SECRET", std::nullopt},
                 {"XDG_RUNTIME_DIR", std::nullopt}, {"XDG_CONFIG_HOME", std::nullopt},   {"DOCKER_CONFIG", std::nullopt},
                 {"NO_COLOR", "1"}};
  for (const auto& [k, v] : extra_env) env[k] = v;
  return run_program(argv, env);
}

RegistrySandbox::RegistrySandbox(RegistrySetup setup) {
  m_registry = std::make_unique<LocalRegistry>(pki(), setup);
  m_pusher = std::make_unique<Pusher>(m_registry->url(), pki(), basic_authorization(setup.user, setup.password));
  spit(auth_file(), auth_json(m_registry->host(), setup.user, setup.password));
}

std::string RegistrySandbox::image(const std::string& tag, const std::string& repository) const {
  return fmt::format("{}/{}:{}", m_registry->host(), repository, tag);
}

RunResult RegistrySandbox::update(const std::string& image_ref, const std::vector<std::string>& extra) const {
  std::vector<std::string> args{"pcr", "update", "--image", image_ref, "--auth-file", auth_file().string(),
                                "--registry-ca", pki().ca_cert.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return cococtl(args);
}

PushedImage RegistrySandbox::push_podvm(const std::string& tag, char seed, TarCompression compression, ManifestKind kind) {
  const auto file = measurements_file(pcr_value(seed), pcr_value(seed + 1), pcr_value(seed + 2), pcr_value(seed + 3));
  const char* type = compression == TarCompression::zstd   ? "application/vnd.oci.image.layer.v1.tar+zstd"
                     : compression == TarCompression::none ? "application/vnd.oci.image.layer.v1.tar"
                     : kind == ManifestKind::docker        ? "application/vnd.docker.image.rootfs.diff.tar.gzip"
                                                           : "application/vnd.oci.image.layer.v1.tar+gzip";
  return push_image(*m_pusher, "podvm", {{podvm_layer(file, compression), type}}, kind, tag);
}

}  // namespace cococtl::oci::test
