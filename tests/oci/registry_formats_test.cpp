// `cococtl pcr update` against Debian's docker-registry: manifest kinds, indexes, layer
// compressions, layer stacking, annotations.
#include "fixture/fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace cococtl::test;
using nlohmann::json;

namespace {

json stored(const Sandbox& s) { return json::parse(slurp(s.secrets() / "measurements.json")); }

void check_values(const Sandbox& s, char seed) {
  const auto doc = stored(s);
  CHECK(doc["measurements"]["sha256"]["pcr03"] == pcr_value(seed));
  CHECK(doc["measurements"]["sha256"]["pcr09"] == pcr_value(seed + 1));
  CHECK(doc["measurements"]["sha256"]["pcr11"] == pcr_value(seed + 2));
  CHECK(doc["measurements"]["sha256"]["pcr12"] == pcr_value(seed + 3));
}

int blob_gets(const std::vector<AccessLogEntry>& log, const std::string& digest = "") {
  int n = 0;
  for (const auto& e : log) {
    if (e.method == "GET" && e.path.find("/blobs/" + digest) != std::string::npos) ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("with the KBS keys generated, pcr update writes the RVPS values render puts in the cluster") {
  RegistrySandbox s;
  s.push_podvm("1.12.0", 'a');
  REQUIRE(s.cococtl({"-q", "--topology", "simple", "secrets", "generate"}).exit_code == 0);
  const auto r = s.update(s.image("1.12.0"), {"--topology", "simple"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto rvps = json::parse(slurp(s.secrets() / "rvps-reference-values.json"));
  REQUIRE(rvps.size() == 11);
  CHECK(rvps[0]["name"] == "init_data");
  CHECK(rvps[1]["name"] == "snp_pcr08");
  const auto rendered = s.cococtl({"-q", "--topology", "simple", "render", "--format", "json"});
  REQUIRE(rendered.exit_code == 0);
  const auto list = json::parse(rendered.out);
  json config_map;
  for (const auto& item : list["items"]) {
    if (item["metadata"]["name"] == "rvps-reference-values") config_map = item;
  }
  REQUIRE(config_map.is_object());
  CHECK(json::parse(config_map["data"]["reference-values.json"].get<std::string>()) == rvps);
}

TEST_CASE("single OCI manifest with a gzip layer over TLS and htpasswd gives values and digest and RVPS file") {
  RegistrySandbox s;
  const auto base = push_image(s.pusher(), "podvm", {}, ManifestKind::oci);  // warm up: a blob-less manifest is fine
  const auto file = measurements_file(pcr_value('a'), pcr_value('b'), pcr_value('c'), pcr_value('d'));
  const auto base_layer = make_tar({{"etc/os-release", "ID=test\n"}}, TarCompression::gzip);
  const auto image = push_image(s.pusher(), "podvm", {{base_layer, "application/vnd.oci.image.layer.v1.tar+gzip"},
                                                      {podvm_layer(file), "application/vnd.oci.image.layer.v1.tar+gzip"}},
                                ManifestKind::oci, "1.12.0");
  const auto r = s.update(s.image("1.12.0"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  check_values(s, 'a');
  const auto doc = stored(s);
  CHECK(doc["source"]["digest"] == image.digest);
  CHECK(doc["source"]["from"] == "layer " + image.layer_digests[1]);
  CHECK(slurp(s.secrets() / "measurements-raw.json") == file);
  const auto rvps = json::parse(slurp(s.secrets() / "rvps-reference-values.json"));
  REQUIRE(rvps.size() == 8);
  CHECK(rvps[0]["name"] == "snp_pcr03");
  CHECK(rvps[0]["value"] == json{pcr_value('a')});
  CHECK(r.out.find(image.digest) != std::string::npos);
  // The file is in the top layer: the base layer is never downloaded.
  const auto log = s.registry().access_log();
  CHECK(blob_gets(log, image.layer_digests[0]) == 0);
  CHECK(blob_gets(log, image.layer_digests[1]) == 1);
  CHECK(base.layer_digests.empty());
}

TEST_CASE("OCI index with several platforms picks linux/amd64 by default and --platform otherwise") {
  RegistrySandbox s;
  const auto arm = s.push_podvm("", '1');
  const auto amd = s.push_podvm("", 'a');
  const auto s390 = s.push_podvm("", '5');
  const auto index = push_index(s.pusher(), "podvm", "1.12.0",
                                {{arm, "linux", "arm64", "v8"}, {s390, "linux", "s390x", ""}, {amd, "linux", "amd64", ""}},
                                ManifestKind::oci);
  auto r = s.update(s.image("1.12.0"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  check_values(s, 'a');
  CHECK(stored(s)["source"]["digest"] == index);
  CHECK(stored(s)["source"]["manifestDigest"] == amd.digest);
  REQUIRE(s.update(s.image("1.12.0"), {"--platform", "linux/arm64"}).exit_code == 0);
  check_values(s, '1');
  r = s.update(s.image("1.12.0"), {"--platform", "linux/ppc64le"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("no linux/ppc64le image (available: linux/arm64/v8, linux/s390x, linux/amd64)") != std::string::npos);
  check_values(s, '1');  // the failed run wrote nothing
}

TEST_CASE("Docker manifest list with Docker schema 2 manifests") {
  RegistrySandbox s;
  const auto amd = s.push_podvm("", 'b', TarCompression::gzip, ManifestKind::docker);
  const auto arm = s.push_podvm("", '2', TarCompression::gzip, ManifestKind::docker);
  push_index(s.pusher(), "podvm", "1.12.0", {{arm, "linux", "arm64", ""}, {amd, "linux", "amd64", ""}}, ManifestKind::docker);
  const auto r = s.update(s.image("1.12.0"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  check_values(s, 'b');
  CHECK(stored(s)["source"]["manifestDigest"] == amd.digest);
}

TEST_CASE("gzip and zstd and uncompressed layers") {
  RegistrySandbox s;
  const std::pair<TarCompression, char> cases[] = {{TarCompression::gzip, 'a'}, {TarCompression::zstd, '3'}, {TarCompression::none, '6'}};
  for (const auto& [compression, seed] : cases) {
    const auto tag = "c" + std::to_string(static_cast<int>(compression));
    s.push_podvm(tag, seed, compression);
    const auto r = s.update(s.image(tag));
    INFO(tag << ": " << r.err);
    REQUIRE(r.exit_code == 0);
    check_values(s, seed);
  }
}

TEST_CASE("layer stacking: lower layer found / upper whiteout / upper replacement / opaque folder") {
  RegistrySandbox s;
  const auto lower = podvm_layer(measurements_file(pcr_value('a'), pcr_value('b'), pcr_value('c'), pcr_value('d')));
  const auto type = std::string("application/vnd.oci.image.layer.v1.tar+gzip");
  const auto unrelated = make_tar({{"usr/share/doc/x", "x"}, {"image/.wh.podvm.qcow2", ""}}, TarCompression::gzip);
  const auto whiteout = make_tar({{"image/.wh.measurements.json", ""}}, TarCompression::gzip);
  const auto opaque = make_tar({{"image/.wh..wh..opq", ""}, {"image/README", "new"}}, TarCompression::gzip);
  const auto replaced = make_tar({{"image/measurements.json",
                                   measurements_file(pcr_value('1'), pcr_value('2'), pcr_value('3'), pcr_value('4'))}},
                                 TarCompression::gzip);
  const auto found_below = push_image(s.pusher(), "podvm", {{lower, type}, {unrelated, type}}, ManifestKind::oci, "below");
  push_image(s.pusher(), "podvm", {{lower, type}, {whiteout, type}}, ManifestKind::oci, "whiteout");
  push_image(s.pusher(), "podvm", {{lower, type}, {opaque, type}}, ManifestKind::oci, "opaque");
  const auto upper = push_image(s.pusher(), "podvm", {{lower, type}, {replaced, type}}, ManifestKind::oci, "replaced");

  auto r = s.update(s.image("below"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  check_values(s, 'a');
  CHECK(stored(s)["source"]["from"] == "layer " + found_below.layer_digests[0]);

  r = s.update(s.image("replaced"));
  REQUIRE(r.exit_code == 0);
  check_values(s, '1');
  CHECK(stored(s)["source"]["from"] == "layer " + upper.layer_digests[1]);

  for (const char* tag : {"whiteout", "opaque"}) {
    r = s.update(s.image(tag));
    INFO(tag);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("has neither measurement annotations nor /image/measurements.json") != std::string::npos);
    check_values(s, '1');  // unchanged
  }
}

TEST_CASE("annotations-only image gives measurements from the manifest without downloading any blob") {
  RegistrySandbox s;
  const auto qcow_only = make_tar({{"image/podvm.qcow2", std::string(4096, 'q')}}, TarCompression::gzip);
  auto annotations = measurement_annotations(pcr_value('c'), pcr_value('d'), pcr_value('e'), pcr_value('f'));
  annotations["org.opencontainers.image.version"] = "1.12.0";
  const auto image = push_image(s.pusher(), "podvm", {{qcow_only, "application/vnd.oci.image.layer.v1.tar+gzip"}},
                                ManifestKind::oci, "1.12.0", annotations);
  s.registry().access_log();  // flush the pushes
  const auto before = s.registry().access_log().size();
  const auto r = s.update(s.image("1.12.0"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  check_values(s, 'c');
  CHECK(stored(s)["source"]["from"] == "annotations");
  CHECK_FALSE(std::filesystem::exists(s.secrets() / "measurements-raw.json"));
  auto log = s.registry().access_log();
  log.erase(log.begin(), log.begin() + static_cast<std::ptrdiff_t>(before));
  CHECK(blob_gets(log) == 0);
  int manifest_gets = 0;
  for (const auto& e : log) manifest_gets += e.path.find("/manifests/") != std::string::npos;
  CHECK(manifest_gets >= 1);
  CHECK(image.digest == stored(s)["source"]["digest"]);
}
