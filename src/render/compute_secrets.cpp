// Which Secrets each component delivers, and where every value comes from: the values-secret
// file first, then cococtl-generated key material, else a clearly named placeholder.
#include "context.hpp"

#include <cococtl/crypto/encoding.hpp>

#include <algorithm>

namespace cococtl::render::detail {
namespace {

struct FieldSpec {
  std::string key;       // key in the Kubernetes Secret
  std::string material;  // material name used when the values-secret has no value
  std::string secret;    // values-secret entry ("" = material only)
  std::string field;     // values-secret field
};

struct SecretSpec {
  std::string name;
  std::string ns;
  std::vector<FieldSpec> fields;
};

const char* const k_insecure_policy =
    R"({"default":[{"type":"insecureAcceptAnything"}],"transports":{}})";
const char* const k_reject_policy = R"({"default":[{"type":"reject"}],"transports":{}})";
const char* const k_signed_policy =
    R"({"default":[{"type":"reject"}],"transports":{"docker":{"":[{"type":"sigstoreSigned","keyPath":"kbs:///default/cosign-keys/key-0"}]}}})";

class SecretsBuilder {
 public:
  // `read`, when given, collects every values-secret field the build looks up.
  SecretsBuilder(const RenderInputs& inputs, PlaceholderLog& log, std::vector<SecretFieldRef>* read = nullptr)
      : m_in(inputs), m_log(log), m_read(read) {}

  nlohmann::json build() {
    nlohmann::json out{{"trustee", nlohmann::json::array()}, {"intelDcap", nlohmann::json::array()},
                       {"sandbox", nlohmann::json::array()}};
    const auto& v = *m_in.values;
    if (v.bool_at("clusterGroup.components.trustee")) add_trustee(out["trustee"]);
    if (v.bool_at("clusterGroup.components.intelDcap") && v.string_at("baremetal.tee") != "snp") add_pccs(out["intelDcap"]);
    if (v.bool_at("global.coco.enableSSHDebug") && v.bool_at("clusterGroup.components.peerPods")) {
      out["sandbox"].push_back(secret({"ssh-key-secret", "openshift-sandboxed-containers-operator",
                                       {{"id_rsa.pub", "ssh-public-key", "sshKey", "id_rsa.pub"}}}));
    }
    return out;
  }

 private:
  static constexpr const char* k_trustee_ns = "trustee-operator-system";

  bool vault() const { return m_in.values->string_at("global.secretStore.backend") == "vault"; }
  bool none() const { return m_in.values->string_at("global.secretStore.backend") == "none"; }

  const values::SecretField* user_field(const std::string& secret, const std::string& field) const {
    if (!m_in.secrets || secret.empty()) return nullptr;
    if (m_read) m_read->push_back({secret, field});
    const auto* s = m_in.secrets->find(secret);
    return s ? s->field(field) : nullptr;
  }

  std::string value_of(const FieldSpec& f) {
    if (const auto* user = user_field(f.secret, f.field); user && user->value) return *user->value;
    if (f.material.rfind("literal:", 0) == 0) return f.material.substr(8);
    return material_or_placeholder(m_in, f.material, m_log);
  }

  nlohmann::json secret(const SecretSpec& spec) {
    auto data = nlohmann::json::array();
    for (const auto& f : spec.fields) data.push_back({{"key", f.key}, {"value", crypto::base64_encode(value_of(f))}});
    return {{"name", spec.name}, {"namespace", spec.ns}, {"external", false}, {"data", data}};
  }

  // A secret whose values live in the values-secret file: an ExternalSecret with the vault
  // backend, a Secret with the kubernetes backend, nothing with none (the user provides it).
  void user_secret(nlohmann::json& list, const SecretSpec& spec, const std::string& vault_name) {
    if (none()) return;
    if (!vault()) return list.push_back(secret(spec));
    auto remote = nlohmann::json::array();
    for (const auto& f : spec.fields) {
      remote.push_back({{"key", f.key}, {"path", "secret/data/hub/" + vault_name}, {"property", f.field}});
    }
    list.push_back({{"name", spec.name}, {"namespace", spec.ns}, {"external", true}, {"remote", remote}});
  }

  std::vector<std::string> resource_fields(const std::string& name) const {
    std::vector<std::string> fields;
    if (m_in.secrets) {
      if (const auto* s = m_in.secrets->find(name)) {
        for (const auto& f : s->fields) fields.push_back(f.name);
        return fields;
      }
    }
    if (name == "kbsres1") return {"key1", "key2", "key3"};
    return {name};
  }

