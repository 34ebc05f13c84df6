#include "support/temp_dir.hpp"

#include <cococtl/values/validate.hpp>
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

TEST_CASE("an unknown topology names the file, line and column, suggests the closest, and other problems still show") {
  TempDir dir;
  values::LoadOptions options;
  options.values_global =
      dir.write("values-global.yaml", "global:\n  pattern: x\n  patern: y\nmain:\n  clusterGroupName: baremtal\n");
  const auto v = load_ok(options);
  const auto problems = values::validate_schema(v);
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].to_string() ==
        options.values_global->string() +
            ":5:3: main.clusterGroupName: unknown topology \"baremtal\" (did you mean \"baremetal\"?)");
  CHECK(problems[1].to_string() ==
        options.values_global->string() + ":3:3: global.patern: unknown key (did you mean \"pattern\"?)");
  values::LoadOptions flag;
  flag.topology = "simpel";
  const auto from_flag = values::load(flag);
  REQUIRE_FALSE(from_flag.ok());
  CHECK(from_flag.error().code == util::ExitCode::usage);
  CHECK(from_flag.error().message == "--topology: main.clusterGroupName: unknown topology \"simpel\" (did you mean \"simple\"?)");
}

TEST_CASE("set flags parse YAML scalars, and malformed ones are problems at their flag") {
  values::LoadOptions options;
  options.sets = {"kbs.tls.validityDays=30", "kbs.tls.extraSANs=[a.example.com, b.example.com]", "global.coco.runtimeClassName="};
  const auto v = load_ok(options);
  CHECK(v.int_at("kbs.tls.validityDays") == 30);
  CHECK(v.strings_at("kbs.tls.extraSANs") == std::vector<std::string>{"a.example.com", "b.example.com"});
  CHECK(v.string_at("global.coco.runtimeClassName", "x").empty());
  for (const std::string bad : {"novalue", "a..b=1", "=1", "a=[unclosed", "a[x]=1", "a[1=2", "[0]=1"}) {
    values::LoadOptions o;
    o.sets = {bad, "global.pattern=still-applied"};
    const auto loaded = load_ok(o);
    INFO(bad);
    REQUIRE(loaded.load_problems().size() == 1);
    CHECK(loaded.load_problems()[0].where.source == "--set " + bad);
    CHECK(loaded.string_at("global.pattern") == "still-applied");
  }
}

TEST_CASE("set flags index lists with [N] and never blame a file for a path that does not fit") {
  values::LoadOptions options;
  options.sets = {"kyverno.workloadNamespaces=[a, b]", "kyverno.workloadNamespaces[1]=c",
                  "kyverno.workloadNamespaces[2]=d", "new.list[0].name=x"};
  const auto v = load_ok(options);
  CHECK(v.load_problems().empty());
  CHECK(v.strings_at("kyverno.workloadNamespaces") == std::vector<std::string>{"a", "c", "d"});
  CHECK(v.location_of("kyverno.workloadNamespaces[2]").source == "--set kyverno.workloadNamespaces[2]=d");
  CHECK(v.location_of("new").source == "--set new.list[0].name=x");  // created by the flag

  const std::map<std::string, std::string> misfits{
      {"kyverno.workloadNamespaces.0=x",
       "kyverno.workloadNamespaces is a list, not a map: to set an item write kyverno.workloadNamespaces[0]=..."},
      {"kyverno.workloadNamespaces[9]=x",
       "kyverno.workloadNamespaces has 2 item(s): [9] is past the end ([2] appends)"},
      {"global.pattern.x=1", "global.pattern is a single value, not a map"},
      {"global[0]=1", "global is a map, not a list"}};
  for (const auto& [flag, message] : misfits) {
    values::LoadOptions o;
    o.sets = {flag};
    const auto loaded = load_ok(o);
    INFO(flag);
    REQUIRE(loaded.load_problems().size() == 1);
    CHECK(loaded.load_problems()[0].to_string().find("--set " + flag + ": ") == 0);
    CHECK(loaded.load_problems()[0].message == message);
    CHECK(values::validate_schema(loaded).size() == 1);  // the values themselves are untouched
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
