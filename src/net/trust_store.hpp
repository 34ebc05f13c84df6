#pragma once
// The certificates a client trusts, parsed once into an OpenSSL X509_STORE that every connection
// of the client shares. Handing curl a PEM bundle instead makes it parse the whole bundle again
// for every connection: with the system store (about 140 certificates) that is 20-30 ms each
// under OpenSSL 3, most of the start-up time of `cococtl pcr update`.

#include <openssl/x509_vfy.h>

#include <cococtl/util/result.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cococtl::net::detail {

using TrustStore = std::shared_ptr<X509_STORE>;

// One PEM text to trust, and what to call it in errors (a file name, "kubeconfig CA").
struct PemSource {
  std::string what;
  std::string pem;
};

// What a client trusts: the system store (looked up as curl was built to: a hashed certificate
// folder, else a bundle file) unless a CA replaces it, plus PEM texts.
struct TrustSources {
  bool system = false;
  std::vector<PemSource> pems;
};

// A store holding `sources` ("TRUSTED CERTIFICATE" blocks too). The system folder is searched
// by subject hash when a chain is verified, so its ~140 certificates are not all parsed at start.
// Fails (invalid_input) when a PEM block is not a certificate or nothing at all is trusted, and
// (failure) when the system store cannot be found or read.
util::Result<TrustStore> make_trust_store(const TrustSources& sources);

}  // namespace cococtl::net::detail
