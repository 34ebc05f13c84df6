#include <cococtl/secrets/generate.hpp>
#include <cococtl/secrets/values_secret.hpp>

#include "fixture.hpp"

#include <yaml-cpp/yaml.h>

using namespace cococtl;
using namespace cococtl::test;

namespace {

std::vector<std::string> names_in(const YAML::Node& list) {
  std::vector<std::string> out;
  for (const auto& s : list) out.push_back(s["name"].as<std::string>());
  return out;
}

}  // namespace

TEST_CASE("the values-secret file is created (0600) and every path points at a generated file") {
  ScratchDir scratch("vs-create");
  const auto dir = scratch.path() / "s";
  auto spec = test_spec();
  spec.tdx_pccs = true;
  spec.ssh_debug = true;
  REQUIRE(secrets::generate(spec, dir, {}).ok());
  const auto target = scratch.path() / "values-secret-coco-pattern.yaml";
  auto outcome = secrets::ensure_values_secret(spec, target, dir.string());
  REQUIRE(outcome.ok());
  CHECK(outcome->written);
  CHECK(snapshot(scratch.path()).at("values-secret-coco-pattern.yaml").mode == 0600);
  const YAML::Node doc = YAML::LoadFile(target.string());
  CHECK(doc["version"].as<std::string>() == "2.0");
  CHECK(names_in(doc["secrets"]) == secrets::values_secret_names(spec));
  int paths = 0;
  for (const auto& secret : doc["secrets"]) {
    for (const auto& field : secret["fields"]) {
      if (!field["path"]) continue;
      INFO(field["path"].as<std::string>());
      CHECK(std::filesystem::exists(field["path"].as<std::string>()));
      ++paths;
    }
  }
  CHECK(paths == 21);
}

TEST_CASE("an existing values-secret file gets the missing entries appended, everything else kept") {
  ScratchDir scratch("vs-existing");
  const auto target = scratch.path() / "values-secret.yaml";
  const std::string mine =
      "# my notes\nversion: \"2.0\"\nsecrets:\n  - name: kbsres1  # keep\n    fields: []\n  - name: mine\n    fields: "
      "[]\n"
      "# the end\n";
  std::ofstream(target) << mine;
  auto outcome = secrets::ensure_values_secret(test_spec(), target, "~/.coco-pattern");
  REQUIRE(outcome.ok());
  CHECK_FALSE(outcome->written);
  CHECK(outcome->updated);
  CHECK(outcome->snippet.empty());
  CHECK(std::find(outcome->missing.begin(), outcome->missing.end(), "kbsres1") == outcome->missing.end());
  CHECK(std::find(outcome->missing.begin(), outcome->missing.end(), "kbsTls") != outcome->missing.end());
  std::ifstream in(target);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const std::string kept =
      "# my notes\nversion: \"2.0\"\nsecrets:\n  - name: kbsres1  # keep\n    fields: []\n  - name: mine\n    fields: "
      "[]\n";
  CHECK(text.rfind(kept, 0) == 0);
  CHECK(text.ends_with("# the end\n"));
  std::vector<std::string> expected{"kbsres1", "mine"};
  expected.insert(expected.end(), outcome->missing.begin(), outcome->missing.end());
  CHECK(names_in(YAML::LoadFile(target.string())["secrets"]) == expected);
  CHECK(snapshot(scratch.path()).at("values-secret.yaml").mode == 0600);

  // A list written in flow style cannot be extended in place: the file stays, the snippet is returned.
  std::ofstream(target, std::ios::trunc) << "version: \"2.0\"\nsecrets: [{name: mine, fields: []}]\n";
  const auto before = snapshot(scratch.path());
  auto flow = secrets::ensure_values_secret(test_spec(), target, "~/.coco-pattern");
  REQUIRE(flow.ok());
  CHECK_FALSE(flow->updated);
  CHECK(changed(before, snapshot(scratch.path())).empty());
  CHECK_THAT(flow->parse_error, Catch::Contains("is not a list written one item per line"));
  CHECK(names_in(YAML::Load(flow->snippet)) == flow->missing);
}

TEST_CASE("a complete existing file needs nothing, a broken one gets everything listed") {
  ScratchDir scratch("vs-complete");
  const auto target = scratch.path() / "vs.yaml";
  std::ofstream(target) << secrets::values_secret_document(test_spec(), "/x");
  auto complete = secrets::ensure_values_secret(test_spec(), target, "/x");
  REQUIRE(complete.ok());
  CHECK(complete->missing.empty());
  CHECK(complete->snippet.empty());
  std::ofstream(target, std::ios::trunc) << "secrets: [unclosed\n\tbad";
  auto broken = secrets::ensure_values_secret(test_spec(), target, "/x");
  REQUIRE(broken.ok());
  CHECK_FALSE(broken->parse_error.empty());
  CHECK(broken->missing == secrets::values_secret_names(test_spec()));
}

TEST_CASE("odd characters in the folder name stay inside the YAML string") {
  const std::string dir = "/tmp/we\"ird: #dir\\x";
  const YAML::Node doc = YAML::Load(secrets::values_secret_document(test_spec(), dir));
  CHECK(doc["secrets"][0]["fields"][0]["path"].as<std::string>() == dir + "/kbsPublicKey");
}
