#include "kbs_host_fixture.hpp"

#include <cococtl/crypto/digest.hpp>
#include <cococtl/crypto/encoding.hpp>

#include <fmt/format.h>

#include <chrono>
#include <fstream>

namespace cococtl::sim::testing {
namespace {

json config_map(const std::string& name, const json& data) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", name}, {"namespace", k_trustee_ns}}},
          {"data", data}};
}

json secret(const std::string& name, const json& string_data) {
  return {{"apiVersion", "v1"},
          {"kind", "Secret"},
          {"metadata", {{"name", name}, {"namespace", k_trustee_ns}}},
          {"stringData", string_data}};
}

json kbs_config() {
  return json::parse(R"({"apiVersion":"confidentialcontainers.org/v1alpha1","kind":"KbsConfig",
    "metadata":{"name":"kbsconfig","namespace":"trustee-operator-system"},
    "spec":{"kbsConfigMapName":"kbs-config","kbsAuthSecretName":"kbs-auth-public-key",
      "kbsDeploymentType":"AllInOneDeployment","kbsRvpsRefValuesConfigMapName":"rvps-reference-values",
      "kbsSecretResources":["kbsres1"],"kbsHttpsKeySecretName":"kbs-https-key",
      "kbsHttpsCertSecretName":"kbs-https-certificate","kbsResourcePolicyConfigMapName":"resource-policy",
      "kbsAttestationPolicyConfigMapName":"attestation-policy","kbsAttestationCertSecretName":"attestation-cert",
      "kbsAttestationKeySecretName":"attestation-cert","kbsServiceType":"ClusterIP"}})");
}

json kbs_access(const std::string& runtime_class, const std::string& annotation) {
  json d =
      json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"secure","namespace":"kbs-access"},
    "spec":{"replicas":1,"selector":{"matchLabels":{"app":"kbs-access"}},
      "template":{"metadata":{"labels":{"app":"kbs-access"},"annotations":{"peerpods":"true"}},
        "spec":{"initContainers":[{"name":"fetch-secret","image":"registry.access.redhat.com/ubi9/ubi-minimal",
            "command":["sh","-c","curl -sf -o /output/kbsres1.txt http://127.0.0.1:8006/cdh/resource/default/kbsres1/key3"]}],
          "containers":[{"name":"kbs-access","image":"ghcr.io/butler54/kbs-access-app:latest",
            "ports":[{"containerPort":5000,"name":"http"}]}]}}}})");
  json& tmpl = d["spec"]["template"];
  if (!runtime_class.empty()) tmpl["spec"]["runtimeClassName"] = runtime_class;
  if (!annotation.empty())
    tmpl["metadata"]["annotations"]["io.katacontainers.config.hypervisor.cc_init_data"] = annotation;
  return d;
}

}  // namespace

std::string kbs_access_initdata() {
  return "algorithm = \"sha384\"\nversion = \"0.1.0\"\n\n[data]\n\"cdh.toml\" = '''\n[kbc]\nname = \"cc_kbc\"\n"
         "url = \"https://kbs.example.test\"\n'''\n";
}

std::string initdata_annotation(const std::string& document) {
  return crypto::base64_encode(crypto::gzip_compress(document).value());
}

HostedKbsCluster::HostedKbsCluster() {
  c.cluster().hosting().kbs.announce_to([this](const std::string& line) { announced.push_back(line); });
  c.install_operator("trustee-operator", k_trustee_ns);
  ServerOptions options;
  options.anonymous_is_admin = true;
  options.payloads = &c.cluster().hosting().payloads;
  m_server = std::make_unique<ClusterServer>(c.api(), m_tokens, options);
  m_port = m_server->bind().value();
  m_serving = std::thread([this] { m_server->serve(); });
  std::ofstream(dir.path() / "ca.pem") << material.ca_pem;
}

HostedKbsCluster::~HostedKbsCluster() {
  m_server->stop();
  m_serving.join();
  c.cluster().hosting().kbs.stop("test done");
}

