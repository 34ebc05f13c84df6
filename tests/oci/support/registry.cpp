#include "registry.hpp"

#include <fmt/format.h>
#include <httplib.h>

#include <regex>
#include <stdexcept>
#include <thread>

namespace cococtl::oci::test {
namespace {

constexpr auto k_start_limit = std::chrono::seconds(20);

std::string config_yaml(const RegistrySetup& s, const TestPki& pki, const std::filesystem::path& dir) {
  std::string yaml = fmt::format(R"(version: 0.1
log:
  level: info
  accesslog:
    disabled: false
storage:
  filesystem:
    rootdirectory: {}
  delete:
    enabled: true
http:
  addr: 127.0.0.1:0
  secret: cococtl-test-secret
)", (dir / "data").string());
  if (s.tls) yaml += fmt::format("  tls:\n    certificate: {}\n    key: {}\n", pki.server_cert.string(), pki.server_key.string());
  if (s.auth == RegistryAuth::htpasswd) {
    yaml += fmt::format("auth:\n  htpasswd:\n    realm: test-realm\n    path: {}\n", (dir / "htpasswd").string());
  } else if (s.auth == RegistryAuth::token) {
    yaml += fmt::format("auth:\n  token:\n    realm: {}\n    service: {}\n    issuer: {}\n    rootcertbundle: {}\n",
                        s.token_realm, s.token_service, s.token_issuer, pki.sign_cert.string());
  }
  return yaml;
}

void write_htpasswd(const RegistrySetup& s, const std::filesystem::path& file) {
  const auto result = run_program({"htpasswd", "-Bbn", s.user, s.password});
  if (result.exit_code != 0) throw std::runtime_error("htpasswd failed: " + result.err);
  spit(file, result.out);
}

std::unique_ptr<httplib::Client> client_for(const std::string& url, const TestPki& pki) {
  auto client = std::make_unique<httplib::Client>(url);
  client->set_ca_cert_path(pki.ca_cert.c_str());
  client->set_connection_timeout(std::chrono::seconds(2));
  return client;
}

}  // namespace

LocalRegistry::LocalRegistry(const TestPki& pki, RegistrySetup setup) : m_setup(std::move(setup)), m_pki(pki) {
  if (m_setup.auth == RegistryAuth::htpasswd) write_htpasswd(m_setup, m_dir / "htpasswd");
  spit(m_dir / "config.yml", config_yaml(m_setup, m_pki, m_dir.path()));
  m_process = std::make_unique<ChildProcess>(std::vector<std::string>{"docker-registry", "serve", (m_dir / "config.yml").string()},
                                             m_dir / "access.log", m_dir / "registry.log");
  const std::regex listening(R"(listening on 127\.0\.0\.1:(\d+))");
  const auto deadline = std::chrono::steady_clock::now() + k_start_limit;
  std::smatch match;
  while (m_port == 0) {
    const auto text = log();
    if (std::regex_search(text, match, listening)) m_port = std::stoi(match[1]);
    if (m_port == 0 && (!m_process->running() || std::chrono::steady_clock::now() > deadline)) {
      throw std::runtime_error("docker-registry did not start:\n" + text);
    }
    if (m_port == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  auto client = client_for(url(), m_pki);
  while (!client->Get("/v2/")) {
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("docker-registry never answered /v2/:\n" + log());
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

LocalRegistry::~LocalRegistry() { m_process->kill(); }

std::string LocalRegistry::url() const { return fmt::format("{}://{}", m_setup.tls ? "https" : "http", host()); }

std::string LocalRegistry::log() const { return slurp(m_dir / "registry.log"); }

std::filesystem::path LocalRegistry::blob_data_path(const std::string& digest) const {
  const auto hex = digest.substr(digest.find(':') + 1);
  return m_dir / "data/docker/registry/v2/blobs/sha256" / hex.substr(0, 2) / hex / "data";
}

std::vector<AccessLogEntry> LocalRegistry::access_log() {
  const auto marker = fmt::format("/v2/?cococtl-marker={}", ++m_markers);
  client_for(url(), m_pki)->Get(marker.c_str());
  // Combined log format: 127.0.0.1 - user [date] "GET /path HTTP/1.1" 200 12 "referer" "agent"
  const std::regex line(R"re(^\S+ \S+ \S+ \[[^\]]*\] "(\S+) (\S+) [^"]*" (\d+) \S+ "[^"]*" "([^"]*)")re");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (true) {
    std::vector<AccessLogEntry> entries;
    bool seen = false;
    std::istringstream in(slurp(m_dir / "access.log"));
    for (std::string text; std::getline(in, text);) {
      std::smatch m;
      if (!std::regex_search(text, m, line)) continue;
      if (m[2] == marker) {
        seen = true;
        break;
      }
      if (m[2].str().find("cococtl-marker=") == std::string::npos) entries.push_back({m[1], m[2], std::stoi(m[3]), m[4]});
    }
    if (seen) return entries;
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("marker request never logged");
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace cococtl::oci::test
