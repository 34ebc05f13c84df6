// coco-kbs-sim: a Trustee 1.1-compatible Key Broker Service for tests and local experiments.
//   coco-kbs-sim --config kbs-config.toml --admin-public-key admin.pub --https-cert tls.crt
//       --https-key tls.key --token-key token.key --token-cert token.crt
//       --attestation-policy default_cpu.rego [--resource-policy policy.rego]
//       [--reference-values rv.json] [--resource default/kbsres1/key1=FILE]... [--resources-dir DIR]
// prints "kbs listening on https://127.0.0.1:PORT for <host>" once it serves; stops on SIGTERM.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cococtl/crypto/certificate.hpp>
#include <cococtl/util/fs.hpp>
#include <cococtl/util/interrupt.hpp>
#include <cococtl/util/log.hpp>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "kbs/server.hpp"

namespace kbs = cococtl::sim::kbs;
namespace util = cococtl::util;

namespace {

struct Flags {
  std::string config, admin_public_key, https_cert, https_key, token_key, token_cert;
  std::string resource_policy, attestation_policy, reference_values, resources_dir;
  std::vector<std::string> resources;
  std::string listen = "127.0.0.1:0";
  std::string host;
  std::string protocol_version = "0.4.0";
  double fault_rate = 0.0;
  std::string faults = "500,503,reset,slow";
  long fault_limit = 0;
  unsigned long long seed = 1;
  int verbosity = 0;
};

util::Result<std::string> read_file(const std::string& path, const std::string& what) {
  if (path.empty()) return std::string();
  std::ifstream in(path, std::ios::binary);
  if (!in) return util::invalid_input(what + ": cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// --resources-dir DIR holds DIR/<repo>/<type>/<tag> files.
util::Result<void> read_resources_dir(const std::string& dir, kbs::KbsConfigInputs& in) {
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec); !ec && it != decltype(it)();
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    const std::string path = std::filesystem::relative(it->path(), dir).generic_string();
    COCO_TRY_ASSIGN(in.resources[path], read_file(it->path().string(), "--resources-dir"));
  }
  if (ec) return util::invalid_input("--resources-dir: cannot read " + dir + ": " + ec.message());
  return {};
}

util::Result<kbs::KbsConfigInputs> read_inputs(const Flags& f) {
  kbs::KbsConfigInputs in;
  COCO_TRY_ASSIGN(in.kbs_config_toml, read_file(f.config, "--config"));
  COCO_TRY_ASSIGN(in.admin_public_key_pem, read_file(f.admin_public_key, "--admin-public-key"));
  COCO_TRY_ASSIGN(in.https_cert_pem, read_file(f.https_cert, "--https-cert"));
  COCO_TRY_ASSIGN(in.https_key_pem, read_file(f.https_key, "--https-key"));
  COCO_TRY_ASSIGN(in.token_key_pem, read_file(f.token_key, "--token-key"));
  COCO_TRY_ASSIGN(in.token_cert_chain_pem, read_file(f.token_cert, "--token-cert"));
  COCO_TRY_ASSIGN(in.resource_policy_rego, read_file(f.resource_policy, "--resource-policy"));
  COCO_TRY_ASSIGN(in.attestation_policy_rego, read_file(f.attestation_policy, "--attestation-policy"));
  COCO_TRY_ASSIGN(in.reference_values_json, read_file(f.reference_values, "--reference-values"));
  if (!f.resources_dir.empty()) COCO_TRY(read_resources_dir(f.resources_dir, in));
  for (const auto& spec : f.resources) {
    const auto eq = spec.find('=');
    if (eq == std::string::npos) return util::usage_error("--resource wants REPO/TYPE/TAG=FILE, got \"" + spec + "\"");
    COCO_TRY_ASSIGN(in.resources[spec.substr(0, eq)], read_file(spec.substr(eq + 1), "--resource"));
  }
  return in;
}

util::Result<kbs::ServerOptions> server_options(const Flags& f) {
  kbs::ServerOptions o;
  const auto colon = f.listen.rfind(':');
  if (colon == std::string::npos) return util::usage_error("--listen wants HOST:PORT, got \"" + f.listen + "\"");
  o.listen_host = f.listen.substr(0, colon);
  const std::string port = f.listen.substr(colon + 1);
  if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5) {
    return util::usage_error("--listen wants HOST:PORT, got \"" + f.listen + "\"");
  }
  o.port = std::stoi(port);
  o.protocol_version = f.protocol_version;
  COCO_TRY_ASSIGN(auto kinds, kbs::parse_faults(f.faults));
  o.faults = {f.fault_rate, kinds, f.seed, 1500, f.fault_limit};
  return o;
}

