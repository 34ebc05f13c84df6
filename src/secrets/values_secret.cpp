// values-secret-coco-pattern.yaml (v2.0): each generated file is referenced by `path`, so the
// secrets never have to be copied into the YAML itself.
#include <cococtl/secrets/files.hpp>
#include <cococtl/secrets/values_secret.hpp>
#include <cococtl/util/strings.hpp>
#include <cococtl/util/yaml_edit.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <set>
#include <system_error>

namespace cococtl::secrets {
namespace {

struct Entry {
  std::string name;
  std::string text;  // one YAML list item under `secrets:`, indented by two spaces
};

std::string quote(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

// A secret whose fields all come from files in the secrets directory.
Entry path_entry(std::string name, std::string_view prefix, std::string comment,
                 const std::vector<std::pair<std::string, std::string_view>>& fields, const std::string& dir) {
  std::string text = fmt::format("  # {}\n  - name: {}\n    vaultPrefixes:\n    - {}\n    fields:\n", comment, name, prefix);
  for (const auto& [field, file] : fields) {
    text += fmt::format("    - name: {}\n      path: {}\n", field, quote(dir + "/" + std::string(file)));
  }
  return {std::move(name), std::move(text)};
}

Entry attestation_status(const std::string& dir) {
  return {"attestationStatus", fmt::format(R"(  # KBS resource default/attestation-status, probed by the two allowed exec commands
  - name: attestationStatus
    vaultPrefixes:
    - hub
    fields:
    - name: status
      value: 'attested'
    - name: random
      path: {}
)",
                                           quote(dir + "/" + std::string(file::attestation_random)))};
}

Entry security_policy() {
  return {"securityPolicyConfig", R"(  # Image security policies; initdata points CDH at kbs:///default/security-policy/<flavour>
  - name: securityPolicyConfig
    vaultPrefixes:
    - hub
    fields:
    - name: insecure
      value: |
        {
          "default": [{"type": "insecureAcceptAnything"}],
          "transports": {}
        }
    - name: reject
      value: |
        {
          "default": [{"type": "reject"}],
          "transports": {}
        }
    - name: signed
      value: |
        {
          "default": [{"type": "reject"}],
          "transports": {
            "docker": {
              "registry.example.com/my-image": [
                {
                  "type": "sigstoreSigned",
                  "keyPath": "kbs:///default/cosign-keys/key-0"
                }
              ]
            }
          }
        }
)"};
}

Entry pccs(const std::string& dir) {
  std::string text = R"(  # Intel DCAP PCCS (bare-metal TDX); api_key is your Intel PCS API key
  - name: pccs
    vaultPrefixes:
    - hub
    fields:
    - name: api_key
      value: ''
      onMissingValue: prompt
      description: Intel PCS API key (https://api.portal.trustedservices.intel.com)
)";
  for (const auto& [field, file] : std::vector<std::pair<std::string, std::string_view>>{
           {"user_token_hash", file::pccs_user_token_hash},
           {"user_token", file::pccs_user_token},
           {"admin_token_hash", file::pccs_admin_token_hash},
           {"admin_token", file::pccs_admin_token}}) {
    text += fmt::format("    - name: {}\n      path: {}\n", field, quote(dir + "/" + std::string(file)));
  }
  for (const char* generated : {"db_username", "db_password"}) {
    text += fmt::format("    - name: {}\n      value: ''\n      onMissingValue: generate\n"
                        "      vaultPolicy: validatedPatternDefaultPolicy\n", generated);
  }
  return {"pccs", std::move(text)};
}

std::vector<Entry> entries(const KeyMaterialSpec& spec, const std::string& dir) {
  std::vector<Entry> out;
  out.push_back(path_entry("kbsPublicKey", "hub", "KBS admin public key (Ed25519)", {{"publicKey", file::kbs_public_key}}, dir));
  out.push_back(path_entry("kbsPrivateKey", "global", "KBS admin private key (signs admin tokens)",
                           {{"privateKey", file::kbs_private_key}}, dir));
  out.push_back(path_entry("kbsTls", "hub", "KBS HTTPS certificate, its key and the CA clients trust",
                           {{"tls.key", file::kbs_tls_key}, {"tls.crt", file::kbs_tls_cert}, {"ca.crt", file::kbs_tls_ca_cert}},
                           dir));
  out.push_back(path_entry("attestationTokenSigner", "hub", "attestation token signing key (ES256) and certificates",
                           {{"key.pem", file::token_key}, {"cert.pem", file::token_cert}, {"ca.crt", file::token_ca_cert}},
                           dir));
  out.push_back(path_entry("kbsres1", "hub", "KBS resource default/kbsres1",
                           {{"key1", file::kbsres1_key1}, {"key2", file::kbsres1_key2}, {"key3", file::kbsres1_key3}}, dir));
  out.push_back(path_entry("passphrase", "hub", "KBS resource default/passphrase", {{"passphrase", file::passphrase}}, dir));
  out.push_back(attestation_status(dir));
  out.push_back(security_policy());
  if (spec.tdx_pccs) {
    out.push_back(pccs(dir));
    out.push_back(path_entry("pccs-tls", "hub", "PCCS HTTPS key and self-signed certificate",
                             {{"private_key", file::pccs_key}, {"certificate", file::pccs_cert}}, dir));
  }
  if (spec.ssh_debug) {
    out.push_back(path_entry("sshKey", "global", "pod VM SSH debug key (global.coco.enableSSHDebug)",
                             {{"id_rsa.pub", file::ssh_public_key}, {"id_rsa", file::ssh_private_key}}, dir));
  }
  return out;
}

constexpr const char* k_header = R"(# values-secret-coco-pattern.yaml, written by `cococtl secrets generate`.
# Format v2.0: https://github.com/validatedpatterns/common/tree/main/ansible/roles/vault_utils
# Fields with `path:` point at files cococtl generated. `cococtl secrets generate` only appends
# entries it needs and keeps everything else (comments included), so edit freely. Never commit
# it to git.
version: "2.0"

secrets:
)";

// Names under `secrets:` in an existing file; fails with the YAML error text.
util::Result<std::set<std::string>> existing_names(const std::string& text) {
  try {
    const YAML::Node root = YAML::Load(text);
    std::set<std::string> names;
    const YAML::Node list = root.IsMap() ? root["secrets"] : YAML::Node();
    if (!list || !list.IsSequence()) return names;
    for (const auto& item : list) {
      if (item.IsMap() && item["name"] && item["name"].IsScalar()) names.insert(item["name"].Scalar());
    }
    return names;
  } catch (const YAML::Exception& e) {
    return util::invalid_input(e.what());
  }
}

// Entries sit two spaces in under `secrets:` in a fresh document; appended, they are re-indented
// to match the file.
std::string outdented(const std::string& text) {
  std::string out;
  for (const auto& line : util::split(text, '\n')) out += (line.rfind("  ", 0) == 0 ? line.substr(2) : line) + "\n";
  return out.substr(0, out.size() - 1);  // split gives an empty last part for the final newline
}

}  // namespace

