#include "support/temp_dir.hpp"

#include <cococtl/values/validate.hpp>

#include <catch2/catch.hpp>

using namespace cococtl;
using cococtl::test::TempDir;

namespace {
std::vector<std::string> messages(const std::string& values_yaml, const std::string& secret_yaml = "") {
  TempDir dir;
  values::LoadOptions options;
  options.values_global = dir.write("v.yaml", values_yaml);
  auto v = values::load(options);
  REQUIRE(v.ok());
  std::vector<values::Problem> problems;
  std::optional<values::SecretFile> secrets;
  if (!secret_yaml.empty()) {
    auto s = values::load_secret_file(dir.write("s.yaml", secret_yaml), problems);
    REQUIRE(s.ok());
    secrets = std::move(*s);
  }
  std::vector<std::string> out;
  for (const auto& p : values::validate(*v, secrets ? &*secrets : nullptr)) {
    if (p.path == "global.hubClusterDomain") continue;  // the example-domain warning
    out.push_back((p.warning ? "warning: " : "") + p.path + ": " + p.message);
  }
  return out;
}

const std::string k_domain = "global:\n  hubClusterDomain: apps.x.example.com\n";
}  // namespace

TEST_CASE("signed policy needs cosign keys in values-secret") {
  const std::string values = "global:\n  hubClusterDomain: apps.x.example.com\n  coco:\n    securityPolicyFlavour: signed\n";
  const std::string secrets = "version: \"2.0\"\nsecrets:\n  - name: kbsres1\n    fields:\n      - name: key1\n        value: a\n";
  const auto found = messages(values, secrets);
  REQUIRE(found.size() == 2);  // cosign, and passphrase missing from the file
  CHECK(found[0].rfind("global.coco.securityPolicyFlavour: \"signed\" needs cosign public keys", 0) == 0);
  CHECK(found[1].find("KBS resource \"passphrase\" has no secret of that name") != std::string::npos);
  const std::string with_keys = secrets +
                                "  - name: passphrase\n    fields:\n      - name: passphrase\n        value: p\n"
                                "  - name: cosign-keys\n    fields:\n      - name: key-0\n        value: k\n";
  CHECK(messages(values, with_keys).empty());
}

TEST_CASE("TDX needs the PCCS API key, without a values-secret file it is a warning") {
  const std::string values = k_domain + "main:\n  clusterGroupName: baremetal\n";
  const auto without_file = messages(values);
  REQUIRE(without_file.size() == 1);
  CHECK(without_file[0].rfind("warning: baremetal.tee: Intel TDX needs the Intel PCS API key", 0) == 0);
  const std::string secrets = "version: \"2.0\"\nsecrets:\n  - name: kbsres1\n    fields:\n      - name: key1\n        value: a\n"
                              "  - name: passphrase\n    fields:\n      - name: passphrase\n        value: p\n";
  const auto with_file = messages(values, secrets);
  REQUIRE(with_file.size() == 1);
  CHECK(with_file[0].rfind("baremetal.tee: Intel TDX needs", 0) == 0);
  CHECK(messages(values + "baremetal:\n  tee: snp\n", secrets).empty());
}

TEST_CASE("Azure peer pods need a default VM flavour from the list") {
  const auto found = messages(k_domain + "  coco:\n    azure:\n      defaultVMFlavour: Standard_DC2as_v6\n");
  REQUIRE(found.size() == 1);
  CHECK(found[0] == "global.coco.azure.defaultVMFlavour: \"Standard_DC2as_v6\" is not in global.coco.azure.VMFlavours "
                    "(did you mean \"Standard_DC2as_v5\"?)");
  const auto empty = messages(k_domain + "  coco:\n    azure:\n      VMFlavours: \"\"\n");
  REQUIRE(empty.size() == 1);
  CHECK(empty[0] == "global.coco.azure.VMFlavours: Azure peer pods need defaultVMFlavour and VMFlavours");
}

TEST_CASE("bare-metal topologies need the BareMetal platform, peer pods need Azure") {
  const auto found = messages(k_domain + "  clusterPlatform: Azure\nmain:\n  clusterGroupName: baremetal-gpu\nbaremetal:\n  tee: snp\n");
  REQUIRE(found.size() == 1);
  CHECK(found[0] == "global.clusterPlatform: topology baremetal-gpu needs a TEE on bare metal: set global.clusterPlatform "
                    "to BareMetal (it is \"Azure\")");
  const auto spoke = messages(k_domain + "  clusterPlatform: None\nmain:\n  clusterGroupName: spoke\n");
  REQUIRE(spoke.size() == 1);
  CHECK(spoke[0] == "global.clusterPlatform: peer pods (topology spoke) run on Azure only (it is \"None\")");
}

TEST_CASE("kata-remote on bare metal is refused") {
  const auto found = messages(k_domain + "  coco:\n    runtimeClassName: kata-remote\nmain:\n  clusterGroupName: baremetal\n"
                                         "baremetal:\n  tee: snp\n");
  REQUIRE(found.size() == 1);
  CHECK(found[0] == "global.coco.runtimeClassName: kata-remote (peer pods) needs global.clusterPlatform Azure");
}

TEST_CASE("the example domain is a warning") {
  TempDir dir;
  values::LoadOptions options;
  auto v = values::load(options);
  REQUIRE(v.ok());
  const auto problems = values::validate(*v, nullptr);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].warning);
  CHECK(problems[0].to_string() == "embedded:values-global.yaml:11:3: global.hubClusterDomain: still the example domain; "
                                   "set it to your cluster's apps domain");
}

TEST_CASE("fields of KBS resources become Secret keys and must be valid ones") {
  const std::string secrets =
      "version: \"2.0\"\nsecrets:\n  - name: kbsres1\n    fields:\n      - name: key 1\n        value: a\n"
      "      - name: ok_key.v-2\n        value: b\n"
      "  - name: passphrase\n    fields:\n      - name: pass/phrase\n        value: p\n";
  const auto found = messages(k_domain, secrets);
  REQUIRE(found.size() == 2);
  CHECK(found[0] == "kbsres1.key 1: \"key 1\": not a valid Kubernetes Secret key (letters, digits, '-', '_' and '.')");
  CHECK(
      found[1] ==
      "passphrase.pass/phrase: \"pass/phrase\": not a valid Kubernetes Secret key (letters, digits, '-', '_' and '.')");
}
