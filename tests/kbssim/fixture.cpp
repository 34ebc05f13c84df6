#include "kbssim/fixture.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cococtl/crypto/certificate.hpp>
#include <cococtl/crypto/encoding.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace cococtl::test::kbssim {
namespace {

template <typename T>
T must(util::Result<T> r) {
  if (!r.ok()) throw std::runtime_error(r.error().message);
  return std::move(r).value();
}

// Drops the mustache section `{{#name}}...{{/name}}` or keeps its content.
std::string resolve_section(std::string text, const std::string& open, const std::string& close, bool keep) {
  const auto begin = text.find(open);
  const auto end = text.find(close);
  if (begin == std::string::npos || end == std::string::npos) return text;
  const std::string content = text.substr(begin + open.size(), end - begin - open.size());
  return text.replace(begin, end + close.size() - begin, keep ? content : "");
}

}  // namespace

std::string source_file(const std::string& relative) {
  std::ifstream in(std::string(COCOCTL_SOURCE_DIR) + "/" + relative, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + relative);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string rendered_kbs_config() {
  std::string text = source_file("templates/trustee/files/kbs-config.toml");
  text = resolve_section(text, "{{#computed.adminSimple}}", "{{/computed.adminSimple}}", true);
  text = resolve_section(text, "{{^computed.adminSimple}}", "{{/computed.adminSimple}}", false);
  return resolve_section(text, "{{#computed.gpu}}", "{{/computed.gpu}}", false);
}

Material make_material() {
  auto admin = must(crypto::PrivateKey::generate(crypto::KeyType::ed25519));
  auto ca_key = must(crypto::PrivateKey::generate(crypto::KeyType::ec_p256));
  crypto::CertificateSpec ca_spec;
  ca_spec.common_name = "test-ca";
  ca_spec.is_ca = true;
  auto ca = must(crypto::issue_certificate(ca_spec, ca_key, ca_key, nullptr));
  auto tls_key = must(crypto::PrivateKey::generate(crypto::KeyType::ec_p256));
  crypto::CertificateSpec tls_spec;
  tls_spec.common_name = k_host;
  tls_spec.dns_names = {k_host};
  tls_spec.ip_addresses = {"127.0.0.1"};
  tls_spec.server_auth = true;
  auto tls = must(crypto::issue_certificate(tls_spec, tls_key, ca_key, &ca));
  // The pattern's attestation-token certificate: self-signed EC P-256 (cert-manager selfSigned issuer).
  auto token_key = must(crypto::PrivateKey::generate(crypto::KeyType::ec_p256));
  crypto::CertificateSpec token_spec;
  token_spec.common_name = "kbs-trustee-operator-system";
  token_spec.is_ca = true;
  auto token_cert = must(crypto::issue_certificate(token_spec, token_key, token_key, nullptr));
  sim::kbs::KbsConfigInputs in;
  in.kbs_config_toml = rendered_kbs_config();
  in.admin_public_key_pem = must(admin.public_pem());
  in.https_cert_pem = must(tls.to_pem());
  in.https_key_pem = must(tls_key.to_pem());
  in.token_key_pem = must(token_key.to_pem());
  in.token_cert_chain_pem = must(token_cert.to_pem());
  in.resources["default/kbsres1/key1"] = k_secret;
  in.resource_policy_rego = source_file("templates/trustee/files/resource-policy.rego");
  in.attestation_policy_rego = source_file("templates/trustee/files/default-cpu.rego");
  in.reference_values_json = "[]";
  return Material{std::move(admin), must(ca.to_pem()), std::move(in)};
}

TestKbs::TestKbs(Material material, sim::kbs::ServerOptions options) : m_material(std::move(material)) {
  m_dir.write("ca.pem", m_material.ca_pem);
  m_server = must(sim::kbs::KbsServer::start(m_material.inputs, std::move(options)));
}

std::string TestKbs::url(const std::string& path) const {
  return fmt::format("https://{}:{}{}", k_host, m_server->port(), path);
}

HttpResult TestKbs::request(const std::string& method, const std::string& path, const std::string& body,
                            const std::vector<std::string>& headers, const std::string& jar) {
  const std::string headers_file = m_dir.file("headers.txt");
  std::vector<std::string> argv{"curl",      "-sS",
                                "--cacert",  m_dir.file("ca.pem"),
                                "--resolve", fmt::format("{}:{}:127.0.0.1", k_host, m_server->port()),
                                "-X",        method,
                                "-D",        headers_file,
                                "-w",        "\n%{http_code}",
                                url(path)};
  if (!body.empty() || method == "POST") {
    m_dir.write("body.bin", body);
    argv.insert(argv.end(), {"--data-binary", "@" + m_dir.file("body.bin")});
  }
  for (const auto& h : headers) argv.insert(argv.end(), {"-H", h});
  if (!jar.empty()) argv.insert(argv.end(), {"-b", m_dir.file(jar), "-c", m_dir.file(jar)});
  const auto result = run_command(argv, std::chrono::seconds(20));
  if (result.exit_code != 0) throw std::runtime_error("curl failed: " + result.err);
  const auto nl = result.out.rfind('\n');
  std::ifstream in(headers_file);
  std::ostringstream h;
  h << in.rdbuf();
  return HttpResult{std::stoi(result.out.substr(nl + 1)), result.out.substr(0, nl), h.str()};
}

HttpResult TestKbs::admin(const std::string& method, const std::string& path, const std::string& body,
                          const std::string& token) {
  return request(method, path, body, {"Authorization: Bearer " + token, "Content-Type: application/json"});
}

std::string b64url(const std::string& bytes) { return crypto::base64_encode(bytes, true); }

long long now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string openssl_admin_token(const TempDir& dir, const crypto::PrivateKey& key, const nlohmann::json& claims) {
  const std::string input = b64url(R"({"alg":"EdDSA","typ":"JWT"})") + "." + b64url(claims.dump());
  dir.write("admin.key", must(key.to_pem()));
  dir.write("jwt-input", input);
  const auto sig = run_command({"openssl", "pkeyutl", "-sign", "-inkey", dir.file("admin.key"), "-rawin", "-in",
                                dir.file("jwt-input"), "-out", dir.file("jwt-sig")},
                               std::chrono::seconds(20));
  if (sig.exit_code != 0) throw std::runtime_error("openssl pkeyutl failed: " + sig.err);
  std::ifstream in(dir.file("jwt-sig"), std::ios::binary);
  std::ostringstream raw;
  raw << in.rdbuf();
  return input + "." + b64url(raw.str());
}

std::string error_body(const std::string& variant, const std::string& detail) {
  return fmt::format(R"({{"type":"https://github.com/confidential-containers/kbs/errors/{}","detail":{}}})", variant,
                     nlohmann::json(detail).dump());
}

}  // namespace cococtl::test::kbssim