std::string values_secret_document(const KeyMaterialSpec& spec, const std::string& dir_text) {
  std::string doc = k_header;
  for (const auto& e : entries(spec, dir_text)) doc += "\n" + e.text;
  return doc;
}

std::vector<std::string> values_secret_names(const KeyMaterialSpec& spec) {
  std::vector<std::string> names;
  for (const auto& e : entries(spec, "")) names.push_back(e.name);
  return names;
}

util::Result<ValuesSecretOutcome> ensure_values_secret(const KeyMaterialSpec& spec, const std::filesystem::path& target,
                                                       const std::string& dir_text) {
  ValuesSecretOutcome out;
  out.path = target;
  std::error_code ec;
  if (!std::filesystem::exists(target, ec)) {
    COCO_TRY(write_secret_file(target, values_secret_document(spec, dir_text), true));
    out.written = true;
    return out;
  }
  COCO_TRY_ASSIGN(const auto text, read_public_file(target));
  auto names = existing_names(text);
  if (!names.ok()) out.parse_error = names.error().message;
  std::string items;
  for (const auto& e : entries(spec, dir_text)) {
    if (names.ok() && names->count(e.name) > 0) continue;
    out.missing.push_back(e.name);
    out.snippet += e.text;
    items += "\n" + outdented(e.text);
  }
  if (out.missing.empty() || !names.ok()) return out;
  auto edited = util::append_to_block_sequence(text, display_path(target), "secrets", items);
  if (!edited.ok()) {
    out.parse_error = edited.error().message;
    return out;
  }
  // The file may be a link to where the user keeps it: replace what it points at, not the link.
  auto real = std::filesystem::weakly_canonical(target, ec);
  COCO_TRY(write_secret_file(ec ? target : real, *edited, true));
  out.updated = true;
  out.snippet.clear();
  return out;
}

}  // namespace cococtl::secrets
