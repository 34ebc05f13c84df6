// OpenSSL plumbing for the server: load PEM material into the SSL_CTX, ask for (but do not
// require) a client certificate, and read the verified certificate's CN/O as user/groups.
#include "sim/http/auth.hpp"
#include "sim/http/server.hpp"

#include <httplib.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <memory>

namespace cococtl::sim {
namespace {

struct BioDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

BioPtr memory_bio(const std::string& pem) { return BioPtr(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()))); }

std::vector<std::string> name_entries(X509_NAME* name, int nid) {
  std::vector<std::string> out;
  for (int i = X509_NAME_get_index_by_NID(name, nid, -1); i >= 0; i = X509_NAME_get_index_by_NID(name, nid, i)) {
    ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
    unsigned char* utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, data);
    if (length >= 0) out.emplace_back(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(length));
    OPENSSL_free(utf8);
  }
  return out;
}

}  // namespace

bool configure_tls(SSL_CTX& ctx, const TlsMaterial& tls) {
  auto cert_bio = memory_bio(tls.server_cert_pem);
  auto key_bio = memory_bio(tls.server_key_pem);
  X509* cert = PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr);
  EVP_PKEY* key = PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr);
  const bool loaded = cert != nullptr && key != nullptr && SSL_CTX_use_certificate(&ctx, cert) == 1 &&
                      SSL_CTX_use_PrivateKey(&ctx, key) == 1 && SSL_CTX_check_private_key(&ctx) == 1;
  X509_free(cert);
  EVP_PKEY_free(key);
  if (!loaded) return false;
  X509_STORE* store = SSL_CTX_get_cert_store(&ctx);
  auto ca_bio = memory_bio(tls.client_ca_pem);
  while (X509* ca = PEM_read_bio_X509(ca_bio.get(), nullptr, nullptr, nullptr)) {
    X509_STORE_add_cert(store, ca);
    STACK_OF(X509_NAME)* names = SSL_CTX_get_client_CA_list(&ctx);
    if (names == nullptr) {
      names = sk_X509_NAME_new_null();
      SSL_CTX_set_client_CA_list(&ctx, names);
    }
    sk_X509_NAME_push(names, X509_NAME_dup(X509_get_subject_name(ca)));
    X509_free(ca);
  }
  ERR_clear_error();
  // Ask for a certificate but accept clients without one: they may bring a bearer token.
  SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER, nullptr);
  SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION);
  return true;
}

Identity certificate_identity(const httplib::Request& req) {
  X509* cert = SSL_get0_peer_certificate(req.ssl);
  if (cert == nullptr || SSL_get_verify_result(req.ssl) != X509_V_OK) return {};
  X509_NAME* subject = X509_get_subject_name(cert);
  const auto common_names = name_entries(subject, NID_commonName);
  if (common_names.empty()) return {};
  Identity who{common_names.front(), name_entries(subject, NID_organizationName), true};
  who.groups.push_back("system:authenticated");
  return who;
}

}  // namespace cococtl::sim
