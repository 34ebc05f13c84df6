// coco-cluster-sim: a simulated OpenShift API server for tests and local experiments.
//   coco-cluster-sim --profile azure --listen 127.0.0.1:0 --write-kubeconfig kubeconfig
// prints "listening on https://127.0.0.1:PORT" once it serves, and stops cleanly on SIGTERM.
#include "sim/cluster.hpp"
#include "sim/common/sim_clock.hpp"
#include "sim/controllers/operator_faults.hpp"
#include "sim/http/server.hpp"
#include "sim/seed/pki.hpp"

#include <cococtl/util/fs.hpp>
#include <cococtl/util/interrupt.hpp>
#include <cococtl/util/log.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <thread>

namespace sim = cococtl::sim;
namespace util = cococtl::util;

namespace {

struct Flags {
  std::string profile = "azure";
  std::string listen = "127.0.0.1:0";
  std::string kubeconfig;
  std::string state_dir;
  int tick_ms = 200;
  int latency_ms = 0;
  double fault_rate = 0.0;
  std::string faults = "429,500,503,reset,slow";
  long fault_limit = 0;
  unsigned long long seed = 1;
  std::size_t watch_history = 10000;
  double clock_rate = 1.0;
  int verbosity = 0;
  bool plain_http = false;
  std::string name;
  std::string domain;
  std::vector<std::string> operator_faults;
  std::vector<std::string> external_kbs;
};

util::Result<std::pair<std::string, int>> split_listen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) return util::usage_error("--listen wants HOST:PORT, got \"" + listen + "\"");
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  try {
    return std::pair{host.empty() ? std::string("127.0.0.1") : host, std::stoi(listen.substr(colon + 1))};
  } catch (const std::exception&) {
    return util::usage_error("--listen wants HOST:PORT, got \"" + listen + "\"");
  }
}

util::Result<sim::ServerOptions> server_options(const Flags& f, const sim::Pki& pki, const std::string& version) {
  COCO_TRY_ASSIGN(auto address, split_listen(f.listen));
  sim::ServerOptions o;
  o.host = address.first;
  o.port = address.second;
  o.anonymous_is_admin = f.plain_http;
  if (!f.plain_http) o.tls = sim::TlsMaterial{pki.server_cert_pem, pki.server_key_pem, pki.ca_cert_pem};
  o.latency_ms = f.latency_ms;
  std::string error;
  auto kinds = sim::parse_faults(f.faults, error);
  if (!kinds) return util::usage_error("--faults: " + error);
  o.faults = {f.fault_rate, *kinds, f.seed, 1500, f.fault_limit};
  o.kubernetes_version = version;
  return o;
}

