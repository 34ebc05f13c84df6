#include "sim/ssa/fieldset.hpp"

#include <catch2/catch.hpp>

using namespace cococtl::sim;

TEST_CASE("FieldSet round-trips the fieldsV1 trie, with '.' for members that have children") {
  const json fields = json::parse(R"({"f:metadata":{"f:labels":{".":{},"f:app":{}}},
      "f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:image":{}}}}})");
  const FieldSet set = FieldSet::from_fields_v1(fields);
  CHECK(set.to_fields_v1() == fields);
  CHECK(set.contains({"f:metadata", "f:labels"}));
  CHECK(set.contains({"f:metadata", "f:labels", "f:app"}));
  CHECK_FALSE(set.contains({"f:metadata"}));
  CHECK(set.contains({"f:spec", "f:containers", "k:{\"name\":\"c\"}", "f:image"}));
  CHECK(set.has_members_below({"f:spec"}));
  CHECK_FALSE(set.has_members_below({"f:spec", "f:containers", "k:{\"name\":\"c\"}", "f:image"}));
}

TEST_CASE("FieldSet union, difference and intersection work path by path") {
  FieldSet a, b;
  a.insert({"f:data", "f:x"});
  a.insert({"f:data", "f:y"});
  b.insert({"f:data", "f:y"});
  b.insert({"f:data", "f:z"});
  CHECK(a.united(b).members().size() == 3);
  const FieldSet only_a = a.minus(b);
  CHECK(only_a.contains({"f:data", "f:x"}));
  CHECK_FALSE(only_a.contains({"f:data", "f:y"}));
  const FieldSet both = a.intersected(b);
  REQUIRE(both.members().size() == 1);
  CHECK(both.members()[0] == FieldPath{"f:data", "f:y"});
  CHECK(a.minus(a).empty());
}

TEST_CASE("path_to_string prints paths the way conflict messages do") {
  CHECK(path_to_string({"f:spec", "f:replicas"}) == ".spec.replicas");
  CHECK(path_to_string({"f:spec", "f:containers", "k:{\"name\":\"c\"}", "f:image"}) == ".spec.containers[name=\"c\"].image");
  CHECK(path_to_string({"f:metadata", "f:finalizers", "v:\"x\""}) == ".metadata.finalizers[=\"x\"]");
  CHECK(path_to_string({"f:ports", "k:{\"containerPort\":80,\"protocol\":\"TCP\"}"}) ==
        ".ports[containerPort=80,protocol=\"TCP\"]");
}
