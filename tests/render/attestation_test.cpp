// Initdata and RVPS reference values computed from real key material.
#include "render/render_support.hpp"

#include <cococtl/crypto/certificate.hpp>
#include <cococtl/crypto/digest.hpp>
#include <cococtl/crypto/encoding.hpp>
#include <cococtl/crypto/key.hpp>
#include <cococtl/render/reference_values.hpp>

using namespace cococtl;
using namespace cococtl::test;

namespace {
render::Material material_with_ca() {
  auto key = crypto::PrivateKey::generate(crypto::KeyType::ec_p256);
  REQUIRE(key.ok());
  crypto::CertificateSpec spec;
  spec.common_name = "kbs-ca";
  spec.is_ca = true;
  auto cert = crypto::issue_certificate(spec, *key, *key, nullptr);
  REQUIRE(cert.ok());
  return {{"kbs-ca-cert", cert->to_pem().value()}};
}

nlohmann::json rvps(const render::RenderResult& r) {
  const auto* cm = find(r, "ConfigMap trustee-operator-system/rvps-reference-values");
  REQUIRE(cm);
  return nlohmann::json::parse(cm->body["data"]["reference-values.json"].get<std::string>());
}
}  // namespace

TEST_CASE("initdata ConfigMaps hold the annotation, its digests and the KBS URL") {
  const auto material = material_with_ca();
  const auto result = render_ok(values_for("baremetal", {"global.hubClusterDomain=apps.lab.example.com"}), material);
  const auto* cm = find(result, "ConfigMap imperative/initdata");
  REQUIRE(cm);
  const auto& data = cm->body["data"];
  const auto toml = crypto::gzip_decompress(crypto::base64_decode(data["INITDATA"].get<std::string>()).value()).value();
  CHECK(toml.find("https://kbs.apps.lab.example.com") != std::string::npos);
  CHECK(data["RAW_HASH"] == crypto::digest_hex(crypto::DigestAlgorithm::sha256, toml).value());
  CHECK(data["algorithm"] == "sha256");
  CHECK(cm->body["metadata"]["labels"]["coco.io/type"] == "initdata");
  const auto* debug = find(result, "ConfigMap imperative/debug-initdata");
  REQUIRE(debug);
  CHECK(debug->body["data"]["RAW_HASH"] != data["RAW_HASH"]);
  CHECK(result.placeholders.end() == std::find(result.placeholders.begin(), result.placeholders.end(), "kbs-ca-cert"));
}

TEST_CASE("bare-metal reference values hold the initdata digests") {
  const auto result = render_ok(values_for("baremetal"), material_with_ca());
  const auto values = rvps(result);
  REQUIRE(values.size() == 1);
  CHECK(values[0]["name"] == "init_data");
  CHECK(values[0]["expiration"] == "2027-12-12T00:00:00Z");
  const auto raw = find(result, "ConfigMap imperative/initdata")->body["data"]["RAW_HASH"].get<std::string>();
  const auto& list = values[0]["value"];
  CHECK(std::find(list.begin(), list.end(), raw) != list.end());
  CHECK(std::find(list.begin(), list.end(), raw + std::string(32, '0')) != list.end());  // TDX MRCONFIGID form
}

TEST_CASE("Azure reference values hold the peer-pod PCRs and PCR8 for both TEEs") {
  const std::string measurements =
      R"({"measurements":{"sha256":{"pcr03":"0x3333","pcr09":"9999","pcr11":"1111","pcr12":"1212"}}})";
  const auto result = render_ok(values_for("simple"), material_with_ca(), measurements);
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& e : rvps(result)) by_name[e["name"]] = e["value"];
  for (const std::string tee : {"snp", "tdx"}) {
    CHECK(by_name.at(tee + "_pcr03") == nlohmann::json::array({"3333"}));
    CHECK(by_name.at(tee + "_pcr12") == nlohmann::json::array({"1212"}));
    CHECK(by_name.at(tee + "_pcr08").size() == 2);
  }
  const auto pcr8 = find(result, "ConfigMap imperative/initdata")->body["data"]["PCR8_HASH"];
  CHECK(by_name.at("snp_pcr08")[0] == pcr8);
}

TEST_CASE("reference_values_json is what the rvps-reference-values ConfigMap holds") {
  const std::string measurements = R"({"measurements":{"sha256":{"pcr03":"0x33","pcr09":"99","pcr11":"11","pcr12":"12"}}})";
  const auto v = values_for("simple");
  render::RenderInputs in;
  in.values = &v;
  in.material = material_with_ca();
  in.measurements_json = measurements;
  const auto text = render::reference_values_json(in);
  REQUIRE(text.ok());
  const auto rendered = render::render(in);
  REQUIRE(rendered.ok());
  CHECK(nlohmann::json::parse(*text) == rvps(*rendered));
  CHECK(nlohmann::json::parse(*text).size() == 11);  // init_data + 2 TEEs x (pcr08 + 4 image PCRs)
}

TEST_CASE("without the KBS CA certificate, Azure reference values still list the image PCRs") {
  const std::string measurements = R"({"measurements":{"sha256":{"pcr03":"33","pcr08":"88","pcr09":"99"}}})";
  const auto v = values_for("simple");
  render::RenderInputs in;
  in.values = &v;
  in.measurements_json = measurements;
  const auto text = render::reference_values_json(in);
  REQUIRE(text.ok());
  std::vector<std::string> names;
  for (const auto& e : nlohmann::json::parse(*text)) names.push_back(e["name"]);
  // No initdata: the image's own pcr08 stays; nothing claims an init_data digest.
  CHECK(names == std::vector<std::string>{"snp_pcr03", "snp_pcr08", "snp_pcr09", "tdx_pcr03", "tdx_pcr08", "tdx_pcr09"});
}

TEST_CASE("secured=false ships an empty reference value list, a bad measurements file is an input error") {
  CHECK(rvps(render_ok(values_for("simple", {"global.coco.secured=false"}), material_with_ca())) == nlohmann::json::array());
  const auto v = values_for("simple");
  render::RenderInputs in;
  in.values = &v;
  in.material = material_with_ca();
  in.measurements_json = "{\"nope\": 1}";
  const auto result = render::render(in);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().code == util::ExitCode::invalid_input);
}

TEST_CASE("without Kyverno, workloads carry cc_init_data directly") {
  const auto material = material_with_ca();
  const auto result = render_ok(values_for("baremetal", {"kyverno.enabled=false"}), material);
  const auto* secure = find(result, "Deployment hello-openshift/secure");
  REQUIRE(secure);
  const auto& annotations = secure->body["spec"]["template"]["metadata"]["annotations"];
  const auto* cm = find(result, "ConfigMap imperative/initdata");
  CHECK(annotations["io.katacontainers.config.hypervisor.cc_init_data"] == cm->body["data"]["INITDATA"]);
  CHECK_FALSE(annotations.contains("coco.io/initdata-configmap"));
  CHECK_FALSE(has(result, "ClusterPolicy inject-coco-initdata"));
}
