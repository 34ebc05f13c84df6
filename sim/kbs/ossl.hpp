#pragma once
// OpenSSL handles owned by unique_ptr, for the simulator's own use of EVP (JWE, JWK, ECDH).

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>

#include <memory>

namespace cococtl::sim::kbs {

struct OsslFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
  void operator()(EVP_CIPHER_CTX* p) const { EVP_CIPHER_CTX_free(p); }
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
  void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(X509* p) const { X509_free(p); }
};

template <typename T>
using Ossl = std::unique_ptr<T, OsslFree>;

// A shared EVP_PKEY (what crypto::PublicKey::adopt takes).
inline std::shared_ptr<EVP_PKEY> share_pkey(EVP_PKEY* key) {
  return {key, [](EVP_PKEY* p) { EVP_PKEY_free(p); }};
}

}  // namespace cococtl::sim::kbs
