#include "render_support.hpp"

#include <cococtl/crypto/encoding.hpp>
#include <cococtl/render/unfilled.hpp>

using namespace cococtl;

namespace {

manifest::Object object_of(nlohmann::json body) { return manifest::Object{std::move(body), 0, "test.yaml:1", ""}; }

}  // namespace

TEST_CASE("find_unfilled finds placeholders in base64 Secret data and plain text, and redaction markers") {
  const auto secret = object_of({{"apiVersion", "v1"},
                                 {"kind", "Secret"},
                                 {"metadata", {{"name", "s"}}},
                                 {"data",
                                  {{"ok", crypto::base64_encode("real value")},
                                   {"key", crypto::base64_encode(render::placeholder_for("kbs-tls-key"))},
                                   {"hidden", render::redaction_marker("0123456789ab")}}},
                                 {"stringData", {{"plain", render::redaction_marker("ffff")}}}});
  const auto found = render::find_unfilled(secret);
  REQUIRE(found.size() == 3);
  CHECK(found[0].field == ".data.hidden");
  CHECK(found[0].what == "a redacted value");
  CHECK(found[1].field == ".data.key");
  CHECK(found[1].what == "a placeholder for kbs-tls-key");
  CHECK(found[2].field == ".stringData.plain");

  const auto config = object_of(
      {{"apiVersion", "v1"},
       {"kind", "ConfigMap"},
       {"metadata", {{"name", "c"}}},
       {"data", {{"list", nlohmann::json::array({"x", "prefix " + render::placeholder_for("kbs-ca-cert")})}}}});
  const auto in_config = render::find_unfilled(config);
  REQUIRE(in_config.size() == 1);
  CHECK(in_config[0].field == ".data.list[1]");
  CHECK(in_config[0].what == "a placeholder for kbs-ca-cert");

  CHECK(render::find_unfilled(object_of({{"apiVersion", "v1"},
                                         {"kind", "Secret"},
                                         {"metadata", {{"name", "s"}}},
                                         {"data", {{"a", crypto::base64_encode("PLACEHOLDER is just a word")}}}}))
            .empty());
}

TEST_CASE("every Secret rendered without key material is caught by find_unfilled") {
  const auto v = test::values_for("baremetal");
  const auto result = test::render_ok(v);
  int secrets = 0;
  for (const auto& object : result.objects) {
    if (object.kind() != "Secret" || object.name() == "security-policy") continue;
    ++secrets;
    INFO(object.display());
    CHECK_FALSE(render::find_unfilled(object).empty());
  }
  CHECK(secrets > 3);
}
