#include <cococtl/manifest/yaml_io.hpp>

#include <catch2/catch.hpp>

using namespace cococtl;

namespace {
nlohmann::json round_trip(const nlohmann::json& value) {
  nlohmann::json doc{{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "x"}, {"namespace", "y"}}},
                     {"data", {{"v", value}}}};
  auto parsed = manifest::parse_objects(manifest::to_yaml(doc), "test");
  REQUIRE(parsed.ok());
  REQUIRE(parsed->size() == 1);
  return parsed->front().body["data"]["v"];
}
}  // namespace

TEST_CASE("strings that look like other types are quoted and read back as strings") {
  for (const std::string s : {"true", "no", "on", "Off", "y", "null", "~", "123", "0x1f", "1e3", "-1", ".5", "4.19",
                              "2027-12-12T00:00:00Z", ""}) {
    CHECK(round_trip(s) == nlohmann::json(s));
  }
}

TEST_CASE("strings with YAML syntax stay one scalar") {
  for (const std::string s : {"a: b", "# not a comment", "x #y", "- item", "{{x}}", "---", "...", "[1, 2]", "{a: 1}",
                              "'single'", "\"double\"", "back\\slash", "tab\there", " leading", "trailing ", "%TAG",
                              "@at", "`tick", "!tag", "&anchor", "*alias", "|pipe", ">fold", "multi\nline\n",
                              "no trailing newline\nsecond", "two trailing\n\n", "\nleading newline", "ünïcödé",
                              "ctrl\x01char", "---\nkind: Secret"}) {
    CHECK(round_trip(s) == nlohmann::json(s));
  }
}

TEST_CASE("numbers, booleans, nulls, nested maps and lists round-trip") {
  const nlohmann::json value = {{"n", 42},   {"f", 1.5},   {"b", false}, {"z", nullptr},
                                {"l", {1, "two", {{"three", 3}}}}, {"e", nlohmann::json::object()}, {"a", nlohmann::json::array()}};
  CHECK(round_trip(value) == value);
}

TEST_CASE("emission is deterministic and readable") {
  const nlohmann::json doc{{"kind", "ConfigMap"}, {"data", {{"script.sh", "echo hi\necho bye\n"}, {"plain", "value"}}}};
  CHECK(manifest::to_yaml(doc) == "data:\n  plain: value\n  script.sh: |\n    echo hi\n    echo bye\nkind: ConfigMap\n");
}

TEST_CASE("parse_objects expands Lists, skips empty documents and checks objects") {
  const auto objects = manifest::parse_objects(
      "---\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: a\n", "f.yaml");
  REQUIRE(objects.ok());
  REQUIRE(objects->size() == 1);
  CHECK(objects->front().display() == "Namespace a");
  const auto no_name = manifest::parse_objects("apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n", "f.yaml");
  REQUIRE_FALSE(no_name.ok());
  CHECK(no_name.error().message == "f.yaml:1: ConfigMap : metadata.name is missing");
}

TEST_CASE("parse_objects reads back the wave annotation and component label cococtl writes") {
  const auto objects = manifest::parse_objects(
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations:\n    cococtl.io/wave: \"45\"\n"
      "  labels:\n    cococtl.io/component: trustee\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n",
      "f.yaml");
  REQUIRE(objects.ok());
  CHECK((*objects)[0].wave == 45);
  CHECK((*objects)[0].stage() == manifest::Stage::trustee);
  CHECK((*objects)[0].component == "trustee");
  CHECK((*objects)[1].wave == 0);
  const auto bad = manifest::parse_objects(
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations:\n    cococtl.io/wave: soon\n", "g.yaml");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == "g.yaml:1: ConfigMap a: annotation cococtl.io/wave: \"soon\" is not an integer");
}
