#include <cococtl/oci/manifest.hpp>
#include <cococtl/oci/media_types.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace cococtl::oci;

namespace {
const std::string k_d1 = "sha256:" + std::string(64, '1');
const std::string k_d2 = "sha256:" + std::string(64, '2');
const std::string k_d3 = "sha256:" + std::string(64, '3');

std::string index_json(const std::string& type) {
  return fmt::format(R"({{"schemaVersion":2,"mediaType":"{}","manifests":[
    {{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":10,"platform":{{"os":"linux","architecture":"arm64","variant":"v8"}}}},
    {{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":11,"platform":{{"os":"unknown","architecture":"unknown"}}}},
    {{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":12,"annotations":{{"vnd.docker.reference.type":"attestation-manifest"}},"platform":{{"os":"linux","architecture":"amd64"}}}},
    {{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":13,"platform":{{"os":"linux","architecture":"x86_64"}}}}]}})",
                     type, k_d1, k_d2, k_d3, k_d2);
}
}  // namespace

TEST_CASE("an OCI index or Docker list yields the linux/amd64 entry / skipping attestations") {
  for (const auto type : {media_type::oci_index, media_type::docker_list}) {
    auto doc = parse_manifest(index_json(std::string(type)), std::string(type) + "; charset=utf-8");
    REQUIRE(doc.ok());
    const auto& index = std::get<ImageIndex>(*doc);
    CHECK(index.manifests.size() == 4);
    auto amd64 = select_platform(index, default_platform());
    REQUIRE(amd64.ok());
    CHECK(amd64->digest == k_d2);
    CHECK(amd64->size == 13);
    auto arm = select_platform(index, parse_platform("linux/arm64").value());
    REQUIRE(arm.ok());
    CHECK(arm->digest == k_d1);
    auto s390x = select_platform(index, parse_platform("linux/s390x").value());
    REQUIRE_FALSE(s390x.ok());
    CHECK(s390x.error().message == "the image index has no linux/s390x image (available: linux/arm64/v8, linux/amd64)");
  }
}

TEST_CASE("an image manifest keeps layer order and annotations") {
  const auto body = fmt::format(R"({{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
    "config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{}","size":2}},
    "layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{}","size":3}},
              {{"mediaType":"application/vnd.oci.image.layer.v1.tar+zstd","digest":"{}","size":4,"urls":["https://x"]}}],
    "annotations":{{"io.github.confidential-containers.measurements.pcr03":"0xab","n":"1"}}}})", k_d1, k_d2, k_d3);
  auto doc = parse_manifest(body, "application/vnd.oci.image.manifest.v1+json");
  REQUIRE(doc.ok());
  const auto& m = std::get<ImageManifest>(*doc);
  CHECK(m.config.digest == k_d1);
  REQUIRE(m.layers.size() == 2);
  CHECK(m.layers[0].digest == k_d2);
  CHECK(m.layers[1].urls == std::vector<std::string>{"https://x"});
  CHECK(m.annotations.at("n") == "1");
  // Old registries serve application/json: the body decides.
  auto generic = parse_manifest(body, "application/json");
  REQUIRE(generic.ok());
  CHECK(std::get<ImageManifest>(*generic).media_type == media_type::oci_manifest);
}

TEST_CASE("invalid manifests are rejected with a reason") {
  const auto good_layer = fmt::format(R"({{"mediaType":"m","digest":"{}","size":1}})", k_d1);
  const std::pair<std::string, std::string> bad[] = {
      {"{", "not valid JSON"},
      {R"({"schemaVersion":1,"fsLayers":[]})", "schemaVersion"},
      {fmt::format(R"({{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{},"layers":[]}})", good_layer),
       "declares mediaType"},
      {fmt::format(R"({{"schemaVersion":2,"config":{},"layers":[{{"digest":"sha256:12","size":1}}]}})", good_layer), "digest"},
      {fmt::format(R"({{"schemaVersion":2,"config":{},"layers":[{{"digest":"{}","size":-1}}]}})", good_layer, k_d2), "size"},
      {R"({"schemaVersion":2,"layers":[]})", "config"},
      {R"({"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v1+prettyjws"})", "schema 1"},
  };
  for (const auto& [body, why] : bad) {
    INFO(body);
    auto doc = parse_manifest(body, body.find("schema 1") != std::string::npos ? "" : "application/vnd.oci.image.manifest.v1+json");
    REQUIRE_FALSE(doc.ok());
    CHECK_THAT(doc.error().message, Catch::Contains(why));
  }
}

TEST_CASE("platforms parse with aliases and compare with optional variants") {
  CHECK(parse_platform("linux/x86_64")->architecture == "amd64");
  CHECK(parse_platform("linux/arm64/v8")->str() == "linux/arm64/v8");
  CHECK_FALSE(parse_platform("linux").ok());
  CHECK_FALSE(parse_platform("linux//").ok());
  CHECK(platform_matches({"linux", "arm64", "v8"}, {"linux", "arm64", ""}));
  CHECK_FALSE(platform_matches({"linux", "arm64", ""}, {"linux", "arm64", "v8"}));
  CHECK(parse_config_platform(R"({"os":"linux","architecture":"amd64"})")->str() == "linux/amd64");
}

TEST_CASE("media types: accept header lists all four / layers map to a compression") {
  const auto accept = manifest_accept_header();
  for (const auto t : {media_type::oci_index, media_type::docker_list, media_type::oci_manifest, media_type::docker_manifest}) {
    CHECK(accept.find(t) != std::string::npos);
  }
  CHECK(layer_compression(media_type::docker_layer_gzip).value() == LayerCompression::gzip);
  CHECK(layer_compression(media_type::oci_layer_zstd).value() == LayerCompression::zstd);
  CHECK(layer_compression(media_type::oci_layer_tar).value() == LayerCompression::none);
  auto bad = layer_compression("application/vnd.oci.image.layer.v1.tar+encrypted");
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.error().message, Catch::Contains("tar+encrypted"));
  CHECK(strip_media_type_parameters(" Application/JSON ; charset=utf-8") == "application/json");
}