// The KBS host name for the ready line: --host, else the certificate's first DNS name or CN.
std::string kbs_host(const Flags& f, const kbs::KbsConfigInputs& in) {
  if (!f.host.empty()) return f.host;
  auto cert = cococtl::crypto::Certificate::from_pem(in.https_cert_pem);
  if (!cert.ok()) return "localhost";
  const auto names = cert->dns_names();
  return names.empty() ? cert->common_name() : names.front();
}

util::Result<void> run(const Flags& f) {
  COCO_TRY_ASSIGN(const auto inputs, read_inputs(f));
  COCO_TRY_ASSIGN(auto options, server_options(f));
  COCO_TRY_ASSIGN(auto server, kbs::KbsServer::start(inputs, options));
  std::printf("kbs listening on %s://%s:%d for %s\n", server->https() ? "https" : "http", options.listen_host.c_str(),
              server->port(), kbs_host(f, inputs).c_str());
  std::fflush(stdout);
  while (!util::interrupted()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  spdlog::info("stopping");
  server->stop();
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  Flags f;
  CLI::App app{"coco-kbs-sim: a Trustee 1.1-compatible Key Broker Service for cococtl tests"};
  app.add_option("--config", f.config, "kbs-config.toml")->required();
  app.add_option("--admin-public-key", f.admin_public_key, "Ed25519 public key PEM of the admin personas");
  app.add_option("--https-cert", f.https_cert, "HTTPS certificate PEM (leaf first)");
  app.add_option("--https-key", f.https_key, "HTTPS private key PEM");
  app.add_option("--token-key", f.token_key, "EC P-256 key PEM that signs attestation tokens");
  app.add_option("--token-cert", f.token_cert, "certificate chain PEM of the token key (also the trust anchors)");
  app.add_option("--resource-policy", f.resource_policy, "resource policy Rego (default: Trustee's default.rego)");
  app.add_option("--attestation-policy", f.attestation_policy, "default_cpu attestation policy Rego");
  app.add_option("--reference-values", f.reference_values, "RVPS reference values (JSON array)");
  app.add_option("--resource", f.resources, "REPO/TYPE/TAG=FILE: a resource (repeatable)");
  app.add_option("--resources-dir", f.resources_dir, "directory of REPO/TYPE/TAG files");
  app.add_option("--listen", f.listen, "HOST:PORT to serve on (port 0 picks a free one)");
  app.add_option("--host", f.host, "the KBS host name to report (default: from the HTTPS certificate)");
  app.add_option("--protocol-version", f.protocol_version, "KBS protocol version /auth accepts (0.4.0 = Trustee 1.1)");
  app.add_option("--fault-rate", f.fault_rate, "fraction of requests that get a fault")->check(CLI::Range(0.0, 1.0));
  app.add_option("--faults", f.faults, "fault kinds: 500,503,reset,slow");
  app.add_option("--fault-limit", f.fault_limit, "inject at most N faults, then serve normally (0 = no limit)");
  app.add_option("--seed", f.seed, "seed for the faults");
  app.add_flag("-v,--verbose", f.verbosity, "more logging (repeatable)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : static_cast<int>(util::ExitCode::usage);
  }
  std::signal(SIGPIPE, SIG_IGN);
  util::install_interrupt_handler();
  util::setup_logging(f.verbosity + 1, false, false);
  auto result = run(f);
  if (!result.ok()) {
    std::fprintf(stderr, "coco-kbs-sim: error: %s\n", result.error().message.c_str());
    return static_cast<int>(result.error().code);
  }
  return 0;
}
