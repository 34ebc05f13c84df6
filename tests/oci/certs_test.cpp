#include "support/temp_dir.hpp"

#include <cococtl/oci/certs.hpp>
#include <cococtl/util/fs.hpp>

#include <catch2/catch.hpp>
#include <unistd.h>

using namespace cococtl::oci;
namespace fs = std::filesystem;

TEST_CASE("certs.d folders give CA files and client pairs for host:port") {
  const cococtl::test::TempDir scratch("cococtl-oci-certs");
  const auto& root = scratch.path();
  const auto system = root / "etc";
  const auto user = root / "user";
  fs::create_directories(system / "127.0.0.1:5000");
  fs::create_directories(user / "127.0.0.1:5000");
  fs::create_directories(user / "127.0.0.1");
  for (const auto& p : {system / "127.0.0.1:5000/b.crt", system / "127.0.0.1:5000/a.crt", system / "127.0.0.1:5000/readme.txt",
                        user / "127.0.0.1:5000/c.crt", user / "127.0.0.1:5000/client.cert", user / "127.0.0.1:5000/client.key",
                        user / "127.0.0.1/other.crt"}) {
    REQUIRE(cococtl::util::write_file_atomic(p, "x").ok());
  }
  const auto files = registry_tls_files("127.0.0.1:5000", {system, root / "missing", user});
  CHECK(files.ca_files == std::vector<fs::path>{system / "127.0.0.1:5000/a.crt", system / "127.0.0.1:5000/b.crt",
                                                user / "127.0.0.1:5000/c.crt"});
  CHECK(files.client_cert == user / "127.0.0.1:5000/client.cert");
  CHECK(files.client_key == user / "127.0.0.1:5000/client.key");
  CHECK(registry_tls_files("127.0.0.1", {system, user}).ca_files == std::vector<fs::path>{user / "127.0.0.1/other.crt"});
  CHECK(registry_tls_files("../etc", {user}).ca_files.empty());
}
