// `cococtl kbs ...` (the real binary) against the scripted KBS: default key and CA files from the
// secrets dir, --connect-to, the default URL from values, exit codes, and no secret in any output.
#include "fake_kbs.hpp"
#include "silent_port.hpp"
#include "support/process.hpp"
#include "support/sim_process.hpp"
#include "support/temp_dir.hpp"

#include <cococtl/crypto/certificate.hpp>
#include <cococtl/crypto/digest.hpp>

#include <catch2/catch.hpp>

#include <algorithm>

using namespace cococtl;
using namespace cococtl::kbs_test;
using nlohmann::json;

namespace {

const std::string k_cococtl = std::string(COCOCTL_BINARY_DIR) + "/bin/cococtl";
const std::string k_host = "kbs.apps.test";  // what the KBS certificate names (no IP address)

// A KBS HTTPS PKI for k_host and a secrets dir holding what `cococtl secrets generate` would.
struct Env {
  test::TempDir dir{"kbs-cli"};
  crypto::PrivateKey admin = crypto::PrivateKey::generate(crypto::KeyType::ed25519).value();
  std::string cert_file, key_file;

  Env() {
    auto ca_key = crypto::PrivateKey::generate(crypto::KeyType::ec_p256).value();
    crypto::CertificateSpec ca_spec;
    ca_spec.common_name = "kbs test CA";
    ca_spec.is_ca = true;
    const auto ca = crypto::issue_certificate(ca_spec, ca_key, ca_key, nullptr).value();
    auto key = crypto::PrivateKey::generate(crypto::KeyType::ec_p256).value();
    crypto::CertificateSpec leaf;
    leaf.common_name = k_host;
    leaf.dns_names = {k_host};
    leaf.server_auth = true;
    cert_file =
        dir.write("tls.crt", crypto::issue_certificate(leaf, key, ca_key, &ca).value().to_pem().value()).string();
    key_file = dir.write("tls.key", key.to_pem().value()).string();
    dir.write("secrets/kbsPrivateKey", admin.to_pem().value());
    dir.write("secrets/kbs-tls-ca.crt", ca.to_pem().value());
    dir.write("secrets/token-signing-ca.crt", trusted_signer().ca.to_pem().value());
  }

