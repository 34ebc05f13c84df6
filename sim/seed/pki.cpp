#include "sim/seed/pki.hpp"
#include "sim/common/json_util.hpp"

#include <cococtl/crypto/certificate.hpp>
#include <cococtl/crypto/digest.hpp>
#include <cococtl/crypto/encoding.hpp>
#include <cococtl/crypto/key.hpp>
#include <cococtl/util/fs.hpp>

#include <yaml-cpp/yaml.h>

namespace cococtl::sim {
namespace {

namespace crypto = cococtl::crypto;

struct Issued {
  std::string cert_pem;
  std::string key_pem;
};

util::Result<Issued> issue(const crypto::CertificateSpec& spec, const crypto::PrivateKey& ca_key,
                           const crypto::Certificate& ca) {
  COCO_TRY_ASSIGN(auto key, crypto::PrivateKey::generate(crypto::KeyType::ec_p256));
  COCO_TRY_ASSIGN(auto cert, crypto::issue_certificate(spec, key, ca_key, &ca));
  COCO_TRY_ASSIGN(auto cert_pem, cert.to_pem());
  COCO_TRY_ASSIGN(auto key_pem, key.to_pem());
  return Issued{cert_pem, key_pem};
}

// OpenShift-style token: "sha256~" and 43 URL-safe characters.
util::Result<std::string> new_token() {
  COCO_TRY_ASSIGN(auto bytes, crypto::random_bytes(32));
  return "sha256~" + crypto::base64_encode(bytes, true);
}

util::Result<Pki> create_pki() {
  Pki pki;
  COCO_TRY_ASSIGN(auto ca_key, crypto::PrivateKey::generate(crypto::KeyType::ec_p256));
  crypto::CertificateSpec ca_spec{"coco-cluster-sim-ca", "coco-cluster-sim", {}, {}, 3650, true, false, false};
  COCO_TRY_ASSIGN(auto ca, crypto::issue_certificate(ca_spec, ca_key, ca_key, nullptr));
  COCO_TRY_ASSIGN(pki.ca_cert_pem, ca.to_pem());
  COCO_TRY_ASSIGN(pki.ca_key_pem, ca_key.to_pem());
  crypto::CertificateSpec server{"kube-apiserver", "coco-cluster-sim", {"localhost", "kubernetes.default.svc"},
                                 {"127.0.0.1", "::1"}, 825, false, true, false};
  COCO_TRY_ASSIGN(auto server_pair, issue(server, ca_key, ca));
  crypto::CertificateSpec admin{k_admin_user, "system:masters", {}, {}, 825, false, false, true};
  COCO_TRY_ASSIGN(auto admin_pair, issue(admin, ca_key, ca));
  pki.server_cert_pem = server_pair.cert_pem;
  pki.server_key_pem = server_pair.key_pem;
  pki.admin_cert_pem = admin_pair.cert_pem;
  pki.admin_key_pem = admin_pair.key_pem;
  COCO_TRY_ASSIGN(pki.admin_token, new_token());
  COCO_TRY_ASSIGN(pki.readonly_token, new_token());
  return pki;
}

json to_json(const Pki& p) {
  return {{"caCert", p.ca_cert_pem},         {"caKey", p.ca_key_pem},       {"serverCert", p.server_cert_pem},
          {"serverKey", p.server_key_pem},   {"adminCert", p.admin_cert_pem}, {"adminKey", p.admin_key_pem},
          {"adminToken", p.admin_token},     {"readonlyToken", p.readonly_token}};
}

std::optional<Pki> from_json(const json& j) {
  try {
    return Pki{j.at("caCert"),    j.at("caKey"),     j.at("serverCert"), j.at("serverKey"),
               j.at("adminCert"), j.at("adminKey"), j.at("adminToken"), j.at("readonlyToken")};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

util::Result<Pki> load_or_create_pki(const std::optional<std::filesystem::path>& state_dir) {
  if (state_dir) {
    const auto file = *state_dir / "pki.json";
    if (std::filesystem::exists(file)) {
      COCO_TRY_ASSIGN(auto text, util::read_file(file));
      const auto parsed = json::parse(text, nullptr, false);
      auto pki = from_json(parsed);
      if (!pki) return util::invalid_input(file.string() + ": not a coco-cluster-sim PKI file");
      return *pki;
    }
  }
  COCO_TRY_ASSIGN(auto pki, create_pki());
  if (state_dir) COCO_TRY(util::write_file_atomic(*state_dir / "pki.json", to_json(pki).dump(2), 0600));
  return pki;
}

util::Result<void> write_kubeconfig(const std::filesystem::path& path, const std::string& server_url, const Pki& pki,
                                    const std::string& name) {
  auto b64 = [](const std::string& text) { return crypto::base64_encode(text); };
  const std::string cluster = name.empty() ? "coco-cluster-sim" : name;
  const std::string context = name.empty() ? "sim" : name;
  const std::string admin = name.empty() ? k_admin_user : name + "-admin";
  const std::string reader = name.empty() ? k_readonly_user : name + "-readonly";
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "apiVersion" << YAML::Value << "v1" << YAML::Key << "kind" << YAML::Value
      << "Config";
  out << YAML::Key << "clusters" << YAML::Value << YAML::BeginSeq << YAML::BeginMap << YAML::Key << "name"
      << YAML::Value << cluster << YAML::Key << "cluster" << YAML::Value << YAML::BeginMap << YAML::Key << "server"
      << YAML::Value << server_url << YAML::Key << "certificate-authority-data" << YAML::Value << b64(pki.ca_cert_pem)
      << YAML::EndMap << YAML::EndMap << YAML::EndSeq;
  out << YAML::Key << "users" << YAML::Value << YAML::BeginSeq;
  out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << admin << YAML::Key << "user" << YAML::Value
      << YAML::BeginMap << YAML::Key << "client-certificate-data" << YAML::Value << b64(pki.admin_cert_pem) << YAML::Key
      << "client-key-data" << YAML::Value << b64(pki.admin_key_pem) << YAML::EndMap << YAML::EndMap;
  for (const auto& [user, token] :
       {std::pair{admin + "-token", pki.admin_token}, std::pair{reader, pki.readonly_token}}) {
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << user << YAML::Key << "user" << YAML::Value
        << YAML::BeginMap << YAML::Key << "token" << YAML::Value << token << YAML::EndMap << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::Key << "contexts" << YAML::Value << YAML::BeginSeq;
  for (const auto& [entry, user] : {std::pair{context, admin}, std::pair{context + "-token", admin + "-token"},
                                    std::pair{context + "-readonly", reader}}) {
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << entry << YAML::Key << "context" << YAML::Value
        << YAML::BeginMap << YAML::Key << "cluster" << YAML::Value << cluster << YAML::Key << "user" << YAML::Value
        << user << YAML::Key << "namespace" << YAML::Value << "default" << YAML::EndMap << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::Key << "current-context" << YAML::Value << context << YAML::EndMap;
  return util::write_file_atomic(path, std::string(out.c_str()) + "\n", 0600);
}

}  // namespace cococtl::sim
