#include "common/temp_dir.hpp"

#include <cococtl/values/values.hpp>

#include <catch2/catch.hpp>

using namespace cococtl;
using cococtl::test::TempDir;

namespace {
values::Values load_ok(const values::LoadOptions& options) {
  auto result = values::load(options);
  INFO((result.ok() ? "" : result.error().message));
  REQUIRE(result.ok());
  return std::move(result).value();
}
}  // namespace

TEST_CASE("embedded defaults load for every topology") {
  for (const auto& topology : values::topology_names()) {
    values::LoadOptions options;
    options.topology = topology;
    const auto v = load_ok(options);
    CHECK(v.topology() == topology);
    CHECK(v.string_at("clusterGroup.name") == topology);
    CHECK(v.string_at("global.pattern") == "coco-pattern");
  }
}

TEST_CASE("topology files pin the operator versions") {
  values::LoadOptions options;
  options.topology = "baremetal-gpu";
  const auto v = load_ok(options);
  CHECK(v.string_at("clusterGroup.subscriptions.sandbox.csv") == "sandboxed-containers-operator.v1.12.0");
  CHECK(v.string_at("clusterGroup.subscriptions.trustee.csv") == "trustee-operator.v1.1.0");
  CHECK(v.string_at("clusterGroup.subscriptions.gpu-operator.csv") == "gpu-operator-certified.v26.3.0");
  CHECK(v.string_at("clusterGroup.subscriptions.gpu-operator.installPlanApproval") == "Manual");
  CHECK(v.string_at("global.clusterPlatform") == "BareMetal");
}

TEST_CASE("merge order: defaults < topology < user file < --set, and origins follow") {
  TempDir dir;
  const auto file = dir.write("values-global.yaml",
                              "main:\n  clusterGroupName: baremetal\nglobal:\n  hubClusterDomain: apps.a.example.com\n"
                              "kbs:\n  secretResources:\n    - only\n");
  values::LoadOptions options;
  options.values_global = file;
  options.sets = {"global.hubClusterDomain=apps.b.example.com", "global.coco.secured=false"};
  const auto v = load_ok(options);
  CHECK(v.topology() == "baremetal");
  CHECK(v.string_at("global.hubClusterDomain") == "apps.b.example.com");
  CHECK_FALSE(v.bool_at("global.coco.secured", true));
  CHECK(v.strings_at("kbs.secretResources") == std::vector<std::string>{"only"});  // lists replace
  CHECK(v.location_of("kbs.secretResources").to_string() == file.string() + ":6:3");
  CHECK(v.location_of("global.hubClusterDomain").source == "--set global.hubClusterDomain=apps.b.example.com");
  CHECK(v.location_of("global.coco.enableSSHDebug").source == "embedded:values-global.yaml");
  CHECK(v.location_of("main.clusterGroupName").to_string() == file.string() + ":2:3");
}

TEST_CASE("the topology flag beats --set which beats the file") {
  TempDir dir;
  values::LoadOptions options;
  options.values_global = dir.write("v.yaml", "main:\n  clusterGroupName: spoke\n");
  options.sets = {"main.clusterGroupName=baremetal"};
  CHECK(load_ok(options).topology() == "baremetal");
  options.topology = "trusted-hub";
  CHECK(load_ok(options).topology() == "trusted-hub");
}

TEST_CASE("an unknown topology names the file, line and column and suggests the closest") {
  TempDir dir;
  values::LoadOptions options;
  options.values_global = dir.write("values-global.yaml", "global:\n  pattern: x\nmain:\n  clusterGroupName: baremtal\n");
  const auto result = values::load(options);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().code == util::ExitCode::invalid_input);
  CHECK(result.error().message == options.values_global->string() +
                                      ":4:3: main.clusterGroupName: unknown topology \"baremtal\" (did you mean \"baremetal\"?)");
  values::LoadOptions flag;
  flag.topology = "simpel";
  const auto from_flag = values::load(flag);
  REQUIRE_FALSE(from_flag.ok());
  CHECK(from_flag.error().code == util::ExitCode::usage);
  CHECK(from_flag.error().message == "--topology: main.clusterGroupName: unknown topology \"simpel\" (did you mean \"simple\"?)");
}

TEST_CASE("set flags parse YAML scalars and malformed ones are rejected") {
  values::LoadOptions options;
  options.sets = {"kbs.tls.validityDays=30", "kbs.tls.extraSANs=[a.example.com, b.example.com]", "global.coco.runtimeClassName="};
  const auto v = load_ok(options);
  CHECK(v.int_at("kbs.tls.validityDays") == 30);
  CHECK(v.strings_at("kbs.tls.extraSANs") == std::vector<std::string>{"a.example.com", "b.example.com"});
  CHECK(v.string_at("global.coco.runtimeClassName", "x").empty());
  for (const std::string bad : {"novalue", "a..b=1", "=1", "a=[unclosed"}) {
    values::LoadOptions o;
    o.sets = {bad};
    const auto result = values::load(o);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == util::ExitCode::usage);
  }
}

TEST_CASE("the cluster flag applies a clusters entry and suggests names") {
  TempDir dir;
  values::LoadOptions options;
  options.values_global = dir.write("v.yaml", "clusters:\n  hub:\n    topology: trusted-hub\n    localClusterDomain: apps.h.example.com\n");
  options.cluster = "hub";
  const auto v = load_ok(options);
  CHECK(v.topology() == "trusted-hub");
  CHECK(v.string_at("global.localClusterDomain") == "apps.h.example.com");
  options.cluster = "hbu";
  const auto missing = values::load(options);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message.find("(did you mean \"hub\"?)") != std::string::npos);
}
