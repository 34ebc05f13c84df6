// The decisions about the cluster: reference-value drift, the kbs-access sample, pod initdata.
#include <cococtl/crypto/digest.hpp>
#include <cococtl/crypto/encoding.hpp>
#include <cococtl/install/attest_rules.hpp>

#include <catch2/catch.hpp>

using namespace cococtl;
using namespace cococtl::install::attest;
using nlohmann::json;

namespace {

const json k_expected = json::array({
    {{"name", "snp_pcr03"}, {"expiration", "2027-12-12T00:00:00Z"}, {"value", {"aa"}}},
    {{"name", "init_data"}, {"expiration", "2027-12-12T00:00:00Z"}, {"value", {"d1", "d2"}}},
});

std::string annotation_of(const std::string& toml) {
  return crypto::base64_encode(crypto::gzip_compress(toml).value());
}

KnownInitdata known(const std::string& name, const std::string& toml) {
  return {name, "sha384", crypto::digest_hex(crypto::DigestAlgorithm::sha384, toml).value()};
}

}  // namespace

TEST_CASE("attest reference-values: equal values pass, a changed or missing one fails naming it") {
  std::map<std::string, json> actual{{"snp_pcr03", {"aa"}}, {"init_data", {"d1", "d2"}}};
  CHECK(reference_values_rule(k_expected, actual, "cluster").verdict == Verdict::pass);
  actual["snp_pcr03"] = {"bb"};
  actual.erase("init_data");
  const auto r = reference_values_rule(k_expected, actual, "cluster");
  CHECK(r.verdict == Verdict::fail);
  CHECK_THAT(r.message, Catch::Contains("snp_pcr03 is [\"bb\"]") && Catch::Contains("init_data is missing"));
  CHECK(r.details["drifted"] == json::array({"snp_pcr03", "init_data"}));
  CHECK(reference_values_rule(json::array(), actual, "cluster").verdict == Verdict::skip);
}

TEST_CASE("attest workload: the served bytes are compared by digest - 404 skips, 503 fails") {
  const std::string secret = "kbsres1 key3 value";
  const std::string resource = "default/kbsres1/key3";
  CHECK(workload_rule({200, secret}, secret, resource).verdict == Verdict::pass);
  CHECK(workload_rule({200, "<html><p>" + secret + "</p></html>"}, secret, resource).verdict == Verdict::pass);
  const auto other = workload_rule({200, "something else"}, secret, resource);
  CHECK(other.verdict == Verdict::fail);
  CHECK(other.message.find(secret) == std::string::npos);
  const auto absent = workload_rule({404, "{\"kind\":\"Status\"}"}, secret, resource);
  CHECK(absent.verdict == Verdict::skip);
  CHECK_THAT(absent.message, Catch::Contains("not deployed"));
  const auto unready = workload_rule({503, "no endpoints available for service"}, secret, resource);
  CHECK(unready.verdict == Verdict::fail);
  CHECK_THAT(unready.message, Catch::Contains("not serving"));
  CHECK(workload_rule({500, ""}, secret, resource).verdict == Verdict::fail);
}

TEST_CASE("attest initdata: pods must carry a current initdata document, compared by digest") {
  const std::vector<KnownInitdata> current{known("initdata", "version = \"0.1.0\"\n"),
                                           known("debug-initdata", "version = \"0.1.0\"\n# debug\n")};
  CHECK(initdata_rule({}, current).verdict == Verdict::skip);
  const std::vector<PodInitdata> good{{"hello/secure", "kata-remote", annotation_of("version = \"0.1.0\"\n")},
                                      {"hello/debug", "kata-remote", annotation_of("version = \"0.1.0\"\n# debug\n")}};
  CHECK(initdata_rule(good, {}).verdict == Verdict::skip);  // nothing rendered to compare with
  const auto pass = initdata_rule(good, current);
  CHECK(pass.verdict == Verdict::pass);
  CHECK(pass.details["pods"]["hello/debug"] == "debug-initdata");
  auto stale = good;
  stale.push_back({"kbs-access/secure-x", "kata-cc", annotation_of("version = \"0.1.0\"\n# old\n")});
  stale.push_back({"kbs-access/bare", "kata-cc", std::nullopt});
  stale.push_back({"kbs-access/junk", "kata-cc", std::string("not base64!")});
  const auto fail = initdata_rule(stale, current);
  CHECK(fail.verdict == Verdict::fail);
  CHECK_THAT(fail.message, Catch::Contains("kbs-access/secure-x (kata-cc) carries another initdata document"));
  CHECK_THAT(fail.message, Catch::Contains("kbs-access/bare (kata-cc) has no cc_init_data annotation"));
  CHECK_THAT(fail.message, Catch::Contains("kbs-access/junk (kata-cc) carries an annotation that does not decode"));
}
