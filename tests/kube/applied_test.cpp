// The rule that lets install skip an apply PATCH (src/kube/applied.hpp): it must only ever say
// "already applied" when the server would answer with the live object unchanged.
#include "applied.hpp"

#include <catch2/catch.hpp>

using cococtl::kube::detail::already_applied;
using cococtl::kube::detail::contains_fields;
using cococtl::kube::detail::Planned;
using cococtl::kube::detail::stamp_applied_digest;
using nlohmann::json;

namespace {

json managed_by(const std::string& manager, const std::string& operation = "Apply") {
  return json::array({{{"manager", manager}, {"operation", operation}}});
}

Planned converged(const json& body) {
  Planned p{{}, "ns", "a", body};
  REQUIRE(stamp_applied_digest(p.body).ok());
  p.live_known = p.exists = true;
  p.live = p.body;
  p.live.erase("kind");  // as a LIST item
  p.live["metadata"]["managedFields"] = managed_by("cococtl");
  p.live["metadata"]["resourceVersion"] = "7";
  p.live["data"]["added-by-someone"] = "x";
  return p;
}

const json k_body = {{"apiVersion", "v1"},
                     {"kind", "ConfigMap"},
                     {"metadata", {{"name", "a"}, {"namespace", "ns"}, {"labels", {{"l", "1"}}}}},
                     {"data", {{"k", "v"}}},
                     {"list", json::array({{{"name", "x"}, {"port", 80}}})}};

}  // namespace

TEST_CASE("contains_fields: every wanted field with an equal value, lists element by element") {
  CHECK(contains_fields(json{{"a", 1}, {"b", 2}}, json{{"a", 1}}));
  CHECK_FALSE(contains_fields(json{{"a", 1}}, json{{"a", 2}}));
  CHECK_FALSE(contains_fields(json{{"a", 1}}, json{{"c", 1}}));
  CHECK(contains_fields(json{{"l", {{{"n", 1}, {"default", true}}}}}, json{{"l", {{{"n", 1}}}}}));
  CHECK_FALSE(contains_fields(json{{"l", {1, 2}}}, json{{"l", {1}}}));
  CHECK_FALSE(contains_fields(json{{"p", "80"}}, json{{"p", 80}}));  // a normalised value means a PATCH
}

TEST_CASE("stamp_applied_digest: stable and independent of an earlier stamp") {
  json a = k_body, b = k_body;
  REQUIRE(stamp_applied_digest(a).ok());
  REQUIRE(stamp_applied_digest(b).ok());
  REQUIRE(stamp_applied_digest(b).ok());
  CHECK(a == b);
  json c = k_body;
  c["data"]["k"] = "w";
  REQUIRE(stamp_applied_digest(c).ok());
  CHECK(c["metadata"]["annotations"] != a["metadata"]["annotations"]);
}

TEST_CASE("already_applied: only a converged object owned by the same manager") {
  CHECK(already_applied(converged(k_body), "cococtl"));
  CHECK_FALSE(already_applied(converged(k_body), "someone-else"));
  auto edited = converged(k_body);
  edited.live["data"]["k"] = "edited by hand";
  CHECK_FALSE(already_applied(edited, "cococtl"));
  auto other_digest = converged(k_body);
  other_digest.live["metadata"]["annotations"]["cococtl.io/applied-digest"] = "sha256:00";
  CHECK_FALSE(already_applied(other_digest, "cococtl"));
  auto updated_only = converged(k_body);
  updated_only.live["metadata"]["managedFields"] = managed_by("cococtl", "Update");
  CHECK_FALSE(already_applied(updated_only, "cococtl"));
  auto absent = converged(k_body);
  absent.exists = false;
  CHECK_FALSE(already_applied(absent, "cococtl"));
  auto unknown = converged(k_body);
  unknown.live_known = false;
  CHECK_FALSE(already_applied(unknown, "cococtl"));
  Planned unstamped{{}, "ns", "a", k_body};
  unstamped.live_known = unstamped.exists = true;
  unstamped.live = k_body;
  CHECK_FALSE(already_applied(unstamped, "cococtl"));
}