  void add_trustee(nlohmann::json& list) {
    list.push_back(secret({"kbs-auth-public-key", k_trustee_ns, {{"publicKey", "kbs-admin-public-key", "kbsPublicKey", "publicKey"}}}));
    list.push_back(secret({"kbs-https-certificate", k_trustee_ns, {{"tls.crt", "kbs-tls-cert", "", ""}}}));
    list.push_back(secret({"kbs-https-key", k_trustee_ns, {{"tls.key", "kbs-tls-key", "", ""}}}));
    list.push_back(secret({"attestation-cert", k_trustee_ns,
                           {{"tls.crt", "attestation-cert", "", ""}, {"tls.key", "attestation-key", "", ""}}}));
    for (const auto& name : m_in.values->strings_at("kbs.secretResources")) {
      SecretSpec spec{name, k_trustee_ns, {}};
      for (const auto& field : resource_fields(name)) spec.fields.push_back({field, "resource/" + name + "/" + field, name, field});
      user_secret(list, spec, name);
    }
    list.push_back(security_policy());
    user_secret(list, {"attestation-status", k_trustee_ns,
                       {{"status", "literal:attested", "attestationStatus", "status"},
                        {"random", "resource/attestation-status/random", "attestationStatus", "random"}}},
                "attestationStatus");
    if (m_in.values->string_at("global.coco.securityPolicyFlavour") == "signed") {
      SecretSpec spec{"cosign-keys", k_trustee_ns, {}};
      for (const auto& field : resource_fields("cosign-keys")) spec.fields.push_back({field, "cosign/" + field, "cosign-keys", field});
      user_secret(list, spec, "cosign-keys");
    }
  }

  // The container image policies are configuration, not secrets: defaults are built in and a
  // values-secret securityPolicyConfig entry overrides them.
  nlohmann::json security_policy() {
    auto data = nlohmann::json::array();
    for (const auto& [flavour, fallback] : {std::pair{"insecure", k_insecure_policy}, {"reject", k_reject_policy},
                                            {"signed", k_signed_policy}}) {
      const auto* user = user_field("securityPolicyConfig", flavour);
      data.push_back({{"key", flavour}, {"value", crypto::base64_encode(user && user->value ? *user->value : fallback)}});
    }
    return {{"name", "security-policy"}, {"namespace", k_trustee_ns}, {"external", false}, {"data", data}};
  }

  void add_pccs(nlohmann::json& list) {
    user_secret(list, {"pccs-secrets", "intel-dcap",
                       {{"PCCS_API_KEY", "pccs-api-key", "pccs", "api_key"},
                        {"PCCS_USER_TOKEN_HASH", "pccs-user-token-hash", "pccs", "user_token_hash"},
                        {"USER_TOKEN", "pccs-user-token", "pccs", "user_token"},
                        {"PCCS_ADMIN_TOKEN_HASH", "pccs-admin-token-hash", "pccs", "admin_token_hash"}}},
                "pccs");
    list.push_back(secret({"pccs-tls", "intel-dcap",
                           {{"private.pem", "pccs-tls-key", "pccs-tls", "private_key"},
                            {"file.crt", "pccs-tls-cert", "pccs-tls", "certificate"}}}));
  }

  const RenderInputs& m_in;
  PlaceholderLog& m_log;
  std::vector<SecretFieldRef>* m_read;
};

}  // namespace

void PlaceholderLog::add(const std::string& name) {
  if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
}

std::string material_or_placeholder(const RenderInputs& inputs, const std::string& name, PlaceholderLog& log) {
  if (const auto it = inputs.material.find(name); it != inputs.material.end()) return it->second;
  log.add(name);
  return placeholder_for(name);
}

nlohmann::json compute_secrets(const RenderInputs& inputs, PlaceholderLog& log) {
  return SecretsBuilder(inputs, log).build();
}

}  // namespace cococtl::render::detail

namespace cococtl::render {

std::vector<SecretFieldRef> secret_fields_read(const values::Values& values, const values::SecretFile* secrets) {
  const RenderInputs inputs{.values = &values, .secrets = secrets, .material = {}, .measurements_json = std::nullopt};
  detail::PlaceholderLog log;
  std::vector<SecretFieldRef> read;
  detail::SecretsBuilder(inputs, log, &read).build();
  return read;
}

}  // namespace cococtl::render
