#include "sim/api/store.hpp"

#include <catch2/catch.hpp>

using namespace cococtl::sim;

namespace {
json object(const std::string& ns, const std::string& name, int value = 0) {
  return {{"metadata", {{"namespace", ns}, {"name", name}}}, {"data", {{"v", value}}}};
}
}  // namespace

TEST_CASE("the store assigns increasing resourceVersions and records events") {
  Store store;
  const auto rv0 = store.resource_version();
  const json a = store.put("/configmaps", object("ns", "a"));
  const json b = store.put("/configmaps", object("ns", "a", 1));
  CHECK(std::stoull(a["metadata"]["resourceVersion"].get<std::string>()) == rv0 + 1);
  CHECK(std::stoull(b["metadata"]["resourceVersion"].get<std::string>()) == rv0 + 2);
  store.erase("/configmaps", b);
  const auto events = store.events_after(rv0, "/configmaps");
  REQUIRE(events);
  REQUIRE(events->size() == 3);
  CHECK((*events)[0].type == EventType::added);
  CHECK((*events)[1].type == EventType::modified);
  CHECK((*events)[1].previous["data"]["v"] == 0);
  CHECK((*events)[2].type == EventType::deleted);
  CHECK_FALSE(store.get("/configmaps", "ns", "a"));
}

TEST_CASE("the store lists by namespace in name order and rebuilds past snapshots") {
  Store store;
  store.put("/configmaps", object("b", "z"));
  store.put("/configmaps", object("a", "y"));
  const auto rv = store.resource_version();
  store.put("/configmaps", object("a", "x"));
  store.put("/configmaps", object("a", "y", 5));
  store.erase("/configmaps", object("b", "z"));
  const auto all = store.list("/configmaps");
  REQUIRE(all.size() == 2);
  CHECK(all[0]["metadata"]["name"] == "x");
  CHECK(store.list("/configmaps", "b").empty());
  const auto past = store.snapshot("/configmaps", "", rv);
  REQUIRE(past);
  REQUIRE(past->size() == 2);
  CHECK((*past)[0]["metadata"]["name"] == "y");
  CHECK((*past)[0]["data"]["v"] == 0);
  CHECK((*past)[1]["metadata"]["name"] == "z");
}

TEST_CASE("history older than the kept window is gone") {
  Store store(3);
  const auto start = store.resource_version();
  for (int i = 0; i < 5; ++i) store.put("/configmaps", object("ns", "a", i));
  CHECK_FALSE(store.events_after(start, "/configmaps"));
  CHECK_FALSE(store.snapshot("/configmaps", "", start));
  CHECK(store.events_after(store.resource_version() - 2, "/configmaps"));
}

TEST_CASE("a busy resource does not take a quiet resource's history away") {
  Store store(3);
  const auto secret_rv = std::stoull(store.put("/secrets", object("ns", "quiet"))["metadata"]["resourceVersion"].get<std::string>());
  for (int i = 0; i < 5; ++i) store.put("/configmaps", object("ns", "busy", i));
  // Events up to secret_rv + 2 were evicted; /secrets lost only its own event at secret_rv.
  for (const auto rv : {secret_rv, secret_rv + 1}) {
    const auto quiet = store.events_after(rv, "/secrets");
    REQUIRE(quiet);
    CHECK(quiet->empty());
    CHECK(store.snapshot("/secrets", "", rv));
  }
  CHECK_FALSE(store.events_after(secret_rv - 1, "/secrets"));
  CHECK_FALSE(store.events_after(secret_rv + 1, "/configmaps"));
}

TEST_CASE("the store dumps and loads its state - loaded history starts at the loaded version") {
  Store store;
  store.put("/configmaps", object("ns", "a"));
  Store copy;
  copy.load(store.dump());
  CHECK(copy.resource_version() == store.resource_version());
  CHECK(copy.get("/configmaps", "ns", "a"));
  CHECK_FALSE(copy.events_after(store.resource_version() - 1, "/configmaps"));
  CHECK(copy.events_after(store.resource_version(), "/configmaps"));
}
