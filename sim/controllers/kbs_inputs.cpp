#include "sim/controllers/kbs_inputs.hpp"

#include "kbs/toml.hpp"

#include <cococtl/crypto/encoding.hpp>

#include <fmt/format.h>

namespace cococtl::sim {
namespace {

struct Mount {
  const char* directory;
  const char* kind;      // ConfigMap or Secret
  const char* spec_key;  // the KbsConfig field naming the object
};

constexpr Mount k_mounts[] = {
    {"/etc/kbs-config", "ConfigMap", "kbsConfigMapName"},
    {"/etc/auth-secret", "Secret", "kbsAuthSecretName"},
    {"/etc/https-key", "Secret", "kbsHttpsKeySecretName"},
    {"/etc/https-cert", "Secret", "kbsHttpsCertSecretName"},
    {"/etc/attestation-key", "Secret", "kbsAttestationKeySecretName"},
    {"/etc/attestation-cert", "Secret", "kbsAttestationCertSecretName"},
    {"/opt/confidential-containers/opa", "ConfigMap", "kbsResourcePolicyConfigMapName"},
    {"/opt/confidential-containers/rvps/reference-values", "ConfigMap", "kbsRvpsRefValuesConfigMapName"},
    {"/opt/confidential-containers/attestation-service/policies", "ConfigMap", "kbsAttestationPolicyConfigMapName"},
};

// Reads the objects of one KbsConfig, recording each one's resourceVersion.
class Reader {
 public:
  Reader(ControllerContext& ctx, const json& kbs)
      : m_ctx(ctx), m_spec(kbs.value("spec", json::object())), m_ns(string_at(kbs, {"metadata", "namespace"})) {
    // Its generation, not its resourceVersion: status writes do not restart the KBS pod.
    m_fingerprint = "KbsConfig/" + std::to_string(int_at(kbs, {"metadata", "generation"}));
  }

  const json& spec() const { return m_spec; }
  const std::string& fingerprint() const { return m_fingerprint; }

  // The data of object `name` (Secret values decoded), or an error naming it.
  util::Result<json> data(const std::string& kind, const std::string& name) {
    const auto object = m_ctx.get("v1", kind, m_ns, name);
    if (!object) return util::invalid_input(fmt::format("{} {}/{} not found", kind, m_ns, name));
    m_fingerprint += fmt::format(" {}/{}@{}", kind, name, string_at(*object, {"metadata", "resourceVersion"}));
    json out = object->value("data", json::object());
    if (kind != "Secret") return out;
    for (auto& [key, value] : out.items()) {
      auto decoded = crypto::base64_decode(value.get<std::string>());
      if (!decoded.ok()) return util::invalid_input(fmt::format("Secret {}/{}: key {} is not base64", m_ns, name, key));
      value = *decoded;
    }
    return out;
  }

  // The content of `path` in the KBS container, through the mounts.
  util::Result<std::string> file(const std::string& path) {
    for (const auto& mount : k_mounts) {
      const std::string dir = std::string(mount.directory) + "/";
      if (path.rfind(dir, 0) != 0) continue;
      const std::string name = m_spec.value(mount.spec_key, "");
      if (name.empty())
        return util::invalid_input(fmt::format("{}: no volume (KbsConfig has no {})", path, mount.spec_key));
      COCO_TRY_ASSIGN(const json d, data(mount.kind, name));
      const std::string key = path.substr(dir.size());
      if (!d.value(key, json()).is_string()) {
        return util::invalid_input(fmt::format("{}: {} {} has no key {}", path, mount.kind, name, key));
      }
      return d[key].get<std::string>();
    }
    return util::invalid_input(path + ": no volume of trustee-deployment is mounted there");
  }

  // The one key of ConfigMap `spec_key` among `keys` (or its only key); "" without the field.
  util::Result<std::string> config_map_entry(const char* spec_key, std::initializer_list<const char*> keys) {
    const std::string name = m_spec.value(spec_key, "");
    if (name.empty()) return std::string();
    COCO_TRY_ASSIGN(const json d, data("ConfigMap", name));
    for (const char* key : keys) {
      if (d.value(key, json()).is_string()) return d[key].get<std::string>();
    }
    if (d.size() == 1 && d.begin()->is_string()) return d.begin()->get<std::string>();
    return util::invalid_input(
        fmt::format("ConfigMap {}/{} has none of the keys {}", m_ns, name, fmt::join(keys, ", ")));
  }

