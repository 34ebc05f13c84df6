#include <cococtl/crypto/certificate.hpp>

#include "ossl.hpp"

#include <openssl/x509_vfy.h>

namespace cococtl::crypto {
namespace {

using StorePtr = std::unique_ptr<X509_STORE, detail::Deleter<X509_STORE_free>>;
using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, detail::Deleter<X509_STORE_CTX_free>>;
struct StackFree {
  void operator()(STACK_OF(X509) * s) const { sk_X509_free(s); }
};
using StackPtr = std::unique_ptr<STACK_OF(X509), StackFree>;

}  // namespace

util::Result<void> verify_chain(const Certificate& leaf, const std::vector<Certificate>& trusted,
                                const std::vector<Certificate>& intermediates) {
  StorePtr store(X509_STORE_new());
  StackPtr untrusted(sk_X509_new_null());
  StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (!store || !untrusted || !ctx) return detail::openssl_failure("certificate store");
  for (const auto& cert : trusted) {
    if (X509_STORE_add_cert(store.get(), cert.native()) != 1) return detail::openssl_failure("trusted certificate");
  }
  for (const auto& cert : intermediates) sk_X509_push(untrusted.get(), cert.native());  // borrowed, not owned
  if (X509_STORE_CTX_init(ctx.get(), store.get(), leaf.native(), untrusted.get()) != 1) {
    return detail::openssl_failure("certificate store");
  }
  if (X509_verify_cert(ctx.get()) == 1) return {};
  const int code = X509_STORE_CTX_get_error(ctx.get());
  detail::last_error();
  return util::Error{util::ExitCode::check_failed,
                     std::string("certificate chain does not verify: ") + X509_verify_cert_error_string(code)};
}

}  // namespace cococtl::crypto
