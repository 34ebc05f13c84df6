// coco-cluster-sim as a process, probed with curl: authentication, watch history (410) and
// bookmarks, deterministic fault injection, --state-dir persistence, clean SIGTERM.
#include "support/sim_process.hpp"

#include <cococtl/crypto/encoding.hpp>

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <sstream>

using cococtl::test::CommandResult;
using cococtl::test::SimOptions;
using cococtl::test::SimProcess;
using nlohmann::json;

namespace {

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The n-th "key: value" of the kubeconfig (tokens: 0 admin, 1 read-only).
std::string kubeconfig_value(const SimProcess& sim, const std::string& key, int index = 0) {
  const std::string text = read(sim.kubeconfig());
  const std::regex pattern(key + R"(: ([^\s]+))");
  auto it = std::sregex_iterator(text.begin(), text.end(), pattern);
  for (int i = 0; i < index && it != std::sregex_iterator(); ++i) ++it;
  REQUIRE(it != std::sregex_iterator());
  return (*it)[1].str();
}

class Curl {
 public:
  explicit Curl(const SimProcess& sim) : m_sim(sim) {
    m_ca = (sim.dir() / "ca.pem").string();
    std::ofstream(m_ca) << cococtl::crypto::base64_decode(kubeconfig_value(sim, "certificate-authority-data")).value();
    m_token = kubeconfig_value(sim, "token", 0);
  }

  CommandResult run(const std::string& path, std::vector<std::string> extra = {}, bool authenticated = true) const {
    std::vector<std::string> args = {"curl", "-sS", "--cacert", m_ca, "--max-time", "10"};
    if (authenticated) args.insert(args.end(), {"-H", "Authorization: Bearer " + m_token});
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(m_sim.url() + path);
    auto result = cococtl::test::run_command(args, std::chrono::seconds(20));
    REQUIRE_FALSE(result.timed_out);
    return result;
  }

  // The HTTP status of a request ("000" when the connection broke).
  std::string status(const std::string& path, std::vector<std::string> extra = {}) const {
    extra.insert(extra.end(), {"-o", "/dev/null", "-w", "%{http_code}"});
    return run(path, extra).out;
  }

  // Server-side apply as cococtl sends it: PATCH, application/apply-patch+yaml, fieldManager=cococtl.
  json apply(const std::string& path, const std::string& yaml) const {
    const auto result = run(path + "?fieldManager=cococtl&fieldValidation=Strict&force=false",
                            {"-X", "PATCH", "-H", "Content-Type: application/apply-patch+yaml", "--data-binary", yaml});
    REQUIRE(result.exit_code == 0);
    return json::parse(result.out);
  }

  json post(const std::string& path, const json& body) const {
    const auto result = run(path, {"-X", "POST", "-H", "Content-Type: application/json", "-d", body.dump()});
    REQUIRE(result.exit_code == 0);
    return json::parse(result.out);
  }

