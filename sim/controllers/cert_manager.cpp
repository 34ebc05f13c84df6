// cert-manager: Issuers and ClusterIssuers (selfSigned, ca) become Ready; a Certificate whose
// issuer is Ready gets its kubernetes.io/tls Secret (tls.crt, tls.key, ca.crt) issued with
// real keys and the Ready condition. CA issuers sign with the key pair of their secretName.
#include "sim/controllers/controller.hpp"

#include <cococtl/crypto/certificate.hpp>
#include <cococtl/crypto/encoding.hpp>
#include <cococtl/crypto/key.hpp>

#include <spdlog/spdlog.h>

namespace cococtl::sim {
namespace {

constexpr const char* k_api = "cert-manager.io/v1";
constexpr const char* k_manager = "cert-manager-controller";

struct Signer {
  std::optional<crypto::PrivateKey> key;     // nullopt: self-signed
  std::optional<crypto::Certificate> cert;
};

std::string decode(const json& secret, const char* key) {
  auto decoded = crypto::base64_decode(string_at(secret, {"data", key}));
  return decoded.ok() ? decoded.value() : std::string();
}

class CertManagerController : public Controller {
 public:
  const char* name() const override { return "cert-manager"; }

  void reconcile(ControllerContext& ctx) override {
    if (!ctx.operator_namespace("openshift-cert-manager-operator") || !ctx.served(k_api, "Certificate")) return;
    for (const char* kind : {"Issuer", "ClusterIssuer"}) {
      for (auto& issuer : ctx.list(k_api, kind)) {
        json updated = issuer;
        set_condition(updated, "Ready", "True", issuer["spec"].contains("ca") ? "KeyPairVerified" : "IsReady",
                      issuer["spec"].contains("ca") ? "Signing CA verified" : "");
        if (updated != issuer) ctx.write_status(updated, k_manager);
      }
    }
    for (auto& cert : ctx.list(k_api, "Certificate")) certificate(ctx, cert);
  }

 private:
  std::optional<Signer> signer(ControllerContext& ctx, const json& cert) {
    const std::string ns = string_at(cert, {"metadata", "namespace"});
    const std::string kind = string_at(cert, {"spec", "issuerRef", "kind"}, "Issuer");
    const auto issuer = ctx.get(k_api, kind, kind == "ClusterIssuer" ? "" : ns, string_at(cert, {"spec", "issuerRef", "name"}));
    if (!issuer || !condition_true(*issuer, "Ready")) return std::nullopt;
    if (!issuer->contains("spec") || !(*issuer)["spec"].contains("ca")) return Signer{};
    const std::string secret_ns = kind == "ClusterIssuer" ? "cert-manager" : ns;
    const auto secret = ctx.get("v1", "Secret", secret_ns, string_at(*issuer, {"spec", "ca", "secretName"}));
    if (!secret) return std::nullopt;
    auto key = crypto::PrivateKey::from_pem(decode(*secret, "tls.key"));
    auto ca = crypto::Certificate::from_pem(decode(*secret, "tls.crt"));
    if (!key.ok() || !ca.ok()) return std::nullopt;
    return Signer{std::move(key).value(), std::move(ca).value()};
  }

  void certificate(ControllerContext& ctx, json& cert) {
    const std::string ns = string_at(cert, {"metadata", "namespace"});
    const std::string secret_name = string_at(cert, {"spec", "secretName"});
    if (condition_true(cert, "Ready") && ctx.get("v1", "Secret", ns, secret_name)) return;
    const auto sign = signer(ctx, cert);
    if (!sign) return;
    const json& spec = cert["spec"];
    crypto::CertificateSpec request;
    request.common_name = spec.value("commonName", "");
    request.dns_names = spec.value("dnsNames", std::vector<std::string>{});
    request.ip_addresses = spec.value("ipAddresses", std::vector<std::string>{});
    if (request.common_name.empty()) request.common_name = request.dns_names.empty() ? secret_name : request.dns_names[0];
    const json subject = spec.value("subject", json::object());
    const json organizations = subject.value("organizations", json::array());
    if (!organizations.empty()) request.organization = organizations[0].get<std::string>();
    request.is_ca = spec.value("isCA", false);
    request.server_auth = true;
    request.client_auth = true;
    request.validity_days = 365;
    const bool ec = string_at(cert, {"spec", "privateKey", "algorithm"}, "RSA") == "ECDSA";
    auto key = crypto::PrivateKey::generate(ec ? crypto::KeyType::ec_p256 : crypto::KeyType::rsa2048);
    if (!key.ok()) return;
    auto issued = sign->key ? crypto::issue_certificate(request, key.value(), *sign->key, &*sign->cert)
                            : crypto::issue_certificate(request, key.value(), key.value(), nullptr);
    if (!issued.ok()) {
      spdlog::debug("cert-manager: {}: {}", secret_name, issued.error().message);
      return;
    }
    const std::string cert_pem = issued.value().to_pem().value();
    const std::string ca_pem = sign->cert ? sign->cert->to_pem().value() : cert_pem;
    ctx.apply({{"apiVersion", "v1"}, {"kind", "Secret"}, {"type", "kubernetes.io/tls"},
               {"metadata", {{"name", secret_name}, {"namespace", ns},
                             {"annotations", {{"cert-manager.io/certificate-name", cert["metadata"]["name"]}}}}},
               {"data", {{"tls.crt", crypto::base64_encode(cert_pem)}, {"tls.key", crypto::base64_encode(key.value().to_pem().value())},
                         {"ca.crt", crypto::base64_encode(ca_pem)}}}},
              k_manager);
    set_condition(cert, "Ready", "True", "Ready", "Certificate is up to date and has not expired");
    cert["status"]["notAfter"] = format_time(issued.value().not_after());
    cert["status"]["notBefore"] = format_time(issued.value().not_before());
    ctx.write_status(cert, k_manager);
  }
};

}  // namespace

std::unique_ptr<Controller> make_cert_manager_controller() { return std::make_unique<CertManagerController>(); }

}  // namespace cococtl::sim
