#include <cococtl/manifest/object.hpp>

#include <catch2/catch.hpp>

using namespace cococtl;

namespace {
manifest::Object make(const std::string& kind, const std::string& name, const std::string& ns = "", int wave = 0) {
  nlohmann::json body{{"apiVersion", "v1"}, {"kind", kind}, {"metadata", {{"name", name}}}};
  if (!ns.empty()) body["metadata"]["namespace"] = ns;
  return {body, wave, "test"};
}
}  // namespace

TEST_CASE("check_object names what is missing or wrong") {
  CHECK(manifest::check_object(make("Namespace", "ok")).ok());
  CHECK(manifest::check_object(make("ConfigMap", "Bad_Name", "ns")).error().message ==
        "test: ConfigMap ns/Bad_Name: metadata.name \"Bad_Name\" is not a valid name");
  CHECK(manifest::check_object(make("ConfigMap", "no-namespace")).ok());  // scope comes from discovery
  CHECK(manifest::check_object(make("", "x", "ns")).error().message == "test: object ns/x: kind is missing");
}

TEST_CASE("sort_for_apply orders by wave, Namespaces and CRDs first, then kind, namespace and name") {
  auto crd = make("CustomResourceDefinition", "x.example", "", 20);
  crd.body["apiVersion"] = "apiextensions.k8s.io/v1";
  std::vector<manifest::Object> objects{make("Deployment", "d", "b", 60), make("ConfigMap", "c", "a", 20),
                                        make("Secret", "s", "a", 10),     make("Namespace", "b"),
                                        crd,                              make("Namespace", "a"),
                                        make("Subscription", "s", "a", 5)};
  manifest::sort_for_apply(objects);
  std::vector<std::string> order;
  for (const auto& o : objects) order.push_back(o.display());
  CHECK(order == std::vector<std::string>{"Namespace a", "Namespace b", "Subscription a/s", "Secret a/s",
                                          "CustomResourceDefinition x.example", "ConfigMap a/c", "Deployment b/d"});
}

TEST_CASE("apply_groups: wave by wave, Namespaces and CRDs before the rest of their wave") {
  auto crd = make("CustomResourceDefinition", "x.example", "", 20);
  crd.body["apiVersion"] = "apiextensions.k8s.io/v1";
  const std::vector<manifest::Object> objects{make("ConfigMap", "c", "a", 20), crd, make("Namespace", "a"),
                                              make("Secret", "s", "a", 10), make("ConfigMap", "d", "a", 20)};
  CHECK(manifest::apply_groups(objects) == std::vector<std::vector<std::size_t>>{{2}, {3}, {1}, {0, 4}});
  CHECK(manifest::apply_groups({}).empty());
}

TEST_CASE("stages follow from waves, so the two never disagree") {
  using manifest::Stage;
  CHECK(manifest::stage_for_wave(-1) == Stage::operators);
  CHECK(manifest::stage_for_wave(0) == Stage::operators);
  CHECK(manifest::stage_for_wave(9) == Stage::operators);
  CHECK(manifest::stage_for_wave(10) == Stage::secrets);
  CHECK(manifest::stage_for_wave(39) == Stage::platform);
  CHECK(manifest::stage_for_wave(45) == Stage::trustee);
  CHECK(manifest::stage_for_wave(55) == Stage::policies);
  CHECK(manifest::stage_for_wave(600) == Stage::workloads);
  for (const auto stage : manifest::all_stages()) CHECK(manifest::parse_stage(manifest::stage_name(stage)) == stage);
  CHECK_FALSE(manifest::parse_stage("verify"));
}