 private:
  const SimProcess& m_sim;
  std::string m_ca;
  std::string m_token;
};

json config_map(const std::string& name) {
  return {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", name}}}, {"data", {{"a", "b"}}}};
}

}  // namespace

TEST_CASE("the command line: every flag of the issue in --help, usage errors exit 2") {
  const auto sim = [](std::vector<std::string> args) {
    args.insert(args.begin(), COCOCTL_SIM_BINARY);
    auto result = cococtl::test::run_command(args, std::chrono::seconds(10));
    REQUIRE_FALSE(result.timed_out);
    return result;
  };
  const auto help = sim({"--help"});
  CHECK(help.exit_code == 0);
  for (const char* flag : {"--profile", "--listen", "--write-kubeconfig", "--state-dir", "--tick-ms", "--latency-ms",
                           "--fault-rate", "--faults", "--seed"}) {
    CHECK(help.out.find(flag) != std::string::npos);
  }
  const auto profile = sim({"--profile", "gcp", "--listen", "127.0.0.1:0"});
  CHECK(profile.exit_code == 2);
  CHECK(profile.err.find("unknown profile \"gcp\" (azure, baremetal-tdx, baremetal-snp, baremetal-tdx-gpu)") !=
        std::string::npos);
  CHECK(sim({"--no-such-flag"}).exit_code == 2);
  CHECK(sim({"--listen", "nowhere"}).exit_code == 2);
  CHECK(sim({"--faults", "429,teapot"}).exit_code == 2);
  CHECK(sim({"--tick-ms", "0"}).exit_code == 2);
}

TEST_CASE("requests need a known client certificate or token") {
  auto sim = SimProcess::start();
  Curl curl(*sim);
  CHECK(curl.status("/api/v1/namespaces") == "200");
  const auto anonymous = curl.run("/api/v1/namespaces", {"-w", "\n%{http_code}"}, false);
  CHECK(anonymous.out.find("\"reason\":\"Unauthorized\"") != std::string::npos);
  CHECK(anonymous.out.ends_with("401"));
  CHECK(curl.run("/api/v1/namespaces", {"-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer wrong"}, false)
            .out == "401");
  CHECK(curl.run("/version", {"-o", "/dev/null", "-w", "%{http_code}"}, false).out == "200");  // public, as in kube
  const json review = curl.post("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
                                {{"apiVersion", "authorization.k8s.io/v1"}, {"kind", "SelfSubjectAccessReview"},
                                 {"spec", {{"resourceAttributes", {{"verb", "delete"}, {"resource", "nodes"}}}}}});
  CHECK(review["status"]["allowed"] == true);
}

TEST_CASE("an unchanged apply is a no-op however much time passed: same resourceVersion, same managedFields") {
  SimOptions options;
  options.extra_args = {"--clock-rate", "10000"};  // 10 simulated seconds per real millisecond
  auto sim = SimProcess::start(options);
  Curl curl(*sim);
  const std::string path = "/api/v1/namespaces/default/secrets/creds";
  const std::string secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\n  namespace: default\n"
                             "type: Opaque\nstringData:\n  password: hunter2\n";
  const json created = curl.apply(path, secret);
  REQUIRE(created["metadata"].contains("resourceVersion"));
  CHECK(created["data"]["password"] == "aHVudGVyMg==");
  for (int i = 0; i < 3; ++i) {
    const json again = curl.apply(path, secret);
    CHECK(again["metadata"]["resourceVersion"] == created["metadata"]["resourceVersion"]);
    CHECK(again["metadata"]["managedFields"] == created["metadata"]["managedFields"]);
  }
  const json stored = json::parse(curl.run(path).out);
  CHECK(stored["metadata"]["resourceVersion"] == created["metadata"]["resourceVersion"]);
}

TEST_CASE("watches replay history, send bookmarks, and answer 410 Expired for compacted versions") {
  SimOptions options;
  options.extra_args = {"--watch-history", "5"};
  auto sim = SimProcess::start(options);
  Curl curl(*sim);
  const json first = curl.post("/api/v1/namespaces/default/configmaps", config_map("c0"));
  const std::string start_rv = first["metadata"]["resourceVersion"];
  for (int i = 1; i < 10; ++i) curl.post("/api/v1/namespaces/default/configmaps", config_map("c" + std::to_string(i)));
  const auto expired = curl.run("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" + start_rv);
  const json error = json::parse(expired.out.substr(0, expired.out.find('\n')));
  CHECK(error["type"] == "ERROR");
  CHECK(error["object"]["code"] == 410);
  CHECK(error["object"]["reason"] == "Expired");

  const json list = json::parse(curl.run("/api/v1/namespaces/default/configmaps").out);
  const std::string rv = list["metadata"]["resourceVersion"];
  const auto quiet = curl.run("/api/v1/namespaces/default/configmaps?watch=1&allowWatchBookmarks=true&timeoutSeconds=2"
                              "&resourceVersion=" + rv);
  REQUIRE_FALSE(quiet.out.empty());
  const json bookmark = json::parse(quiet.out.substr(0, quiet.out.find('\n')));
  CHECK(bookmark["type"] == "BOOKMARK");
  CHECK(bookmark["object"]["kind"] == "ConfigMap");

  const auto initial = curl.run("/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=1&fieldSelector=metadata.name%3Dc3");
  const json added = json::parse(initial.out.substr(0, initial.out.find('\n')));
  CHECK(added["type"] == "ADDED");
  CHECK(added["object"]["metadata"]["name"] == "c3");
  CHECK(std::count(initial.out.begin(), initial.out.end(), '\n') == 1);
}

TEST_CASE("fault injection: 429 with Retry-After, 503 Status, dropped connections") {
  SimOptions options;
  options.extra_args = {"--fault-rate", "1", "--faults", "429"};
  auto throttled = SimProcess::start(options);
  const auto too_many = Curl(*throttled).run("/api", {"-i"});
  CHECK(too_many.out.find("HTTP/1.1 429") != std::string::npos);
  CHECK(too_many.out.find("Retry-After: 1") != std::string::npos);
  CHECK(too_many.out.find("Too many requests") != std::string::npos);

  options.extra_args = {"--fault-rate", "1", "--faults", "503"};
  auto unavailable = SimProcess::start(options);
  const auto status = Curl(*unavailable).run("/api");
  CHECK(json::parse(status.out)["reason"] == "ServiceUnavailable");

  options.extra_args = {"--fault-rate", "1", "--faults", "reset"};
  auto reset = SimProcess::start(options);
  const auto dropped = Curl(*reset).run("/api");
  CHECK(dropped.exit_code != 0);  // curl: empty reply / connection reset
}

TEST_CASE("latency: --latency-ms delays every request, the slow fault by 1.5 s") {
  const auto seconds = [](const Curl& curl, const std::string& path) {
    const auto result = curl.run(path, {"-o", "/dev/null", "-w", "%{http_code} %{time_total}"});
    const auto space = result.out.find(' ');
    REQUIRE(result.out.substr(0, space) == "200");
    return std::stod(result.out.substr(space + 1));
  };
  SimOptions options;
  options.extra_args = {"--latency-ms", "300"};
  auto late = SimProcess::start(options);
  CHECK(seconds(Curl(*late), "/api/v1/namespaces") >= 0.3);
  options.extra_args = {"--fault-rate", "1", "--faults", "slow"};
  auto slow = SimProcess::start(options);
  CHECK(seconds(Curl(*slow), "/api/v1/namespaces") >= 1.5);
}

TEST_CASE("unknown kinds and groups are 404 NotFound Status bodies, as a real server answers") {
  auto sim = SimProcess::start();
  Curl curl(*sim);
  for (const std::string path : {"/apis/example.com/v1/namespaces/default/widgets", "/api/v1/widgets",
                                 "/apis/example.com/v1"}) {
    INFO(path);
    const auto result = curl.run(path, {"-w", "\n%{http_code}"});
    CHECK(result.out.ends_with("\n404"));
    const json status = json::parse(result.out.substr(0, result.out.rfind('\n')));
    CHECK(status["kind"] == "Status");
    CHECK(status["reason"] == "NotFound");
    CHECK(status["message"] == "the server could not find the requested resource");
  }
  const json version = json::parse(curl.run("/version").out);
  CHECK(version["gitVersion"] == "v1.32.8");
  CHECK(version["major"] == "1");
  CHECK(version["minor"] == "32");
}

TEST_CASE("aggregated discovery over HTTP: its content type, short names, and the legacy fallback") {
  auto sim = SimProcess::start();
  Curl curl(*sim);
  const std::string accept = "Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";
  const auto aggregated = curl.run("/apis", {"-H", accept, "-D", (sim->dir() / "headers").string()});
  CHECK(read(sim->dir() / "headers").find("Content-Type: application/json;g=apidiscovery.k8s.io;v=v2;"
                                          "as=APIGroupDiscoveryList") != std::string::npos);
  const json groups = json::parse(aggregated.out);
  CHECK(groups["kind"] == "APIGroupDiscoveryList");
  bool deployments = false;
  for (const auto& group : groups["items"]) {
    if (group["metadata"]["name"] != "apps") continue;
    for (const auto& r : group["versions"][0]["resources"]) {
      deployments |= r["resource"] == "deployments" && r["shortNames"] == json::array({"deploy"}) &&
                     r["scope"] == "Namespaced" && r["responseKind"]["kind"] == "Deployment";
    }
  }
  CHECK(deployments);
  const json legacy = json::parse(curl.run("/apis", {"-H", "Accept: application/json"}).out);
  CHECK(legacy["kind"] == "APIGroupList");
  const json core = json::parse(curl.run("/api/v1").out);
  CHECK(core["kind"] == "APIResourceList");
  bool config_maps = false;
  for (const auto& r : core["resources"]) config_maps |= r["name"] == "configmaps" && r["shortNames"] == json::array({"cm"});
  CHECK(config_maps);
}

TEST_CASE("lists over HTTP take resourceVersion and resourceVersionMatch") {
  auto sim = SimProcess::start();
  Curl curl(*sim);
  const json a = curl.post("/api/v1/namespaces/default/configmaps", config_map("a"));
  curl.post("/api/v1/namespaces/default/configmaps", config_map("b"));
  const std::string rv = a["metadata"]["resourceVersion"];
  const json exact = json::parse(
      curl.run("/api/v1/namespaces/default/configmaps?resourceVersionMatch=Exact&resourceVersion=" + rv).out);
  REQUIRE(exact["items"].size() == 1);
  CHECK(exact["metadata"]["resourceVersion"] == rv);
  CHECK(curl.status("/api/v1/namespaces/default/configmaps?resourceVersionMatch=Exact") == "422");
}

TEST_CASE("fault injection can stop after a number of faults") {
  SimOptions options;
  options.extra_args = {"--fault-rate", "1", "--faults", "500", "--fault-limit", "2"};
  auto sim = SimProcess::start(options);
  Curl curl(*sim);
  CHECK(curl.status("/api") == "500");
  CHECK(curl.status("/api") == "500");
  CHECK(curl.status("/api") == "200");
}

TEST_CASE("fault injection is deterministic for a seed") {
  auto codes = [](const std::string& seed) {
    SimOptions options;
    options.extra_args = {"--fault-rate", "0.5", "--faults", "429,500", "--seed", seed};
    auto sim = SimProcess::start(options);
    Curl curl(*sim);
    std::string out;
    for (int i = 0; i < 12; ++i) out += curl.status("/api/v1/namespaces/default") + " ";
    return out;
  };
  const std::string a = codes("42");
  CHECK(a == codes("42"));
  CHECK(a.find("200") != std::string::npos);
  CHECK((a.find("429") != std::string::npos || a.find("500") != std::string::npos));
  CHECK(a != codes("43"));
}

TEST_CASE("SIGTERM stops promptly even while a client keeps an idle connection open") {
  auto sim = SimProcess::start();
  httplib::SSLClient client("127.0.0.1", sim->port());
  client.enable_server_certificate_verification(false);
  client.set_keep_alive(true);
  REQUIRE(client.Get("/version"));
  const auto started = std::chrono::steady_clock::now();
  CHECK(sim->stop(std::chrono::seconds(8)) == 0);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
}

TEST_CASE("a state folder keeps objects and credentials across a restart - SIGTERM exits 0") {
  cococtl::test::TempDir state("coco-sim-state");
  SimOptions options;
  options.state_dir = state.path();
  std::string token;
  std::string rv;
  {
    auto sim = SimProcess::start(options);
    Curl curl(*sim);
    rv = curl.post("/api/v1/namespaces/default/configmaps", config_map("kept"))["metadata"]["resourceVersion"];
    token = kubeconfig_value(*sim, "token");
    CHECK(sim->stop() == 0);
  }
  CHECK(std::filesystem::exists(state.path() / "store.json"));
  auto sim = SimProcess::start(options);
  CHECK(kubeconfig_value(*sim, "token") == token);
  Curl curl(*sim);
  const json kept = json::parse(curl.run("/api/v1/namespaces/default/configmaps/kept").out);
  CHECK(kept["metadata"]["resourceVersion"] == rv);
  const json next = curl.post("/api/v1/namespaces/default/configmaps", config_map("later"));
  CHECK(std::stoull(next["metadata"]["resourceVersion"].get<std::string>()) > std::stoull(rv));
}
