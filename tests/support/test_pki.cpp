#include "support/test_pki.hpp"

#include "support/files.hpp"

#include <unistd.h>

#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace cococtl::test {
namespace {

void run(const std::string& command) {
  const std::string quiet = command + " >/dev/null 2>&1";
  if (std::system(quiet.c_str()) != 0) throw std::runtime_error("openssl failed: " + command);
}

std::string key_args(const std::filesystem::path& key) {
  return "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + key.string();
}

void make_ca(const std::filesystem::path& dir, const std::string& name) {
  run("openssl req -x509 " + key_args(dir / (name + ".key")) + " -out " + (dir / (name + ".crt")).string() +
      " -days 2 -subj /CN=" + name +
      " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign");
}

void make_leaf(const std::filesystem::path& dir, const std::string& name, const std::string& subject,
               const std::string& ext) {
  const auto base = dir / name;
  write_text(base.string() + ".ext", ext);
  run("openssl req " + key_args(base.string() + ".key") + " -out " + base.string() + ".csr -subj " + subject);
  run("openssl x509 -req -in " + base.string() + ".csr -CA " + (dir / "ca.crt").string() + " -CAkey " +
      (dir / "ca.key").string() + " -CAcreateserial -out " + base.string() + ".crt -days 2 -extfile " + base.string() +
      ".ext");
}

// The PEM body of a certificate is its DER in base64, wrapped at 64 columns.
std::string der_base64(const std::string& pem) {
  std::istringstream in(pem);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("-----", 0) != 0) out += line;
  }
  return out;
}

TestPki generate() {
  char tmpl[] = "/tmp/cococtl-pki-XXXXXX";
  if (!::mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
  TestPki pki;
  pki.dir = tmpl;
  const auto& d = pki.dir;
  make_ca(d, "ca");
  make_ca(d, "other-ca");
  make_leaf(d, "server", "/CN=server",
            "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  make_leaf(d, "other-host", "/CN=other", "subjectAltName=DNS:other.example\nextendedKeyUsage=serverAuth\n");
  make_leaf(d, "client", "/O=test-group/CN=test-client", "extendedKeyUsage=clientAuth\n");
  run("openssl req -x509 -newkey rsa:2048 -nodes -keyout " + (d / "sign.key").string() + " -out " +
      (d / "sign.crt").string() + " -days 2 -subj /CN=test-issuer");
  auto path = [&](const char* f) { return (d / f).string(); };
  pki.ca_cert = path("ca.crt");
  pki.ca_key = path("ca.key");
  pki.server_cert = path("server.crt");
  pki.server_key = path("server.key");
  pki.other_host_cert = path("other-host.crt");
  pki.other_host_key = path("other-host.key");
  pki.client_cert = path("client.crt");
  pki.client_key = path("client.key");
  pki.other_ca_cert = path("other-ca.crt");
  pki.sign_cert = path("sign.crt");
  pki.sign_key = path("sign.key");
  pki.sign_cert_der_base64 = der_base64(slurp(pki.sign_cert));
  return pki;
}

struct Holder {
  TestPki pki = generate();
  ~Holder() {
    std::error_code ec;
    std::filesystem::remove_all(pki.dir, ec);
  }
};

Holder& holder() {
  static Holder h;
  return h;
}

}  // namespace

const TestPki& test_pki() { return holder().pki; }

bool make_client_cert(const std::string& name, const std::string& subject) {
  try {
    make_leaf(test_pki().dir, name, subject, "extendedKeyUsage=clientAuth\n");
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace cococtl::test
