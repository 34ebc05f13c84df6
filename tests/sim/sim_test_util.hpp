#pragma once
// In-process access to a simulated cluster for unit tests: apply/get/list through the Api,
// and controller ticks driven by hand (no threads, no HTTP).

#include "sim/cluster.hpp"
#include "sim/controllers/operator_faults.hpp"
#include "sim/seed/profiles.hpp"

#include <cococtl/util/log.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <functional>
#include <memory>
#include <string>

namespace cococtl::sim::testing {

class TestCluster {
 public:
  explicit TestCluster(const std::string& profile = "azure") {
    if (std::getenv("SIM_TEST_DEBUG") != nullptr) util::setup_logging(2, false, false);
    ClusterOptions options;
    options.profile = profile;
    options.tick_ms = 10;
    options.seed = 7;
    options.watch_history = 20000;
    auto created = Cluster::create(options);
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

  // Server-side apply of a YAML (or JSON) document.
  json apply_yaml(const std::string& text) {
    std::string error;
    const auto object = parse_json_or_yaml(text, error);
    INFO(error);
    REQUIRE(object);
    return apply(object->dump()).object;
  }

  // Replaces the data of the operator faults ConfigMap (coco-sim/faults).
  void set_operator_faults(const json& data) {
    json cm = get("v1", "ConfigMap", k_faults_namespace, k_faults_configmap);
    cm["data"] = data;
    update(cm);
  }

  // Ticks until `done()` holds, at most `limit` times. Returns whether it held.
  bool tick_until(const std::function<bool()>& done, int limit = 200) {
    for (int i = 0; i < limit; ++i) {
      if (done()) return true;
      m_cluster->tick();
    }
    return done();
  }

  // Installs `package` from the profile's catalog through OLM as a user would (Namespace,
  // OperatorGroup, an Automatic Subscription on the default channel) and ticks until one of its
  // CSVs has Succeeded.
  void install_operator(const std::string& package, const std::string& ns) {
    const Package* p = find_package(m_cluster->profile().catalog, package);
    REQUIRE(p != nullptr);
    apply(json{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", ns}}}}.dump());
    if (list("operators.coreos.com/v1", "OperatorGroup", ns).empty()) {
      apply(json{{"apiVersion", "operators.coreos.com/v1"},
                 {"kind", "OperatorGroup"},
                 {"metadata", {{"name", package}, {"namespace", ns}}},
                 {"spec", {{"targetNamespaces", {ns}}}}}
                .dump());
    }
    apply(json{{"apiVersion", "operators.coreos.com/v1alpha1"},
               {"kind", "Subscription"},
               {"metadata", {{"name", package}, {"namespace", ns}}},
               {"spec",
                {{"name", package},
                 {"channel", p->default_channel},
                 {"source", p->source},
                 {"sourceNamespace", "openshift-marketplace"},
                 {"installPlanApproval", "Automatic"}}}}
              .dump());
    const bool installed = tick_until([&] {
      for (const auto& csv : list("operators.coreos.com/v1alpha1", "ClusterServiceVersion", ns)) {
        const json labels = csv["metadata"].value("labels", json::object());
        if (string_at(csv, {"status", "phase"}) == "Succeeded" &&
            labels.contains("operators.coreos.com/" + package + "." + ns)) {
          return true;
        }
      }
      return false;
    });
    INFO(package);
    REQUIRE(installed);
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
