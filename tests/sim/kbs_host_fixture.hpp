#pragma once
// A simulated bare-metal TDX cluster running the Trustee operator with a KbsConfig built from
// fresh key material as cococtl deploys it (objects named as templates/trustee renders them), the
// KBS it hosts, and the kbs-access workload; the API server in-process over plain HTTP for the
// service proxy.

#include "kbssim/fixture.hpp"
#include "sim/http/server.hpp"
#include "sim_test_util.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace cococtl::sim::testing {

inline constexpr const char* k_trustee_ns = "trustee-operator-system";

// The init-data document of the kbs-access pod: its CDH asks https://kbs.example.test.
std::string kbs_access_initdata();
// base64(gzip(document)), the cc_init_data annotation.
std::string initdata_annotation(const std::string& document);

struct HostedKbsCluster {
  HostedKbsCluster();
  ~HostedKbsCluster();

  // Applies every object the KbsConfig names, the Route and the KbsConfig; ticks until the KBS
  // is hosted.
  void deploy_trustee();
  // A ConfigMap's data key, replaced.
  void set_config_map(const std::string& name, const std::string& key, const std::string& value);
  // The kbs-access Deployment `secure` with `runtime_class` ("" = none) and `annotation` ("" = none).
  void deploy_kbs_access(const std::string& runtime_class, const std::string& annotation);
  // The kbs-access Pod (the only one in the namespace).
  json kbs_access_pod();
  bool deployment_available(const std::string& ns, const std::string& name);

  // curl against the hosted KBS (TLS checked against the test CA, the name resolved to loopback).
  test::CommandResult kbs_request(const std::string& method, const std::string& path,
                                  const std::vector<std::string>& headers = {}, const std::string& body = "");
  // GET on the in-process API server; "<body>\n<status>".
  test::CommandResult api_get(const std::string& path);

  TestCluster c{"baremetal-tdx"};
  test::kbssim::Material material = test::kbssim::make_material();
  test::TempDir dir{"kbshost"};
  std::vector<std::string> announced;

 private:
  TokenAuthenticator m_tokens;
  std::unique_ptr<ClusterServer> m_server;
  std::thread m_serving;
  int m_port = 0;
};

}  // namespace cococtl::sim::testing
