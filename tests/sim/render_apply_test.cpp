// Everything `cococtl render` produces for each topology is accepted by kubectl's server-side
// apply with strict field validation, against a simulator of the matching profile, once the
// operators the topology subscribes to have registered their CRDs (pinned Manual plans approved
// as an installer would: only the plan that installs the startingCSV).
#include "support/sim_process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <iterator>
#include <map>
#include <set>
#include <sstream>

using cococtl::test::CommandResult;
using cococtl::test::SimProcess;
using nlohmann::json;

namespace {

constexpr int k_max_polls = 150;

class Tools {
 public:
  explicit Tools(const SimProcess& sim) : m_sim(sim) {}

  CommandResult run(std::vector<std::string> argv, const std::string& input = "") const {
    const cococtl::test::EnvOverrides env = {{"KUBECONFIG", m_sim.kubeconfig().string()},
                                                    {"HOME", m_sim.dir().string()}};
    auto result = cococtl::test::run_command(argv, std::chrono::seconds(60), env, input);
    INFO(argv[0] << " " << argv[1] << " stderr: " << result.err);
    REQUIRE_FALSE(result.timed_out);
    return result;
  }

  // kubectl with a discovery cache of its own (`cache` names it: a new name sees new CRDs).
  std::string kubectl(std::vector<std::string> args, const std::string& input = "", const std::string& cache = "c0") const {
    args.insert(args.begin(), {"kubectl", "--cache-dir", (m_sim.dir() / cache).string()});
    const auto result = run(args, input);
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    REQUIRE(result.exit_code == 0);
    return result.out;
  }

  json get(const std::string& what) const { return json::parse(kubectl({"get", what, "-A", "-o", "json"})); }

 private:
  const SimProcess& m_sim;
};

std::string render(const SimProcess& sim, const std::string& topology, const std::string& format) {
  const auto result = cococtl::test::run_command(
      {COCOCTL_BINARY_DIR "/bin/cococtl", "--topology", topology, "--secrets-dir", (sim.dir() / "secrets").string(),
       "render", "--format", format},
      std::chrono::seconds(60), {{"HOME", sim.dir().string()}});
  INFO("cococtl render stderr: " << result.err);
  REQUIRE(result.exit_code == 0);
  return result.out;
}

// The rendered objects of the OLM stage, as a YAML stream of JSON documents.
std::string olm_stage(const json& rendered, std::set<std::string>& pins) {
  std::string out;
  for (const auto& item : rendered["items"]) {
    const std::string kind = item["kind"];
    if (kind != "Namespace" && kind != "OperatorGroup" && kind != "Subscription") continue;
    if (kind == "Subscription" && item["spec"].value("installPlanApproval", "") == "Manual") {
      pins.insert(item["spec"].value("startingCSV", ""));
    }
    out += "---\n" + item.dump() + "\n";
  }
  return out;
}

// Approves the plans that install a pinned CSV (never a newer one) until every subscription has
// an installed CSV. Returns the number of plans approved.
int install_operators(const Tools& tools, const std::set<std::string>& pins) {
  int approved = 0;
  for (int poll = 0; poll < k_max_polls; ++poll) {
    const json plans = tools.get("installplans");
    for (const auto& plan : plans["items"]) {
      if (plan["spec"].value("approved", true)) continue;
      const auto csvs = plan["spec"].value("clusterServiceVersionNames", json::array());
      const bool pinned = std::any_of(csvs.begin(), csvs.end(),
                                      [&](const json& c) { return pins.count(c.get<std::string>()) > 0; });
      if (!pinned) continue;
      tools.kubectl({"patch", "installplan", "-n", plan["metadata"]["namespace"], plan["metadata"]["name"],
                     "--type=merge", "-p", R"({"spec":{"approved":true}})"});
      ++approved;
    }
    const json subs = tools.get("subscriptions");
    const bool done = std::all_of(subs["items"].begin(), subs["items"].end(), [](const json& s) {
      return !s.value("status", json::object()).value("installedCSV", "").empty();
    });
    if (done) return approved;
  }
  FAIL("subscriptions did not install: " << tools.get("subscriptions").dump());
  return approved;
}

std::string group_of(const std::string& api_version) {
  const auto slash = api_version.find('/');
  return slash == std::string::npos ? "" : api_version.substr(0, slash);
}

// Every rendered object's scope agrees with the cluster's discovery: a namespaced object without
// metadata.namespace would land in whatever namespace the kubeconfig context names.
void check_scopes(const Tools& tools, const json& rendered) {
  std::map<std::pair<std::string, std::string>, bool> namespaced;  // (group, kind) -> namespaced
  std::istringstream lines(tools.kubectl({"api-resources", "--no-headers"}, "", "c2"));
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words_in(line);
    const std::vector<std::string> w{std::istream_iterator<std::string>(words_in),
                                     std::istream_iterator<std::string>()};
    if (w.size() >= 4) namespaced[{group_of(w[w.size() - 3]), w.back()}] = w[w.size() - 2] == "true";
  }
  for (const auto& item : rendered["items"]) {
    const std::string kind = item["kind"];
    INFO(kind << " " << item["metadata"].value("name", ""));
    const auto scope = namespaced.find({group_of(item["apiVersion"]), kind});
    REQUIRE(scope != namespaced.end());
    CHECK(scope->second == item["metadata"].contains("namespace"));
  }
}

