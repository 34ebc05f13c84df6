#pragma once
// TLS settings resolved once per client: the trusted certificates parsed into one store that
// every connection shares (trust_store.hpp says why).

#include <cococtl/net/http.hpp>

#include "libcurl.hpp"
#include "trust_store.hpp"

#include <string>

namespace cococtl::net::detail {

struct PreparedTls {
  TrustStore trust;  // null only when verification is off
  std::string client_cert_pem;
  std::string client_key_pem;
  bool insecure = false;
  std::string server_name;
  std::string problem;  // non-empty: the configuration is unusable, every send fails with it
};

// Reads and parses the CAs of `tls` (the system bundle unless a CA replaces it, plus the extra
// files); problems are recorded, not thrown.
PreparedTls prepare_tls(const TlsConfig& tls);

// Applies `tls` to an easy handle (trust store, client certificate, verification switches).
void apply_tls(CURL* easy, const PreparedTls& tls);

}  // namespace cococtl::net::detail
