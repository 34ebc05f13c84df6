#pragma once
// TLS settings resolved once per client: CA files read and merged into one PEM bundle.

#include <cococtl/net/http.hpp>

#include "libcurl.hpp"

#include <string>

namespace cococtl::net::detail {

struct PreparedTls {
  std::string ca_bundle;  // empty: curl's default store
  std::string client_cert_pem;
  std::string client_key_pem;
  bool insecure = false;
  std::string server_name;
  std::string problem;  // non-empty: the configuration is unusable, every send fails with it
};

// Reads the CA files of `tls` and builds the bundle; problems are recorded, not thrown.
PreparedTls prepare_tls(const TlsConfig& tls);

// Applies `tls` to an easy handle (CA blob, client certificate, verification switches).
void apply_tls(CURL* easy, const PreparedTls& tls);

}  // namespace cococtl::net::detail