void check_topology(const std::string& topology, const std::string& profile) {
  cococtl::test::SimOptions options;
  options.profile = profile;
  auto sim = SimProcess::start(options);
  Tools tools(*sim);
  const json rendered = json::parse(render(*sim, topology, "json"));
  const std::string yaml = render(*sim, topology, "yaml");
  REQUIRE(rendered["items"].size() > 10);

  std::set<std::string> pins;
  tools.kubectl({"apply", "--server-side", "-f", "-"}, olm_stage(rendered, pins));
  CHECK(install_operators(tools, pins) == static_cast<int>(pins.size()));
  tools.kubectl({"wait", "--for=condition=Established", "crd", "--all", "--timeout=30s"});
  check_scopes(tools, rendered);

  const std::string out = tools.kubectl({"apply", "--server-side", "-f", "-"}, yaml, "c1");
  std::size_t applied = 0;
  for (std::size_t pos = 0; (pos = out.find(" serverside-applied\n", pos)) != std::string::npos; ++pos) ++applied;
  CHECK(applied == rendered["items"].size());

  // The validation is real: a misspelt field in any rendered kind with a schema is refused.
  for (const char* kind : {"Route", "Subscription", "OperatorGroup", "SecurityContextConstraints", "MachineConfig",
                           "StorageClass", "Deployment", "Service", "ConfigMap"}) {
    const auto item = std::find_if(rendered["items"].begin(), rendered["items"].end(),
                                   [&](const json& o) { return o["kind"] == kind; });
    if (item == rendered["items"].end()) continue;
    json typo = *item;
    (typo.contains("spec") ? typo["spec"] : typo)["provsioner"] = "x";
    const auto refused = tools.run({"kubectl", "--cache-dir", (sim->dir() / "c1").string(), "apply", "--server-side",
                                    "-f", "-"}, typo.dump());
    INFO(kind << ": " << refused.err);
    CHECK(refused.exit_code != 0);
    CHECK(refused.err.find("provsioner: field not declared in schema") != std::string::npos);
  }

  // Installed exactly the pins: the newer plans offered afterwards stay unapproved.
  for (const auto& csv : tools.get("clusterserviceversions")["items"]) {
    const std::string name = csv["metadata"]["name"];
    INFO(name);
    CHECK(csv["status"]["phase"] == "Succeeded");
  }
  // Each pinned package has a newer CSV in its channel: OLM offers it in a new plan, unapproved.
  for (const auto& sub : tools.get("subscriptions")["items"]) {
    const std::string starting = sub["spec"].value("startingCSV", "");
    if (starting.empty()) continue;
    INFO(starting);
    CHECK(sub["status"]["installedCSV"] == starting);
    CHECK(sub["status"]["state"] == "UpgradePending");
    CHECK(sub["status"]["currentCSV"] != starting);
  }
}

}  // namespace

TEST_CASE("rendered topology simple applies with strict validation on the azure profile") {
  check_topology("simple", "azure");
}

TEST_CASE("rendered topology trusted-hub applies with strict validation on the azure profile") {
  check_topology("trusted-hub", "azure");
}

TEST_CASE("rendered topology spoke applies with strict validation on the azure profile") {
  check_topology("spoke", "azure");
}

TEST_CASE("rendered topology baremetal applies with strict validation on the baremetal-tdx profile") {
  check_topology("baremetal", "baremetal-tdx");
}

TEST_CASE("rendered topology baremetal-gpu applies with strict validation on the baremetal-tdx-gpu profile") {
  check_topology("baremetal-gpu", "baremetal-tdx-gpu");
}
