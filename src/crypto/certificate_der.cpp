#include "ossl.hpp"

#include <cococtl/crypto/certificate.hpp>

namespace cococtl::crypto {

util::Result<Certificate> Certificate::from_der(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  detail::X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!cert || p != reinterpret_cast<const unsigned char*>(der.data() + der.size())) {
    detail::last_error();
    return util::invalid_input("not a DER certificate");
  }
  return Certificate(detail::share(std::move(cert)));
}

}  // namespace cococtl::crypto