void HostedKbsCluster::deploy_trustee() {
  const auto& in = material.inputs;
  const std::string digest = crypto::digest_hex(crypto::DigestAlgorithm::sha384, kbs_access_initdata()).value();
  const json rv = json::array({{{"name", "init_data"}, {"expiration", "2030-01-01T00:00:00Z"}, {"value", {digest}}}});
  c.apply(config_map("kbs-config", {{"kbs-config.toml", in.kbs_config_toml}}).dump());
  c.apply(config_map("resource-policy", {{"policy.rego", in.resource_policy_rego}}).dump());
  c.apply(config_map("attestation-policy", {{"default_cpu.rego", in.attestation_policy_rego}}).dump());
  c.apply(config_map("rvps-reference-values", {{"reference-values.json", rv.dump()}}).dump());
  c.apply(secret("kbs-auth-public-key", {{"publicKey", in.admin_public_key_pem}}).dump());
  c.apply(secret("kbs-https-key", {{"tls.key", in.https_key_pem}}).dump());
  c.apply(secret("kbs-https-certificate", {{"tls.crt", in.https_cert_pem}}).dump());
  c.apply(secret("attestation-cert", {{"tls.crt", in.token_cert_chain_pem}, {"tls.key", in.token_key_pem}}).dump());
  c.apply(secret("kbsres1", {{"key3", "the kbs-access secret\n"}}).dump());
  c.apply(json{{"apiVersion", "route.openshift.io/v1"},
               {"kind", "Route"},
               {"metadata", {{"name", "kbs"}, {"namespace", k_trustee_ns}}},
               {"spec", {{"host", test::kbssim::k_host}, {"to", {{"kind", "Service"}, {"name", "kbs-service"}}}}}}
              .dump());
  c.apply(kbs_config().dump());
  REQUIRE(c.tick_until([&] { return c.cluster().hosting().kbs.state() != nullptr; }, 20));
}

void HostedKbsCluster::set_config_map(const std::string& name, const std::string& key, const std::string& value) {
  json cm = c.get("v1", "ConfigMap", k_trustee_ns, name);
  cm["data"][key] = value;
  c.update(cm);
}

void HostedKbsCluster::deploy_kbs_access(const std::string& runtime_class, const std::string& annotation) {
  c.apply(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"kbs-access"}})");
  c.apply(
      R"({"apiVersion":"node.k8s.io/v1","kind":"RuntimeClass","metadata":{"name":"kata-cc"},"handler":"kata-tdx"})");
  c.apply(R"({"apiVersion":"node.k8s.io/v1","kind":"RuntimeClass","metadata":{"name":"kata"},"handler":"kata"})");
  c.apply(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"secure","namespace":"kbs-access"},
    "spec":{"selector":{"app":"kbs-access"},"ports":[{"name":"http","port":5000,"targetPort":"http"}]}})");
  c.apply(kbs_access(runtime_class, annotation).dump());
}

json HostedKbsCluster::kbs_access_pod() {
  const auto pods = c.list("v1", "Pod", "kbs-access");
  REQUIRE(pods.size() == 1);
  return pods[0];
}

bool HostedKbsCluster::deployment_available(const std::string& ns, const std::string& name) {
  const json* d = c.find("apps/v1", "Deployment", ns, name);
  return d != nullptr && condition_true(*d, "Available");
}

test::CommandResult HostedKbsCluster::kbs_request(const std::string& method, const std::string& path,
                                                  const std::vector<std::string>& headers, const std::string& body) {
  const int port = c.cluster().hosting().kbs.port();
  std::vector<std::string> argv{"curl",
                                "-sS",
                                "--cacert",
                                (dir.path() / "ca.pem").string(),
                                "--resolve",
                                fmt::format("{}:{}:127.0.0.1", test::kbssim::k_host, port),
                                "-X",
                                method,
                                "-w",
                                "\n%{http_code}",
                                fmt::format("https://{}:{}{}", test::kbssim::k_host, port, path)};
  if (!body.empty()) argv.insert(argv.end(), {"--data-binary", body});
  for (const auto& h : headers) argv.insert(argv.end(), {"-H", h});
  return test::run_command(argv, std::chrono::seconds(20));
}

test::CommandResult HostedKbsCluster::api_get(const std::string& path) {
  return test::run_command({"curl", "-sS", "-w", "\n%{http_code}", fmt::format("http://127.0.0.1:{}{}", m_port, path)},
                           std::chrono::seconds(20));
}

}  // namespace cococtl::sim::testing
