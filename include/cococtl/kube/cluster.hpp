#pragma once
// A connection to one Kubernetes/OpenShift API server plus its kind -> resource mapper:
// server-side apply, get, list, watch, delete. Objects are nlohmann::json documents.

#include <cococtl/kube/kubeconfig.hpp>
#include <cococtl/kube/resource.hpp>
#include <cococtl/kube/status.hpp>
#include <cococtl/net/http.hpp>
#include <cococtl/net/retry.hpp>
#include <cococtl/util/result.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cococtl::kube {

struct ConnectOptions {
  LoadOptions kubeconfig;
  net::RetryPolicy retry{};  // for idempotent calls (GET, LIST, apply); at most 10 attempts
};

enum class ApplyOutcome { created, configured, unchanged, error };

struct ApplyOptions {
  bool dry_run = false;         // dryRun=All: the server validates, nothing is stored
  bool force = false;           // take ownership of fields other managers own (force=true)
  std::size_t concurrency = 16;  // requests in flight
  std::string field_manager = "cococtl";
  std::string field_validation = "Strict";  // Strict | Warn | Ignore
  std::chrono::seconds crd_timeout{60};  // how long apply() waits for its CRDs to be Established
};

struct ApplyResult {
  ApplyOutcome outcome = ApplyOutcome::error;
  std::string display;          // "Deployment ns/name"
  nlohmann::json object{};      // the server's answer (the applied object)
  std::string message{};        // why it failed, or a note
  std::vector<StatusCause> conflicts{};  // 409 field-manager conflicts
};

struct ListOptions {
  std::string label_selector{};
  std::string field_selector{};
  int limit = 500;  // page size; every page is fetched
};

struct ListResult {
  std::vector<nlohmann::json> items;
  std::string resource_version;  // of the list, to start a watch from
};

enum class WatchEventType { added, modified, deleted };

struct WatchEvent {
  WatchEventType type;
  nlohmann::json object;
  bool relisted = false;  // true for the ADDED events re-delivered after the history expired (410)
};

struct WatchOptions {
  std::string label_selector{};
  std::string field_selector{};
  std::string resource_version{};  // "" = list first and deliver the current objects as ADDED
  std::chrono::milliseconds timeout{0};  // 0 = until the handler returns false
};

struct DeleteOptions {
  std::string propagation_policy = "Background";  // Foreground | Background | Orphan
  bool dry_run = false;
};

// "Kind namespace/name" or "Kind name".
std::string display_name(const nlohmann::json& object);

// "created", "configured", "unchanged" or "failed", as printed by `cococtl apply`.
std::string_view to_string(ApplyOutcome outcome);

class Cluster {
 public:
  // Loads the kubeconfig (see load_rest_config: exit 3 on bad files) and prepares the
  // connection; no request is made yet.
  static util::Result<std::unique_ptr<Cluster>> connect(const ConnectOptions& options);
  ~Cluster();
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  // The resolved kubeconfig context this cluster talks to.
  const RestConfig& config() const;
  // The context's namespace ("default" when unset): used for namespaced objects without one.
  const std::string& default_namespace() const;

  // Discovery lookup; fails with "no matches for kind" after one refresh.
  util::Result<ResourceInfo> resource_for(const std::string& api_version, const std::string& kind);
  // Every resource type the server serves.
  util::Result<std::vector<ResourceInfo>> resources();
  // Runs discovery again (after CRDs change).
  util::Result<void> refresh_discovery();

  // Server-side applies one object. Never throws; failures are ApplyOutcome::error results.
  ApplyResult apply_one(const nlohmann::json& object, const ApplyOptions& options);
  // Applies many: Namespaces and CRDs first, then (after those CRDs are Established and
  // discovery refreshed) everything else, `options.concurrency` at a time. Results follow input order.
  std::vector<ApplyResult> apply(const std::vector<nlohmann::json>& objects, const ApplyOptions& options);

  // The object, or nullopt when it does not exist (404). `ns` "" = the default namespace.
  util::Result<std::optional<nlohmann::json>> get(const std::string& api_version, const std::string& kind,
                                                  const std::string& ns, const std::string& name);
  // GET of the status subresource (the whole object with its status).
  util::Result<nlohmann::json> get_status(const std::string& api_version, const std::string& kind,
                                          const std::string& ns, const std::string& name);
  // Every matching object, following `continue` tokens. `ns` "" = all namespaces.
  util::Result<ListResult> list(const std::string& api_version, const std::string& kind, const std::string& ns,
                                const ListOptions& options = {});
  // Streams changes to `handler` until it returns false, the timeout passes (ok), or an error.
  // Bookmarks advance the resume point silently; a 410 (expired history) relists and resumes;
  // dropped streams are resumed from the last resourceVersion.
  util::Result<void> watch(const std::string& api_version, const std::string& kind, const std::string& ns,
                           const WatchOptions& options, const std::function<bool(const WatchEvent&)>& handler);
  // Deletes an object; false when it was already gone.
  util::Result<bool> remove(const std::string& api_version, const std::string& kind, const std::string& ns,
                            const std::string& name, const DeleteOptions& options = {});

  // Any other API call: `request.url` is a path; identity and retries are handled.
  util::Result<net::Response> raw(net::Request request, bool idempotent);

  class Impl;

 private:
  explicit Cluster(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace cococtl::kube