util::Result<void> run(const Flags& f) {
  std::optional<std::filesystem::path> state_dir;
  if (!f.state_dir.empty()) {
    state_dir = util::expand_user(f.state_dir);
    COCO_TRY(util::ensure_directory(*state_dir, 0700));
  }
  sim::ClusterOptions cluster_options;
  cluster_options.profile = f.profile;
  cluster_options.state_dir = state_dir;
  cluster_options.tick_ms = f.tick_ms;
  cluster_options.seed = f.seed;
  cluster_options.watch_history = f.watch_history;
  cluster_options.name = f.name;
  cluster_options.domain = f.domain;
  for (const auto& fault : f.operator_faults) {
    COCO_TRY_ASSIGN(auto entry, sim::parse_operator_fault(fault));
    cluster_options.operator_faults[entry.first] = entry.second;
  }
  cluster_options.external_kbs = f.external_kbs;
  COCO_TRY_ASSIGN(auto cluster, sim::Cluster::create(cluster_options));
  COCO_TRY_ASSIGN(auto pki, sim::load_or_create_pki(state_dir));
  util::register_secret(pki.admin_token);
  util::register_secret(pki.readonly_token);
  sim::TokenAuthenticator tokens;
  tokens.add(pki.admin_token, {sim::k_admin_user, {"system:masters", "system:authenticated"}, true});
  tokens.add(pki.readonly_token, {sim::k_readonly_user, {"system:authenticated"}, true});
  COCO_TRY_ASSIGN(auto options, server_options(f, pki, cluster->profile().kubernetes_version));
  options.payloads = &cluster->hosting().payloads;
  sim::ClusterServer server(cluster->api(), tokens, options);
  COCO_TRY_ASSIGN(const int port, server.bind());
  const std::string host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  const std::string url = fmt::format("{}://{}:{}", f.plain_http ? "http" : "https", host, port);
  if (!f.kubeconfig.empty()) COCO_TRY(sim::write_kubeconfig(util::expand_user(f.kubeconfig), url, pki, f.name));
  cluster->start();
  std::atomic<bool> served{false};
  std::thread serving([&server, &served] {
    server.serve();
    served = true;
  });
  std::printf("listening on %s\n", url.c_str());
  std::fflush(stdout);
  // The hosted KBS's lines follow the cluster's own (one is printed now if it already runs).
  cluster->hosting().kbs.announce_to([](const std::string& line) {
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
  });
  spdlog::info("profile {} (OpenShift {}), tick {} ms", f.profile, cluster->profile().openshift_version, f.tick_ms);
  while (!util::interrupted()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  spdlog::info("stopping");
  server.stop();  // from here on every request gets 503, so the saved state is final
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (!served && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  cluster->stop();
  if (!served) {
    // httplib waits out idle keep-alive connections (up to their timeout); the state is saved,
    // so leave now and let the kernel close them.
    spdlog::info("closing idle connections");
    std::fflush(nullptr);
    std::_Exit(0);
  }
  serving.join();
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  Flags f;
  CLI::App app{"coco-cluster-sim: a simulated OpenShift cluster for cococtl tests"};
  app.add_option("--profile", f.profile, "azure, baremetal-tdx, baremetal-snp or baremetal-tdx-gpu");
  app.add_option("--listen", f.listen, "HOST:PORT to serve on (port 0 picks a free one)");
  app.add_option("--write-kubeconfig", f.kubeconfig, "write a kubeconfig for this cluster to FILE");
  app.add_option("--state-dir", f.state_dir, "keep objects and credentials in DIR across restarts");
  app.add_option("--tick-ms", f.tick_ms, "controller tick period in milliseconds")->check(CLI::Range(1, 60000));
  app.add_option("--latency-ms", f.latency_ms, "added to every request")->check(CLI::Range(0, 60000));
  app.add_option("--fault-rate", f.fault_rate, "fraction of requests that get a fault")->check(CLI::Range(0.0, 1.0));
  app.add_option("--faults", f.faults, "fault kinds: 429,500,503,reset,slow");
  app.add_option("--fault-limit", f.fault_limit, "inject at most N faults, then serve normally (0 = no limit)");
  app.add_option("--seed", f.seed, "seed for faults and generated names");
  app.add_option("--watch-history", f.watch_history, "events kept for watches (older resourceVersions get 410)");
  app.add_option("--clock-rate", f.clock_rate, "simulated time runs this many times faster than real time (tests)")
      ->check(CLI::Range(1.0, 1e6));
  app.add_option("--name", f.name,
                 "cluster name: kubeconfig cluster/user/context names and the apps domain "
                 "apps.NAME.DOMAIN (default: the profile's, kubeconfig names sim*)");
  app.add_option("--domain", f.domain, "base domain of the cluster (default: the profile's)");
  app.add_option("--operator-fault", f.operator_faults,
                 "KEY=VALUE written into ConfigMap coco-sim/faults at start (repeatable; sim/README.md)");
  app.add_option("--external-kbs", f.external_kbs,
                 "KBS host name that lives outside this simulator (a spoke's hub): pods whose init-data "
                 "names it fetch a placeholder instead of failing (repeatable)");
  app.add_flag("-v,--verbose", f.verbosity, "more logging (repeatable)");
  app.add_flag("--plain-http", f.plain_http, "serve plain HTTP, no authentication (debugging only)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; every other parse error is a usage error (exit code 2).
    return app.exit(e) == 0 ? 0 : static_cast<int>(util::ExitCode::usage);
  }
  std::signal(SIGPIPE, SIG_IGN);
  util::install_interrupt_handler();
  sim::set_clock_rate(f.clock_rate);
  util::setup_logging(f.verbosity + 1, false, false);
  auto result = run(f);
  if (!result.ok()) {
    std::fprintf(stderr, "coco-cluster-sim: error: %s\n", result.error().message.c_str());
    return static_cast<int>(result.error().code);
  }
  return 0;
}
