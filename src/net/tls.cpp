#include "tls.hpp"

#include <cococtl/util/fs.hpp>

#include <spdlog/spdlog.h>

namespace cococtl::net::detail {
namespace {

// The system bundle curl would use, so extra CAs can be added to it instead of replacing it.
std::string default_ca_path() {
  CURL* easy = curl().easy_init();
  char* path = nullptr;
  std::string result;
  if (easy && curl().easy_getinfo(easy, CURLINFO_CAINFO, &path) == CURLE_OK && path) result = path;
  if (easy) curl().easy_cleanup(easy);
  return result;
}

bool append_file(std::string& bundle, const std::string& path, std::string& problem) {
  auto content = util::read_file(path);
  if (!content.ok()) {
    problem = "cannot read CA file: " + content.error().message;
    return false;
  }
  bundle += *content;
  if (!bundle.empty() && bundle.back() != '\n') bundle += '\n';
  return true;
}

void set_blob(CURL* easy, CURLoption option, const std::string& pem) {
  curl_blob blob{const_cast<char*>(pem.data()), pem.size(), CURL_BLOB_COPY};
  curl().easy_setopt(easy, option, &blob);
}

}  // namespace

PreparedTls prepare_tls(const TlsConfig& tls) {
  PreparedTls out{{}, tls.client_cert_pem, tls.client_key_pem, tls.insecure_skip_verify, tls.server_name, {}};
  if (tls.client_cert_pem.empty() != tls.client_key_pem.empty()) {
    out.problem = "a client certificate needs both the certificate and the key";
    return out;
  }
  const bool custom_root = !tls.ca_file.empty() || !tls.ca_pem.empty();
  if (!custom_root && !tls.extra_ca_files.empty()) {
    const std::string system = default_ca_path();
    if (!system.empty() && !append_file(out.ca_bundle, system, out.problem)) return out;
  }
  if (!tls.ca_file.empty() && !append_file(out.ca_bundle, tls.ca_file, out.problem)) return out;
  out.ca_bundle += tls.ca_pem;
  if (!out.ca_bundle.empty() && out.ca_bundle.back() != '\n') out.ca_bundle += '\n';
  for (const auto& extra : tls.extra_ca_files) {
    if (!append_file(out.ca_bundle, extra, out.problem)) return out;
  }
  if (custom_root && out.ca_bundle.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
    out.problem = "the CA bundle contains no PEM certificate";
  }
  return out;
}

void apply_tls(CURL* easy, const PreparedTls& tls) {
  if (!tls.ca_bundle.empty()) set_blob(easy, CURLOPT_CAINFO_BLOB, tls.ca_bundle);
  if (!tls.client_cert_pem.empty()) {
    set_blob(easy, CURLOPT_SSLCERT_BLOB, tls.client_cert_pem);
    set_blob(easy, CURLOPT_SSLKEY_BLOB, tls.client_key_pem);
    curl().easy_setopt(easy, CURLOPT_SSLCERTTYPE, "PEM");
    curl().easy_setopt(easy, CURLOPT_SSLKEYTYPE, "PEM");
  }
  const long verify = tls.insecure ? 0L : 1L;
  curl().easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, verify);
  curl().easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, tls.insecure ? 0L : 2L);
}

}  // namespace cococtl::net::detail
