#pragma once
// The one test PKI: made with the openssl CLI at test time (no key material is committed, and
// cococtl's own crypto code is not used to test itself). A CA with a server certificate for
// 127.0.0.1/::1/localhost, a server certificate for another host name only, and a client
// certificate; an unrelated second CA; a self-signed RSA certificate that signs registry tokens.

#include <filesystem>
#include <string>

namespace cococtl::test {

struct TestPki {
  std::filesystem::path dir;
  std::string ca_cert, ca_key;                  // file paths
  std::string server_cert, server_key;          // SAN IP:127.0.0.1, IP:::1, DNS:localhost
  std::string other_host_cert, other_host_key;  // SAN DNS:other.example only
  std::string client_cert, client_key;          // CN=test-client, O=test-group, signed by the CA
  std::string other_ca_cert;                    // a CA nobody signed anything with
  std::string sign_cert, sign_key;              // RSA 2048, CN=test-issuer, self-signed (JWT RS256)
  std::string sign_cert_der_base64;             // sign_cert as base64 DER (a JWT "x5c" entry)
};

// Generated once per process in a temporary folder (removed at exit). Throws
// std::runtime_error when openssl fails.
const TestPki& test_pki();

// Makes a certificate/key pair signed by the test CA with the given subject, written to
// `dir/<name>.crt|.key`. Returns false when openssl fails.
bool make_client_cert(const std::string& name, const std::string& subject);

}  // namespace cococtl::test