 private:
  ControllerContext& m_ctx;
  json m_spec;
  std::string m_ns;
  std::string m_fingerprint;
};

std::string path_at(const json& toml, std::initializer_list<std::string_view> path) { return string_at(toml, path); }

// The file named at `path` of kbs-config.toml, or "" when the configuration names none.
util::Result<std::string> named_file(Reader& reader, const json& toml, std::initializer_list<std::string_view> path) {
  const std::string file = path_at(toml, path);
  if (file.empty()) return std::string();
  return reader.file(file).context("kbs-config.toml " + fmt::format("{}", fmt::join(path, ".")));
}

util::Result<std::string> admin_key(Reader& reader, const json& toml) {
  const json personas = toml.value("admin", json::object()).value("personas", json::array());
  if (personas.is_array() && !personas.empty() && personas[0].value("public_key_path", json()).is_string()) {
    return reader.file(personas[0]["public_key_path"].get<std::string>()).context("kbs-config.toml admin.personas");
  }
  return named_file(reader, toml, {"admin", "auth_public_key"});
}

util::Result<void> read_files(Reader& reader, const json& toml, kbs::KbsConfigInputs& in) {
  COCO_TRY_ASSIGN(in.admin_public_key_pem, admin_key(reader, toml));
  if (!bool_at(toml, {"http_server", "insecure_http"})) {
    COCO_TRY_ASSIGN(in.https_key_pem, named_file(reader, toml, {"http_server", "private_key"}));
    COCO_TRY_ASSIGN(in.https_cert_pem, named_file(reader, toml, {"http_server", "certificate"}));
  }
  const std::initializer_list<std::string_view> signer{"attestation_service", "attestation_token_broker", "signer"};
  const json* signer_table = find_path(toml, signer);
  if (signer_table != nullptr && signer_table->is_object()) {
    COCO_TRY_ASSIGN(in.token_key_pem, reader.file(signer_table->value("key_path", "")).context("signer key_path"));
    if (signer_table->contains("cert_path")) {
      COCO_TRY_ASSIGN(in.token_cert_chain_pem,
                      reader.file(signer_table->value("cert_path", "")).context("signer cert_path"));
    }
  }
  return {};
}

util::Result<void> read_policies(Reader& reader, const json& toml, kbs::KbsConfigInputs& in) {
  COCO_TRY_ASSIGN(in.resource_policy_rego, named_file(reader, toml, {"policy_engine", "policy_path"}));
  if (in.resource_policy_rego.empty()) {
    COCO_TRY_ASSIGN(in.resource_policy_rego,
                    reader.config_map_entry("kbsResourcePolicyConfigMapName", {"policy.rego", "resource-policy.rego"}));
  }
  COCO_TRY_ASSIGN(in.reference_values_json,
                  named_file(reader, toml, {"attestation_service", "rvps_config", "storage", "file_path"}));
  if (in.reference_values_json.empty()) {
    COCO_TRY_ASSIGN(in.reference_values_json, reader.config_map_entry("kbsRvpsRefValuesConfigMapName",
                                                                      {"reference-values.json", "reference_value"}));
  }
  COCO_TRY_ASSIGN(in.attestation_policy_rego,
                  reader.config_map_entry("kbsAttestationPolicyConfigMapName", {"default_cpu.rego"}));
  return {};
}

util::Result<void> read_resources(Reader& reader, kbs::KbsConfigInputs& in) {
  for (const auto& name : reader.spec().value("kbsSecretResources", json::array())) {
    if (!name.is_string()) continue;
    COCO_TRY_ASSIGN(const json d, reader.data("Secret", name.get<std::string>()));
    for (const auto& [key, value] : d.items()) in.resources["default/" + name.get<std::string>() + "/" + key] = value;
  }
  return {};
}

}  // namespace

util::Result<HostedKbsInputs> collect_kbs_inputs(ControllerContext& ctx, const json& kbs) {
  Reader reader(ctx, kbs);
  HostedKbsInputs out;
  COCO_TRY_ASSIGN(out.inputs.kbs_config_toml, reader.config_map_entry("kbsConfigMapName", {"kbs-config.toml"}));
  COCO_TRY_ASSIGN(const json toml, kbs::parse_toml(out.inputs.kbs_config_toml).context("kbs-config.toml"));
  COCO_TRY(read_files(reader, toml, out.inputs));
  COCO_TRY(read_policies(reader, toml, out.inputs));
  COCO_TRY(read_resources(reader, out.inputs));
  out.fingerprint = reader.fingerprint();
  return out;
}

}  // namespace cococtl::sim