  // cococtl -v -v <args> with HOME in the scratch dir and no cluster to find.
  test::CommandResult run(const std::vector<std::string>& args, const std::string& input = "") const {
    std::vector<std::string> argv{k_cococtl, "-v", "-v", "--secrets-dir", dir.file("secrets")};
    argv.insert(argv.end(), args.begin(), args.end());
    const test::EnvOverrides env{{"HOME", dir.path().string()},
                                 {"KUBECONFIG", std::nullopt},
                                 {"KUBERNETES_SERVICE_HOST", std::nullopt},
                                 {"NO_COLOR", "1"}};
    return test::run_command(argv, std::chrono::seconds(60), env, input);
  }
};

// --kbs-url https://kbs.apps.test:PORT --connect-to kbs.apps.test:PORT:127.0.0.1:PORT
std::vector<std::string> at(const FakeKbs& kbs, std::vector<std::string> args) {
  const std::string port = std::to_string(kbs.port());
  const auto kbs_word = std::find(args.begin(), args.end(), "kbs");
  args.insert(kbs_word + 1, {"--kbs-url", "https://" + k_host + ":" + port, "--connect-to",
                             k_host + ":" + port + ":127.0.0.1:" + port});
  return args;
}

std::string read_source(const std::string& path) {
  std::ifstream in(std::string(COCOCTL_SOURCE_DIR) + "/" + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void check_no_secrets(const test::CommandResult& r, const Env& env, const Seen& seen) {
  const auto pem = env.admin.to_pem().value();
  const auto body = pem.substr(pem.find('\n') + 1, 40);  // a piece of the key's base64
  for (const auto* out : {&r.out, &r.err}) {
    CHECK(out->find(body) == std::string::npos);
    for (const auto& token : seen.admin_tokens) CHECK(out->find(token) == std::string::npos);
    for (const auto& cookie : seen.cookies) CHECK(out->find(cookie.substr(cookie.find('=') + 1)) == std::string::npos);
  }
}

}  // namespace

TEST_CASE("cococtl kbs: every admin command, with the admin key and KBS CA from the secrets dir") {
  Env env;
  FakeKbs kbs(Script{}, env.admin.public_key(), env.cert_file, env.key_file);
  const auto secret_file = env.dir.write("secret.bin", std::string("s3cr3t\0bytes", 12)).string();
  const auto rego = env.dir.write("policy.rego", "package policy\ndefault allow := true\n").string();

  auto r = env.run(at(kbs, {"kbs", "set-resource", "default/kbsres1/key1", "--file", secret_file}));
  CHECK(r.exit_code == 0);
  CHECK(r.out == "set resource default/kbsres1/key1 (12 bytes)\n");
  r = env.run(at(kbs, {"kbs", "set-resource", "default/piped/key", "-f", "-"}), "from stdin");
  CHECK(r.exit_code == 0);
  CHECK(env.run(at(kbs, {"kbs", "delete-resource", "default/piped/key"})).exit_code == 0);
  CHECK(env.run(at(kbs, {"kbs", "set-attestation-policy", "-f", rego})).exit_code == 0);
  CHECK(env.run(at(kbs, {"kbs", "set-resource-policy", "--affirming"})).exit_code == 0);
  CHECK(env.run(at(kbs, {"kbs", "set-reference-value", "svn", "1"})).exit_code == 0);
  CHECK(env.run(at(kbs, {"kbs", "set-reference-value", "major_version", "1", "--json", "--single"})).exit_code == 0);
  r = env.run(at(kbs, {"kbs", "get-reference-value", "svn"}));
  CHECK(r.exit_code == 0);
  CHECK(r.out == "[\"1\"]\n");
  r = env.run(at(kbs, {"-o", "json", "kbs", "get-reference-value", "major_version"}));
  CHECK(json::parse(r.out) == json{{"action", "get-reference-value"}, {"name", "major_version"}, {"value", 1}});

  const auto seen = kbs.seen();
  CHECK(seen.problems.empty());
  CHECK(seen.stored == std::map<std::string, std::string>{{"default/kbsres1/key1", std::string("s3cr3t\0bytes", 12)}});
  CHECK(seen.attestation_policy == "package policy\ndefault allow := true\n");
  CHECK(seen.attestation_policy_id == "default_cpu");
  CHECK(seen.resource_policy == read_source("templates/trustee/files/resource-policy.rego"));
  CHECK(seen.reference_values == std::map<std::string, json>{{"svn", json::array({"1"})}, {"major_version", 1}});
  check_no_secrets(r, env, seen);
}

TEST_CASE("cococtl kbs: without --kbs-url the KBS is kbs.<hubClusterDomain> when no cluster has a kbs Route") {
  Env env;
  FakeKbs kbs(Script{}, env.admin.public_key(), env.cert_file, env.key_file);
  const auto r = env.run({"kbs", "--connect-to", k_host + ":443:127.0.0.1:" + std::to_string(kbs.port()),
                          "set-resource-policy", "--deny-all", "--set", "global.hubClusterDomain=apps.test"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::Contains("KBS https://kbs.apps.test"));
  CHECK(kbs.seen().calls == std::vector<std::string>{"POST resource-policy"});
}

TEST_CASE("cococtl kbs: without --kbs-url the KBS is the host of the cluster's kbs Route") {
  Env env;
  FakeKbs kbs(Script{}, env.admin.public_key(), env.cert_file, env.key_file);
  auto sim = test::SimProcess::start();
  const auto route = env.dir.write("route.yaml", R"(apiVersion: v1
kind: Namespace
metadata:
  name: trustee-operator-system
---
apiVersion: route.openshift.io/v1
kind: Route
metadata:
  name: kbs
  namespace: trustee-operator-system
spec:
  host: kbs.apps.test
  to:
    kind: Service
    name: kbs-service
)");
  const auto kubeconfig = sim->kubeconfig().string();
  REQUIRE(env.run({"apply", "-f", route.string(), "--kubeconfig", kubeconfig}).exit_code == 0);
  // Values name another domain: the Route wins.
  const auto r = env.run({"kbs", "--kubeconfig", kubeconfig, "--connect-to",
                          k_host + ":443:127.0.0.1:" + std::to_string(kbs.port()), "set-resource-policy", "--deny-all",
                          "--set", "global.hubClusterDomain=elsewhere.test"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::Contains("KBS https://kbs.apps.test"));
  CHECK(kbs.seen().calls == std::vector<std::string>{"POST resource-policy"});
}

TEST_CASE(
    "cococtl kbs attest: the sample attester is refused under a deny policy, and what is released is never printed") {
  Env env;
  Script script;
  script.resources["default/kbsres1/key1"] = "the-real-secret-value";
  script.ear.status = "contraindicated";
  {
    FakeKbs kbs(script, env.admin.public_key(), env.cert_file, env.key_file);
    const auto r = env.run(at(kbs, {"-o", "json", "kbs", "attest", "--resource", "default/kbsres1/key1"}));
    CHECK(r.exit_code == 0);
    const auto doc = json::parse(r.out);
    CHECK(doc["status"] == json{{"cpu0", "contraindicated"}});
    CHECK(doc["resource"]["released"] == true);
    CHECK(doc["resource"]["sha256"] ==
          crypto::digest_hex(crypto::DigestAlgorithm::sha256, "the-real-secret-value").value());
    CHECK(r.out.find("the-real-secret-value") == std::string::npos);
    CHECK(r.err.find("the-real-secret-value") == std::string::npos);
    check_no_secrets(r, env, kbs.seen());
  }
  script.release = false;
  FakeKbs kbs(script, env.admin.public_key(), env.cert_file, env.key_file);
  const auto r = env.run(at(kbs, {"kbs", "attest", "--tee-key", "rsa", "--resource", "default/kbsres1/key1"}));
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Contains("attested as sample (protocol 0.4.0): cpu0=contraindicated"));
  CHECK_THAT(r.out, Catch::Contains("resource default/kbsres1/key1 not released"));
  CHECK_THAT(r.err, Catch::Contains("refused by the KBS resource policy (KBS answered HTTP 401 PolicyDeny"));
}

TEST_CASE("cococtl kbs: exit codes for bad input, refusals, unreachable and silent servers") {
  Env env;
  FakeKbs kbs(Script{}, env.admin.public_key(), env.cert_file, env.key_file);
  const auto stranger =
      env.dir.write("stranger.key", crypto::PrivateKey::generate(crypto::KeyType::ed25519).value().to_pem().value());

  auto r = env.run(at(kbs, {"kbs", "--admin-key", stranger.string(), "set-resource-policy", "--deny-all"}));
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("set resource policy: admin authentication failed"));
  r = env.run(at(kbs, {"kbs", "delete-resource", "default/key"}));
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.err, Catch::Contains("expected REPOSITORY/TYPE/TAG"));
  CHECK(env.run(at(kbs, {"kbs", "set-resource", "default/a/b"})).exit_code == 2);  // --file is required
  CHECK(env.run(at(kbs, {"kbs", "set-resource-policy", "--affirming", "--deny-all"})).exit_code == 2);
  r = env.run(at(kbs, {"kbs", "--admin-key", env.dir.file("missing.key"), "set-resource-policy", "--deny-all"}));
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.err, Catch::Contains("missing.key"));
  CHECK(env.run({"kbs", "--kbs-url", "http://" + k_host, "set-resource-policy", "--deny-all"}).exit_code == 3);
  CHECK(kbs.seen().stored.empty());

  const auto other_ca = env.dir.write("other-ca.crt", trusted_signer().ca.to_pem().value());  // a CA, not the KBS's
  r = env.run(at(kbs, {"kbs", "--kbs-ca", other_ca.string(), "set-resource-policy", "--deny-all"}));
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("TLS certificate verification failed"));

  SilentPort silent_port;
  const std::string port = std::to_string(silent_port.port());
  const std::vector<std::string> silent{"kbs",
                                        "--kbs-url",
                                        "https://" + k_host + ":" + port,
                                        "--connect-to",
                                        k_host + ":" + port + ":127.0.0.1:" + port,
                                        "--timeout",
                                        "1",
                                        "set-resource-policy",
                                        "--deny-all"};
  CHECK(env.run(silent).exit_code == 1);  // bound, not listening: connection refused
  silent_port.listen();
  r = env.run(silent);  // listening, never answering
  CHECK(r.exit_code == 5);
  CHECK_THAT(r.err, Catch::Contains("timed out"));
}
