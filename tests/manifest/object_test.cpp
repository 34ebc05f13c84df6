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
  CHECK(manifest::check_object(make("KataConfig", "k", "ns")).error().message ==
        "test: KataConfig ns/k: a cluster-scoped kind must not set metadata.namespace");
  CHECK(manifest::check_object(make("", "x", "ns")).error().message == "test: object ns/x: kind is missing");
}

TEST_CASE("sort_for_apply orders by wave, kind, namespace and name") {
  std::vector<manifest::Object> objects{make("Deployment", "d", "b", 40), make("ConfigMap", "c", "a", 20),
                                        make("Secret", "s", "a", 20),     make("Namespace", "b"),
                                        make("Namespace", "a"),          make("Subscription", "s", "a", 10)};
  manifest::sort_for_apply(objects);
  std::vector<std::string> order;
  for (const auto& o : objects) order.push_back(o.display());
  CHECK(order == std::vector<std::string>{"Namespace a", "Namespace b", "Subscription a/s", "Secret a/s", "ConfigMap a/c",
                                          "Deployment b/d"});
}
