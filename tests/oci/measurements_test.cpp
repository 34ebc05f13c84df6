#include <cococtl/oci/measurements.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

using namespace cococtl::oci;

namespace {
const std::string k_p3 = std::string(62, 'a') + "03";
const std::string k_p9 = "00" + std::string(62, 'b');  // leading zeros must survive
const std::string k_p11 = std::string(64, 'C');
const std::string k_p12 = std::string(60, 'd') + "0x12";

std::string image_file() {
  return fmt::format(R"({{"measurements":{{"sha256":{{"pcr03":"0x{}","pcr09":"0x{}","pcr11":"0X{}","pcr12":"{}"}}}}}})",
                     k_p3, k_p9, k_p11, std::string(64, 'e'));
}
}  // namespace

TEST_CASE("exactly one 0x is stripped and zeros are kept") {
  CHECK(normalise_pcr_value("0x00" + std::string(62, 'f'), "sha256", "pcr03").value() == "00" + std::string(62, 'f'));
  CHECK(normalise_pcr_value("0x0x" + std::string(60, 'f'), "sha256", "pcr03").ok() == false);
  CHECK(normalise_pcr_value(std::string(96, 'A'), "sha384", "x").value() == std::string(96, 'a'));
  auto short_value = normalise_pcr_value("0xabc", "sha256", "pcr09");
  REQUIRE_FALSE(short_value.ok());
  CHECK(short_value.error().message == "pcr09 is not 64 hex digits of sha256 (got 3 characters)");
  CHECK_FALSE(normalise_pcr_value(std::string(63, 'a') + "g", "sha256", "p").ok());
  CHECK_FALSE(normalise_pcr_value(std::string(64, 'a'), "md5", "p").ok());
}

TEST_CASE("the image's measurements.json parses into clean hex") {
  auto m = parse_measurements_json(image_file());
  REQUIRE(m.ok());
  CHECK(m->pcrs.at("pcr03") == k_p3);
  CHECK(m->pcrs.at("pcr09") == k_p9);
  CHECK(m->pcrs.at("pcr11") == std::string(64, 'c'));
  CHECK(m->pcrs.at("pcr12") == std::string(64, 'e'));
}

TEST_CASE("incomplete or odd measurement files are invalid input") {
  const std::string bad[] = {
      "nope",
      R"({"measurements":{"sha384":{}}})",
      fmt::format(R"({{"measurements":{{"sha256":{{"pcr03":"{}"}}}}}})", k_p3),
      fmt::format(R"({{"measurements":{{"sha256":{{"pcr03":"{0}","pcr09":"{0}","pcr11":"{0}","pcr12":"{1}"}}}}}})", k_p3, k_p12),
      fmt::format(R"({{"measurements":{{"sha256":{{"pcr03":"{0}","pcr09":"{0}","pcr11":"{0}","pcr12":"{0}","x":"{0}"}}}}}})", k_p3),
      fmt::format(R"({{"measurements":{{"sha256":{{"pcr03":3,"pcr09":"{0}","pcr11":"{0}","pcr12":"{0}"}}}}}})", k_p3),
  };
  for (const auto& text : bad) {
    INFO(text);
    auto m = parse_measurements_json(text);
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().code == cococtl::util::ExitCode::invalid_input);
  }
  auto missing = parse_measurements_json(fmt::format(R"({{"measurements":{{"sha256":{{"pcr03":"{}"}}}}}})", k_p3));
  CHECK(missing.error().message == "measurements.json: sha256 measurements lack pcr09, pcr11, pcr12");
}

TEST_CASE("manifest annotations carry the same measurements") {
  std::map<std::string, std::string> annotations{
      {"org.opencontainers.image.version", "1.12.0"},
      {"io.github.confidential-containers.measurements.algorithm", "sha256"},
      {"io.github.confidential-containers.measurements.pcr03", "0x" + k_p3},
      {"io.github.confidential-containers.measurements.pcr09", "0x" + k_p9},
      {"io.github.confidential-containers.measurements.pcr11", "0x" + k_p11},
      {"io.github.confidential-containers.measurements.pcr12", "0x" + std::string(64, 'e')},
  };
  CHECK(has_measurement_annotations(annotations));
  auto m = measurements_from_annotations(annotations);
  REQUIRE(m.ok());
  CHECK(m->pcrs == parse_measurements_json(image_file())->pcrs);
  annotations["io.github.confidential-containers.measurements.algorithm"] = "sha384";
  CHECK_FALSE(measurements_from_annotations(annotations).ok());
  CHECK_FALSE(has_measurement_annotations({{"io.github.confidential-containers.measurements.algorithm", "sha256"}}));
}

TEST_CASE("the pattern file and the RVPS reference values have the chart's shapes") {
  const auto m = parse_measurements_json(image_file()).value();
  const MeasurementSource source{"r/p:1.12.0", "sha256:aa", "sha256:bb", "linux/amd64", "annotations", "2026-01-01T00:00:00Z"};
  const auto pattern = nlohmann::json::parse(pattern_measurements_json(m, source));
  CHECK(pattern["measurements"]["sha256"]["pcr03"] == k_p3);
  CHECK(pattern["measurements"]["sha256"].size() == 4);
  CHECK(pattern["source"]["digest"] == "sha256:aa");
  const auto back = parse_measurement_source(pattern.dump());
  CHECK(back.manifest_digest == "sha256:bb");
  CHECK(back.fetched_at == "2026-01-01T00:00:00Z");
  CHECK(parse_measurements_json(pattern.dump())->pcrs == m.pcrs);
}
