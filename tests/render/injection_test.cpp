// Values can never change the structure of a rendered document.
#include "render/render_support.hpp"

using namespace cococtl;
using namespace cococtl::test;

TEST_CASE("hostile strings stay single scalars in every topology that uses them") {
  const std::vector<std::string> nasty{
      "a: b", "x # comment", "line1\nline2\n---\napiVersion: v1\nkind: Secret", "\"quoted\" and 'single'",
      "{{global.pattern}}", "---", "- item", "{key: value}", "[1, 2]", "true", "0x10", "tab\tand\\backslash",
      "&anchor *alias !tag", "%percent @at `tick", "ünïcödé ✓",
  };
  for (const auto& value : nasty) {
    INFO("value: " << value);
    const auto v = values_for("simple", {});
    // --set parses YAML, so inject through a YAML scalar that keeps the exact string.
    const std::string quoted = nlohmann::json(value).dump();
    const auto injected = values_for("simple", {"global.coco.azure.tags=" + quoted, "global.coco.azure.imageID=" + quoted,
                                                "global.coco.azure.resourceGroup=" + quoted});
    const auto baseline = render_ok(v);
    const auto result = render_ok(injected);
    CHECK(result.objects.size() == baseline.objects.size());
    const auto* cm = find(result, "ConfigMap openshift-sandboxed-containers-operator/peer-pods-cm");
    REQUIRE(cm);
    CHECK(cm->body["data"]["TAGS"] == value);
    CHECK(cm->body["data"]["AZURE_IMAGE_ID"] == value);
    CHECK(cm->body["data"]["AZURE_RESOURCE_GROUP"] == value);
    CHECK(cm->body["data"].size() == baseline.objects.size() - baseline.objects.size() + cm->body["data"].size());
  }
}

TEST_CASE("hostile values in KBS resources and node selectors stay data") {
  const std::string value = "evil\"\n---\nkind: ClusterRoleBinding\n";
  const auto quoted = nlohmann::json(value).dump();
  const auto result = render_ok(values_for("baremetal", {"baremetal.pccs.nodeSelector=" + quoted, "baremetal.tee=tdx"}));
  const auto* pccs = find(result, "Deployment intel-dcap/pccs");
  REQUIRE(pccs);
  CHECK(pccs->body["spec"]["template"]["spec"]["nodeSelector"]["kubernetes.io/hostname"] == value);
  for (const auto& o : result.objects) CHECK(o.kind() != "ClusterRoleBinding");
}
