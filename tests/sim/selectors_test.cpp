#include "sim/api/selectors.hpp"

#include <catch2/catch.hpp>

using namespace cococtl::sim;

namespace {
bool select(const std::string& selector, const json& labels) {
  std::string error;
  const auto parsed = LabelSelector::parse(selector, error);
  INFO(error);
  REQUIRE(parsed);
  return parsed->matches(labels);
}
}  // namespace

TEST_CASE("label selectors: equality, inequality, sets and existence") {
  const json labels = {{"app", "web"}, {"tier", "front"}, {"example.com/team", "a"}};
  CHECK(select("app=web", labels));
  CHECK(select("app==web,tier=front", labels));
  CHECK_FALSE(select("app=db", labels));
  CHECK(select("app!=db", labels));
  CHECK(select("missing!=x", labels));
  CHECK(select("tier in (front, back)", labels));
  CHECK_FALSE(select("tier notin (front)", labels));
  CHECK(select("example.com/team", labels));
  CHECK(select("!missing", labels));
  CHECK_FALSE(select("!app", labels));
  CHECK(select("", labels));
  CHECK_FALSE(select("app", json(nullptr)));
}

TEST_CASE("label selectors reject malformed input") {
  std::string error;
  CHECK_FALSE(LabelSelector::parse("a b", error));
  CHECK_FALSE(LabelSelector::parse("=x", error));
}

TEST_CASE("LabelSelector objects: matchLabels and matchExpressions") {
  std::string error;
  const auto s = LabelSelector::from_object(json::parse(R"({"matchLabels":{"role":"worker"},
      "matchExpressions":[{"key":"zone","operator":"In","values":["a","b"]},{"key":"gpu","operator":"DoesNotExist"}]})"),
                                            error);
  REQUIRE(s);
  CHECK(s->matches({{"role", "worker"}, {"zone", "a"}}));
  CHECK_FALSE(s->matches({{"role", "worker"}, {"zone", "c"}}));
  CHECK_FALSE(s->matches({{"role", "worker"}, {"zone", "a"}, {"gpu", "1"}}));
  CHECK_FALSE(LabelSelector::from_object(json::parse(R"({"matchExpressions":[{"key":"a","operator":"Near"}]})"), error));
}

TEST_CASE("field selectors compare dotted paths") {
  std::string error;
  const auto s = FieldSelector::parse("metadata.name=x,status.phase!=Failed", error);
  REQUIRE(s);
  CHECK(s->matches({{"metadata", {{"name", "x"}}}, {"status", {{"phase", "Running"}}}}));
  CHECK_FALSE(s->matches({{"metadata", {{"name", "y"}}}}));
  CHECK(s->fields() == std::vector<std::string>{"metadata.name", "status.phase"});
  CHECK_FALSE(FieldSelector::parse("justaword", error));
}
