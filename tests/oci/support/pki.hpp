#pragma once
// Key material generated at test time: a CA, a server certificate for 127.0.0.1/localhost
// signed by it, and a self-signed RSA certificate that signs registry tokens.

#include <filesystem>
#include <string>

namespace cococtl::oci::test {

struct TestPki {
  std::filesystem::path ca_cert;      // trust this in clients
  std::filesystem::path server_cert;  // leaf for 127.0.0.1 and localhost
  std::filesystem::path server_key;
  std::filesystem::path sign_cert;    // token signing certificate (registry rootcertbundle)
  std::filesystem::path sign_key;
  std::string sign_cert_der_base64;   // for the JWT "x5c" header
};

// Writes the files into `dir`. Throws std::runtime_error when generation fails.
TestPki make_test_pki(const std::filesystem::path& dir);

}  // namespace cococtl::oci::test
