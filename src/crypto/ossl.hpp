#pragma once
// Private RAII wrappers for OpenSSL objects and error text. Only src/crypto includes this.

#include <cococtl/util/result.hpp>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>
#include <string_view>

namespace cococtl::crypto::detail {

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    if (p) Free(p);
  }
};

using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;

// Shares ownership of a key / certificate (the shared_ptr deleter drops one reference).
std::shared_ptr<EVP_PKEY> share(PkeyPtr key);
std::shared_ptr<X509> share(X509Ptr cert);

// The most recent OpenSSL error reason (queue cleared), e.g. "bad decrypt"; "" when none.
std::string last_error();

// `what` + ": " + last_error() as a runtime failure.
util::Error openssl_failure(std::string_view what);

// A read-only memory BIO over `data` (which must outlive it).
BioPtr memory_bio(std::string_view data);
// A fresh writable memory BIO.
BioPtr output_bio();
// Everything written to a memory BIO.
std::string bio_contents(BIO* bio);

// Lower-case hex of sha256(bytes); "" if OpenSSL fails (never in practice).
std::string sha256_hex(std::string_view bytes);

}  // namespace cococtl::crypto::detail
