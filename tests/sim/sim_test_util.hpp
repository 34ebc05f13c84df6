#pragma once
// In-process access to a simulated cluster for unit tests: apply/get/list through the Api,
// and controller ticks driven by hand (no threads, no HTTP).

#include "sim/cluster.hpp"

#include <cococtl/util/log.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <memory>
#include <string>

namespace cococtl::sim::testing {

class TestCluster {
 public:
  explicit TestCluster(const std::string& profile = "azure") {
    if (std::getenv("SIM_TEST_DEBUG") != nullptr) util::setup_logging(2, false, false);
    auto created = Cluster::create({profile, std::nullopt, 10, 7, 20000});
    REQUIRE(created.ok());
    m_cluster = std::move(created).value();
  }

  Api& api() { return m_cluster->api(); }
  Cluster& cluster() { return *m_cluster; }
  void ticks(int n) {
    for (int i = 0; i < n; ++i) m_cluster->tick();
  }

  TypePtr type(const json& object) {
    auto t = api().registry().find_kind(object.value("apiVersion", ""), object.value("kind", ""));
    INFO(object.dump());
    REQUIRE(t);
    return t;
  }

  // Server-side apply as `manager` (forced); requires success and returns the outcome.
  Outcome apply(const std::string& text, const std::string& manager = "test", bool force = true) {
    const json object = json::parse(text);
    WriteOptions options;
    options.manager = manager;
    options.force = force;
    auto result = api().apply(*type(object), string_at(object, {"metadata", "namespace"}),
                              string_at(object, {"metadata", "name"}), "", object, options);
    INFO((result.ok() ? std::string() : result.error().message));
    REQUIRE(result.ok());
    return result.value();
  }

  Outcome update(const json& object, const std::string& manager = "test-update") {
    WriteOptions options;
    options.manager = manager;
    auto result = api().update(*type(object), string_at(object, {"metadata", "namespace"}),
                               string_at(object, {"metadata", "name"}), "", object, options);
    INFO((result.ok() ? std::string() : result.error().message));
    REQUIRE(result.ok());
    return result.value();
  }

  json get(const std::string& api_version, const std::string& kind, const std::string& ns, const std::string& name) {
    const json* found = find(api_version, kind, ns, name);
    INFO(kind << " " << ns << "/" << name);
    REQUIRE(found != nullptr);
    return *found;
  }

  // The object, or nullptr (valid until the next call).
  const json* find(const std::string& api_version, const std::string& kind, const std::string& ns,
                   const std::string& name) {
    auto t = api().registry().find_kind(api_version, kind);
    if (!t) return nullptr;
    auto result = api().get(*t, ns, name);
    if (!result.ok()) return nullptr;
    m_last = std::move(result).value();
    return &m_last;
  }

  std::vector<json> list(const std::string& api_version, const std::string& kind, const std::string& ns = "") {
    auto t = api().registry().find_kind(api_version, kind);
    REQUIRE(t);
    auto result = api().list(*t, ns, {});
    REQUIRE(result.ok());
    return result.value()["items"].get<std::vector<json>>();
  }

  bool served(const std::string& api_version, const std::string& kind) {
    return api().registry().find_kind(api_version, kind) != nullptr;
  }

 private:
  std::unique_ptr<Cluster> m_cluster;
  json m_last;
};

}  // namespace cococtl::sim::testing
