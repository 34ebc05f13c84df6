#include "tls.hpp"

#include <cococtl/util/fs.hpp>

namespace cococtl::net::detail {
namespace {

util::Result<TrustSources> trust_sources(const TlsConfig& tls) {
  TrustSources sources;
  sources.system = tls.ca_file.empty() && tls.ca_pem.empty();
  auto files = tls.extra_ca_files;
  if (!tls.ca_file.empty()) files.insert(files.begin(), tls.ca_file);
  for (const auto& file : files) {
    COCO_TRY_ASSIGN(auto pem, util::read_file(file).context("cannot read CA file"));
    sources.pems.push_back({file, std::move(pem)});
  }
  if (!tls.ca_pem.empty()) sources.pems.push_back({"CA data", tls.ca_pem});
  return sources;
}

// curl calls this for every new TLS connection, after its own (empty) CA setup.
CURLcode install_trust_store(CURL* /*easy*/, void* ssl_ctx, void* store) {
  curl().ssl_ctx_set1_cert_store(ssl_ctx, static_cast<X509_STORE*>(store));
  return CURLE_OK;
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
  if (out.insecure) return out;
  auto store = trust_sources(tls);
  auto trust = store ? make_trust_store(*store) : util::Result<TrustStore>(std::move(store).error());
  if (!trust) {
    out.problem = trust.error().message;
    return out;
  }
  out.trust = std::move(*trust);
  return out;
}

void apply_tls(CURL* easy, const PreparedTls& tls) {
  if (tls.trust) {
    // No CA file for curl to parse per connection: the shared store is installed instead.
    curl().easy_setopt(easy, CURLOPT_CAINFO, static_cast<char*>(nullptr));
    curl().easy_setopt(easy, CURLOPT_CAPATH, static_cast<char*>(nullptr));
    curl().easy_setopt(easy, CURLOPT_SSL_CTX_FUNCTION, &install_trust_store);
    curl().easy_setopt(easy, CURLOPT_SSL_CTX_DATA, static_cast<void*>(tls.trust.get()));
  }
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
