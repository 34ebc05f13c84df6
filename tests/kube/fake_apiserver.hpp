#pragma once
// A scripted fake Kubernetes API server for client tests (HTTPS with the test PKI): enough of
// discovery, CRUD, server-side apply, list paging and watch to exercise the client, plus
// knobs for faults, conflicts, expired watches and revoked credentials. It is deliberately
// simple; sim/ (coco-cluster-sim) is the faithful simulator.

#include "support/temp_dir.hpp"
#include "support/test_server.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cococtl::test {

struct Recorded {
  std::string method, path, query, authorization, content_type, accept, body, client_cn;
  std::multimap<std::string, std::string> headers;
  std::string param(const std::string& key) const;  // from the query string
};

class FakeApiServer {
 public:
  struct Options {
    bool aggregated = true;            // offer aggregated discovery (else legacy only)
    bool require_client_cert = false;  // mutual TLS; any certificate from the test CA authenticates
    bool wrong_host_cert = false;      // serve a certificate for other.example only
    int crd_polls_until_established = 2;
  };

  explicit FakeApiServer(Options options);
  FakeApiServer() : FakeApiServer(Options{}) {}

  std::string url() const { return m_server->base_url(); }

  // Credentials accepted ("Bearer x" / "Basic y" values); with none, every request is accepted.
  void accept_authorization(const std::string& value);
  void revoke_authorization(const std::string& value);

  // The next `count` requests (any path but discovery) fail with `status`.
  void fail_next(int count, int status, const std::string& retry_after = "", bool plain_text = false);
  // Applying an object of this name without force=true gives a 409 FieldManagerConflict on .data.key.
  void conflict_on(const std::string& name);
  // The next watch request answers with an ERROR 410 event (or an HTTP 410 when `as_http`).
  void expire_next_watch(bool as_http = false);
  // Events sent (then the stream ends) to the next watch requests.
  void queue_watch_event(const std::string& type, const nlohmann::json& object);

  // Stores an object directly (as if another client made it); `plural` names its resource.
  void put(const std::string& group, const std::string& plural, nlohmann::json object);
  std::optional<nlohmann::json> object(const std::string& group, const std::string& plural, const std::string& ns,
                                       const std::string& name);

  std::vector<Recorded> requests();
  int count(const std::string& method, const std::string& path_prefix);

 private:
  struct Resource {
    std::string group, version, plural, kind;
    bool namespaced;
  };
  void routes(httplib::Server& s);
  bool admit(const httplib::Request& req, httplib::Response& res);
  void handle(const httplib::Request& req, httplib::Response& res);
  void discovery(const httplib::Request& req, httplib::Response& res);
  void apply(const Resource& r, const std::string& ns, const std::string& name, const httplib::Request& req,
             httplib::Response& res);
  void list(const Resource& r, const std::string& ns, const httplib::Request& req, httplib::Response& res);
  void watch(const Resource& r, httplib::Response& res);
  std::string crd_progress_events();
  void poll_crd(nlohmann::json& crd);
  const Resource* find(const std::string& group, const std::string& plural) const;
  static std::string key(const std::string& group, const std::string& plural, const std::string& ns, const std::string& name);

  Options m_options;
  std::mutex m_mutex;
  std::set<std::string> m_authorizations;
  std::vector<Recorded> m_log;
  std::vector<Resource> m_resources;
  std::map<std::string, nlohmann::json> m_objects;  // key: collection + "/" + name
  long m_rv = 100;
  int m_fail_count = 0, m_fail_status = 0;
  std::string m_fail_retry_after;
  bool m_fail_plain = false;
  std::set<std::string> m_conflicts;
  int m_expire_watch = 0;  // 1 = ERROR event, 2 = HTTP 410
  std::vector<nlohmann::json> m_watch_events;
  std::map<std::string, int> m_crd_polls;
  std::unique_ptr<TestServer> m_server;
};

}  // namespace cococtl::test
