// Checking a client certificate and key before any connection uses them: curl only says "client
// certificate problem" in the middle of a handshake, which reads like a network failure.
#include <cococtl/net/http.hpp>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

namespace cococtl::net {
namespace {

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};
template <typename T, auto Free>
using Owned = std::unique_ptr<T, Deleter<Free>>;

Owned<BIO, BIO_free_all> memory_bio(std::string_view pem) {
  return Owned<BIO, BIO_free_all>(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

}  // namespace

util::Result<void> check_client_certificate(std::string_view cert_pem, std::string_view key_pem) {
  const auto cert_bio = memory_bio(cert_pem);
  const Owned<X509, X509_free> cert(cert_bio ? PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr) : nullptr);
  const auto key_bio = memory_bio(key_pem);
  const Owned<EVP_PKEY, EVP_PKEY_free> key(key_bio ? PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr)
                                                   : nullptr);
  ERR_clear_error();  // nothing of OpenSSL's queue may leak into later, unrelated errors
  if (!cert) return util::invalid_input("the client certificate is not a PEM certificate");
  if (!key) return util::invalid_input("the client key is not a PEM private key (or it is encrypted)");
  const bool match = X509_check_private_key(cert.get(), key.get()) == 1;
  ERR_clear_error();
  if (!match) return util::invalid_input("the client key does not belong to the client certificate");
  return {};
}

}  // namespace cococtl::net
