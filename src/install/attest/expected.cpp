#include "expected.hpp"

#include <cococtl/crypto/digest.hpp>
#include <cococtl/crypto/encoding.hpp>
#include <cococtl/render/initdata.hpp>
#include <cococtl/render/unfilled.hpp>

namespace cococtl::install::attest::detail {
namespace {

using Objects = std::vector<manifest::Object>;

const manifest::Object* find(const Objects& objects, const std::string& kind, const std::string& ns,
                             const std::string& name) {
  for (const auto& o : objects) {
    if (o.kind() == kind && o.namespace_name() == ns && o.name() == name) return &o;
  }
  return nullptr;
}

// The decoded value of `key` in a rendered Secret without placeholders, else nullopt.
std::optional<std::string> secret_value(const manifest::Object* secret, const std::string& key) {
  if (!secret || !render::find_unfilled(*secret).empty()) return std::nullopt;
  const auto& data = secret->body.value("data", nlohmann::json::object());
  if (!data.contains(key) || !data.at(key).is_string()) return std::nullopt;
  auto decoded = crypto::base64_decode(data.at(key).get<std::string>());
  return decoded ? std::optional<std::string>(*decoded) : std::nullopt;
}

std::string probe_resource(const Objects& objects) {
  const auto* kbs_config = find(objects, "KbsConfig", k_trustee_ns, "kbsconfig");
  if (!kbs_config) return {};
  for (const auto& name : kbs_config->body.value("/spec/kbsSecretResources"_json_pointer, nlohmann::json::array())) {
    const auto* secret = find(objects, "Secret", k_trustee_ns, name.get<std::string>());
    const auto data = secret ? secret->body.value("data", nlohmann::json::object()) : nlohmann::json::object();
    if (!data.empty()) return "default/" + name.get<std::string>() + "/" + data.begin().key();
  }
  return {};
}

// The document a rendered cc_init_data annotation carries (topologies without Kyverno write it
// into the pod templates instead of the initdata ConfigMaps), or nullopt when it has none.
std::optional<KnownInitdata> annotated_initdata(const manifest::Object& o, const std::string& algorithm) {
  const auto annotations = o.body.value("/spec/template/metadata/annotations"_json_pointer, nlohmann::json::object());
  const auto annotation = annotations.value(render::k_initdata_annotation, "");
  auto gzipped = crypto::base64_decode(annotation);
  auto toml = gzipped ? crypto::gzip_decompress(*gzipped) : util::Result<std::string>(gzipped.error());
  auto chosen = crypto::parse_digest_algorithm(algorithm);
  if (annotation.empty() || !toml || !chosen) return std::nullopt;
  auto digest = crypto::digest_hex(*chosen, *toml);
  if (!digest) return std::nullopt;
  return KnownInitdata{o.display(), algorithm, *digest};
}

std::vector<KnownInitdata> initdata(const Objects& objects, const values::Values& values) {
  std::vector<KnownInitdata> out;
  for (const auto& o : objects) {
    if (auto known = annotated_initdata(o, values.string_at("global.coco.initdataAlgorithm"))) out.push_back(*known);
  }
  for (const auto& o : objects) {
    const auto labels = o.body.value("/metadata/labels"_json_pointer, nlohmann::json::object());
    if (o.kind() != "ConfigMap" || labels.value("coco.io/type", "") != "initdata") continue;
    const auto data = o.body.value("data", nlohmann::json::object());
    out.push_back({o.name(), data.value("algorithm", ""), data.value("RAW_HASH", "")});
  }
  return out;
}

// The fixed kata classes OSC creates plus every runtimeClassName a rendered pod template uses.
std::set<std::string> runtime_classes(const Objects& objects, const values::Values& values) {
  std::set<std::string> out{"kata", "kata-cc", "kata-remote", "kata-tdx", "kata-snp", "kata-cc-nvidia-gpu"};
  if (const auto chosen = values.string_at("global.coco.runtimeClassName"); !chosen.empty()) out.insert(chosen);
  for (const auto& o : objects) {
    for (const char* path : {"/spec/template/spec/runtimeClassName", "/spec/runtimeClassName"}) {
      const auto value = o.body.value(nlohmann::json::json_pointer(path), nlohmann::json());
      if (value.is_string() && value.get<std::string>().starts_with("kata")) out.insert(value.get<std::string>());
    }
  }
  return out;
}

}  // namespace

std::string first_data_value(const nlohmann::json& config_map) {
  const auto data = config_map.value("data", nlohmann::json::object());
  for (const auto& [key, value] : data.items()) {
    if (value.is_string()) return value.get<std::string>();
  }
  return {};
}

Expected expected_from(const render::RenderResult& rendered, const values::Values& values) {
  const auto& objects = rendered.objects;
  Expected e;
  e.flavour = values.string_at("global.coco.securityPolicyFlavour");
  const auto* cosign = find(objects, "Secret", k_trustee_ns, "cosign-keys");
  e.cosign_keys =
      cosign && render::find_unfilled(*cosign).empty() && !cosign->body.value("data", nlohmann::json::object()).empty();
  if (const auto* policy = find(objects, "ConfigMap", k_trustee_ns, "resource-policy")) {
    e.resource_policy = first_data_value(policy->body);
  }
  if (const auto* rvps = find(objects, "ConfigMap", k_trustee_ns, "rvps-reference-values")) {
    e.reference_values = nlohmann::json::parse(first_data_value(rvps->body), nullptr, false);
  }
  e.probe_resource = probe_resource(objects);
  e.kbs_access = find(objects, "Deployment", "kbs-access", "secure") != nullptr;
  e.workload_secret = secret_value(find(objects, "Secret", k_trustee_ns, "kbsres1"), "key3");
  e.initdata = initdata(objects, values);
  e.runtime_classes = runtime_classes(objects, values);
  return e;
}

}  // namespace cococtl::install::attest::detail
