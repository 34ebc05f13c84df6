// `cococtl pcr update` failure paths against docker-registry: every failure is a clear
// message, the right exit code, and nothing written.
#include "fixture/fixture.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace cococtl::test;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Files under `dir` (recursively), for "nothing was written" checks.
std::vector<std::string> files_under(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) out.push_back(it->path().string());
  return out;
}

}  // namespace

TEST_CASE("a corrupted blob is detected by its digest and nothing is written") {
  RegistrySandbox s;
  const auto image = s.push_podvm("1.12.0", 'a');
  // Same length, different bytes, in the middle of the gzip stream; the registry serves it
  // with the original digest because the filesystem driver does not re-hash.
  const auto data = s.registry().blob_data_path(image.layer_digests[0]);
  auto bytes = slurp(data);
  REQUIRE(bytes.size() > 1000);
  for (std::size_t i = bytes.size() / 2; i < bytes.size() / 2 + 16; ++i) bytes[i] = static_cast<char>(bytes[i] ^ 0x5a);
  write_text(data, bytes);
  const auto r = s.update(s.image("1.12.0"));
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "blob " + image.layer_digests[0] + " of " + s.registry().host() + "/podvm is corrupt"));
  CHECK(files_under(s.secrets()).empty());
}

TEST_CASE("a corrupted blob is caught even when the file comes before the damage") {
  RegistrySandbox s;
  const auto file = measurements_file(pcr_value('a'), pcr_value('b'), pcr_value('c'), pcr_value('d'));
  const auto layer = make_tar({{"image/measurements.json", file}, {"image/podvm.qcow2", std::string(24 * 1024 * 1024, 'z')}});
  const auto image = push_image(s.pusher(), "podvm", {{layer, "application/vnd.oci.image.layer.v1.tar"}}, ManifestKind::oci, "t");
  const auto data = s.registry().blob_data_path(image.layer_digests[0]);
  auto bytes = slurp(data);
  bytes[bytes.size() - 2000] = 'y';
  write_text(data, bytes);
  auto r = s.update(s.image("t"));
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "is corrupt: its content hashes to sha256:"));
  CHECK(files_under(s.secrets()).empty());
  // --stop-early trades the layer digest check for speed: it reads the file and stops.
  r = s.update(s.image("t"), {"--stop-early"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
}

TEST_CASE("wrong password and missing credentials are refused with the credential source named") {
  RegistrySandbox s;
  s.push_podvm("1.12.0", 'a');
  write_text(s.path("wrong.json"), auth_json(s.registry().host(), "tester", "not-the-password"));
  auto r = s.cococtl({"pcr", "update", "--image", s.image("1.12.0"), "--auth-file", s.path("wrong.json").string(),
                      "--registry-ca", s.pki().ca_cert});
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "UNAUTHORIZED"));
  CHECK(contains(r.err, s.path("wrong.json").string()));
  CHECK_FALSE(contains(r.err, "not-the-password"));
  // No --auth-file and an empty HOME: anonymous, which htpasswd refuses.
  r = s.cococtl({"pcr", "update", "--image", s.image("1.12.0"), "--registry-ca", s.pki().ca_cert});
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "requires a login and no credentials were found"));
  // The default lookup finds ~/pull-secret.json.
  fs::copy_file(s.auth_file(), s.home() / "pull-secret.json");
  r = s.cococtl({"pcr", "update", "--image", s.image("1.12.0"), "--registry-ca", s.pki().ca_cert});
  INFO(r.err);
  CHECK(r.exit_code == 0);
}

TEST_CASE("malformed or missing auth files are invalid input naming the file") {
  RegistrySandbox s;
  write_text(s.path("broken.json"), "{\"auths\": {\"x\": ");
  auto r = s.cococtl({"pcr", "update", "--image", s.image("1.12.0"), "--auth-file", s.path("broken.json").string()});
  CHECK(r.exit_code == 3);
  CHECK(contains(r.err, s.path("broken.json").string()));
  r = s.cococtl({"pcr", "update", "--image", s.image("1.12.0")}, {{"REGISTRY_AUTH_FILE", s.path("missing.json").string()}});
  CHECK(r.exit_code == 3);
  CHECK(contains(r.err, "missing.json"));
  CHECK(files_under(s.secrets()).empty());
}

TEST_CASE("an unknown tag shows the registry error plainly") {
  RegistrySandbox s;
  s.push_podvm("1.12.0", 'a');
  const auto r = s.update(s.image("9.9.9"));
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "MANIFEST_UNKNOWN: tag 9.9.9 not found in " + s.registry().host() + "/podvm"));
  const auto other = s.update(s.image("1.12.0", "nothing-here"));
  CHECK(other.exit_code == 1);
  CHECK(contains(other.err, "not found in " + s.registry().host() + "/nothing-here"));
}

