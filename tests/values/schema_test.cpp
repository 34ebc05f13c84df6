#include "support/temp_dir.hpp"

#include <cococtl/values/validate.hpp>

#include <catch2/catch.hpp>

using namespace cococtl;
using cococtl::test::TempDir;

namespace {
// Problems (as "file:line:col: key: message" without the temp folder) for a user values file.
std::vector<std::string> problems_for(const std::string& yaml) {
  TempDir dir;
  values::LoadOptions options;
  options.values_global = dir.write("v.yaml", yaml);
  auto v = values::load(options);
  REQUIRE(v.ok());
  std::vector<std::string> out;
  for (const auto& p : values::validate_schema(*v)) {
    std::string text = p.to_string();
    const auto prefix = dir.path().string() + "/";
    if (text.rfind(prefix, 0) == 0) text = text.substr(prefix.size());
    out.push_back(text);
  }
  return out;
}
}  // namespace

TEST_CASE("the embedded defaults are valid for every topology") {
  for (const auto& topology : values::topology_names()) {
    values::LoadOptions options;
    options.topology = topology;
    auto v = values::load(options);
    REQUIRE(v.ok());
    CHECK(values::validate_schema(*v).empty());
  }
}

TEST_CASE("unknown keys are reported with a suggestion") {
  CHECK(problems_for("global:\n  coco:\n    securityPolicyFlavor: signed\n") ==
        std::vector<std::string>{"v.yaml:3:5: global.coco.securityPolicyFlavor: unknown key (did you mean \"securityPolicyFlavour\"?)"});
  CHECK(problems_for("glbal: {}\n") == std::vector<std::string>{"v.yaml:1:1: glbal: unknown key (did you mean \"global\"?)"});
}

TEST_CASE("wrong types, enums, ranges and names are reported with the value") {
  const auto problems = problems_for(
      "global:\n"
      "  coco:\n"
      "    secured: yes please\n"
      "    securityPolicyFlavour: sigend\n"
      "  hubClusterDomain: Apps_Example\n"
      "kbs:\n"
      "  tls:\n"
      "    validityDays: 99999\n"
      "  secretResources: kbsres1\n");
  CHECK(problems == std::vector<std::string>{
                        "v.yaml:3:5: global.coco.secured: \"yes please\": expected true or false",
                        "v.yaml:4:5: global.coco.securityPolicyFlavour: \"sigend\": expected one of: insecure, signed, "
                        "reject (did you mean \"signed\"?)",
                        "v.yaml:5:3: global.hubClusterDomain: \"Apps_Example\": expected a DNS name (lower-case letters, "
                        "digits, '-' and '.')",
                        "v.yaml:8:5: kbs.tls.validityDays: \"99999\": must be at most 3650",
                        "v.yaml:9:3: kbs.secretResources: expected a list, got \"kbsres1\"",
                    });
}

TEST_CASE("a map where a value is expected, and a value where a map is expected") {
  CHECK(problems_for("global:\n  pattern:\n    name: x\n") ==
        std::vector<std::string>{"v.yaml:2:3: global.pattern: expected a single value, got a map"});
  CHECK(problems_for("kbs: 5\n") == std::vector<std::string>{"v.yaml:1:1: kbs: expected a map, got \"5\""});
}

TEST_CASE("required keys of user-added subscriptions are checked") {
  CHECK(problems_for("clusterGroup:\n  subscriptions:\n    extra:\n      name: foo\n") ==
        std::vector<std::string>{"v.yaml:3:5: clusterGroup.subscriptions.extra.channel: required key is missing",
                                 "v.yaml:3:5: clusterGroup.subscriptions.extra.namespace: required key is missing"});
}
