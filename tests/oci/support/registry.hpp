#pragma once
// Debian's docker-registry (distribution 2.8) on 127.0.0.1, port chosen by the kernel, with
// TLS from the test CA and htpasswd (bcrypt) or token auth. Killed by the destructor.

#include "pki.hpp"
#include "process.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace cococtl::oci::test {

enum class RegistryAuth { none, htpasswd, token };

struct RegistrySetup {
  bool tls = true;
  RegistryAuth auth = RegistryAuth::htpasswd;
  std::string user = "tester";
  std::string password = "s3cret-pass";
  std::string token_realm;  // RegistryAuth::token
  std::string token_service = "test-registry";
  std::string token_issuer = "test-issuer";
};

struct AccessLogEntry {
  std::string method;
  std::string path;  // request target, query included
  int status = 0;
  std::string user_agent;
};

class LocalRegistry {
 public:
  // Writes a config, starts `docker-registry serve`, reads the port from its log and polls
  // GET /v2/ until it answers (bounded). Throws std::runtime_error with the log on failure.
  LocalRegistry(const TestPki& pki, RegistrySetup setup);
  ~LocalRegistry();

  const RegistrySetup& setup() const { return m_setup; }
  // "127.0.0.1:<port>".
  std::string host() const { return "127.0.0.1:" + std::to_string(m_port); }
  // "https://127.0.0.1:<port>" (http:// without TLS).
  std::string url() const;
  // Requests served so far, in order. Sends a marker request first and waits until it is
  // logged, so every earlier request is in the list.
  std::vector<AccessLogEntry> access_log();
  // Where the filesystem driver keeps a blob's bytes (to corrupt it in place).
  std::filesystem::path blob_data_path(const std::string& digest) const;
  // The registry's stderr so far (for failure messages).
  std::string log() const;

 private:
  RegistrySetup m_setup;
  TestPki m_pki;
  TempDir m_dir{"cococtl-registry"};
  std::unique_ptr<ChildProcess> m_process;
  int m_port = 0;
  int m_markers = 0;
};

}  // namespace cococtl::oci::test