TEST_CASE("malicious tar entries are refused and nothing is written anywhere") {
  RegistrySandbox s;
  const auto file = measurements_file(pcr_value('a'), pcr_value('b'), pcr_value('c'), pcr_value('d'));
  const std::pair<std::vector<TarEntry>, std::string> cases[] = {
      {{{"../../../evil.json", "boom"}, {"image/measurements.json", file}}, "unsafe entry \"../../../evil.json\""},
      {{{"/tmp/evil.json", "boom"}}, "unsafe entry \"/tmp/evil.json\""},
      {{{"image/measurements.json", "", EntryType::symlink, "/etc/passwd"}}, "is a symbolic link"},
      {{{"etc/passwd", "x"}, {"image/measurements.json", "", EntryType::hardlink, "etc/passwd"}}, "is a hard link"},
      {{{"image/measurements.json", "", EntryType::char_device}}, "is a device, fifo or socket"},
      {{{"image/measurements.json", std::string(100 * 1024, ' ')}}, "more than the 65536 allowed"},
  };
  int n = 0;
  for (const auto& [entries, why] : cases) {
    const auto tag = "bad" + std::to_string(++n);
    push_image(s.pusher(), "podvm", {{make_tar(entries, TarCompression::gzip), "application/vnd.oci.image.layer.v1.tar+gzip"}},
               ManifestKind::oci, tag);
    const auto r = s.update(s.image(tag));
    INFO(why << "\n" << r.err);
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, why));
  }
  CHECK(files_under(s.secrets()).empty());
  CHECK_FALSE(fs::exists(s.path("evil.json")));
  CHECK_FALSE(fs::exists("/tmp/evil.json"));
}

TEST_CASE("a bare manifest for another architecture is refused") {
  RegistrySandbox s;
  const auto file = measurements_file(pcr_value('a'), pcr_value('b'), pcr_value('c'), pcr_value('d'));
  push_image(s.pusher(), "podvm", {{podvm_layer(file), "application/vnd.oci.image.layer.v1.tar+gzip"}}, ManifestKind::oci,
             "arm", {}, "arm64");
  const auto r = s.update(s.image("arm"));
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "is a single linux/arm64 image, not linux/amd64"));
}

TEST_CASE("TLS trust comes from --registry-ca or certs.d folders and fails without them") {
  RegistrySandbox s;
  s.push_podvm("1.12.0", 'a');
  const std::vector<std::string> base{"pcr", "update", "--image", s.image("1.12.0"), "--auth-file", s.auth_file().string()};
  auto r = s.cococtl(base);
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "TLS"));
  const auto certs_d = s.home() / ".config/containers/certs.d" / s.registry().host();
  fs::create_directories(certs_d);
  fs::copy_file(s.pki().ca_cert, certs_d / "ca.crt");
  r = s.cococtl(base);
  INFO(r.err);
  CHECK(r.exit_code == 0);
}

TEST_CASE("plain HTTP only for loopback registries with --insecure-registry") {
  RegistrySetup plain;
  plain.tls = false;
  plain.auth = RegistryAuth::none;
  RegistrySandbox s(plain);
  s.push_podvm("1.12.0", 'a');
  auto r = s.cococtl({"pcr", "update", "--image", s.image("1.12.0"), "--insecure-registry"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.err, "plain HTTP"));
  r = s.cococtl({"pcr", "update", "--image", "quay.io/x/podvm:1", "--insecure-registry"});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "only allowed for loopback registries"));
  r = s.cococtl({"pcr", "update", "--image", s.image("1.12.0")});
  CHECK(r.exit_code == 1);  // https against an http server
}

TEST_CASE("the default image is the podvm image for the OSC version pinned in values") {
  Sandbox s;
  // --insecure-registry makes the run stop before any network access, after picking the image.
  const auto r = s.cococtl({"-v", "pcr", "update", "--insecure-registry"});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "registry.redhat.io/openshift-sandboxed-containers/osc-dm-verity-image:1.12.0"));
  write_text(s.path("values-global.yaml"), "main:\n  clusterGroupName: simple\n");
  const auto pinned = s.cococtl({"-v", "--values-global", s.path("values-global.yaml").string(), "--set",
                                 "clusterGroup.subscriptions.sandbox.csv=sandboxed-containers-operator.v1.13.1", "pcr",
                                 "update", "--insecure-registry"});
  INFO(pinned.err);
  CHECK(contains(pinned.err, "osc-dm-verity-image:1.13.1"));
}
