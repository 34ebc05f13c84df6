#pragma once
// A connection to one Kubernetes/OpenShift API server plus its kind -> resource mapper:
// server-side apply, get, list, watch, delete. Objects are nlohmann::json documents.

#include <cococtl/kube/kubeconfig.hpp>
#include <cococtl/kube/resource.hpp>
#include <cococtl/kube/status.hpp>
#include <cococtl/manifest/object.hpp>
#include <cococtl/net/http.hpp>
#include <cococtl/net/retry.hpp>
#include <cococtl/util/result.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <set>
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
  // Stamp each body with its digest (annotation cococtl.io/applied-digest) and send nothing for
  // an object whose live state already holds that body, digest and field manager: the outcome is
  // `unchanged` with no request (src/kube/applied.hpp says when that is safe).
  bool skip_unchanged = false;
  // Dry run only: what this run creates before the batch, so objects depending on it are
  // reported as "created, not validated" instead of failing: (group, kind) pairs whose CRD is
  // new, and namespaces that do not exist yet.
  std::set<std::pair<std::string, std::string>> created_kinds{};
  std::set<std::string> created_namespaces{};
};

struct ApplyResult {
  ApplyOutcome outcome = ApplyOutcome::error;
  std::string display;          // "Deployment ns/name"
  nlohmann::json object{};      // the server's answer (the applied object)
  std::string message{};        // why it failed, or a note
  std::vector<StatusCause> conflicts{};  // 409 field-manager conflicts
  nlohmann::json live{};        // the object as it was before the apply (null: absent or unknown)
  int http_status = 0;          // of the apply request; 0 when none was sent
};

// Called once per object as soon as its apply finished (from apply()'s worker threads, one call
// at a time): `index` into the objects given to apply().
using ApplyCallback = std::function<void(std::size_t index, const ApplyResult& result)>;

struct ListOptions {
  std::string label_selector{};
  std::string field_selector{};
  int limit = 500;  // page size; every page is fetched
};

struct ListResult {
  std::vector<nlohmann::json> items;
  std::string resource_version;  // of the list, to start a watch from
};

// `synced` comes once, after the ADDED events of the initial list: from then on the handler has
// seen every object that existed when the watch started (object is null).
enum class WatchEventType { added, modified, deleted, synced };

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
  std::function<bool()> cancelled{};      // polled about once a second: true ends the watch (ok)
};

struct DeleteOptions {
  std::string propagation_policy = "Background";  // Foreground | Background | Orphan
  bool dry_run = false;
  std::string uid{};  // precondition: delete only this incarnation of the object (409 otherwise)
};

enum class PatchType { merge, json };

// What a SelfSubjectAccessReview answered for one verb on one resource.
struct Access {
  bool allowed = false;
  std::string reason;  // the authorizer's reason or evaluation error, when it gave one
};

// Pass as `ns` to list() or watch() to cover every namespace.
inline constexpr const char* k_all_namespaces = "*";

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
  // The context's namespace ("default" when unset). Every call taking `ns` uses it when `ns` is
  // "" and the kind is namespaced (kubectl's convention); `ns` is ignored for cluster-scoped kinds.
  const std::string& default_namespace() const;

  // Discovery lookup; fails with "no matches for kind" after one refresh.
  util::Result<ResourceInfo> resource_for(const std::string& api_version, const std::string& kind);
  // Every resource type the server serves.
  util::Result<std::vector<ResourceInfo>> resources();
  // Runs discovery again (after CRDs change).
  util::Result<void> refresh_discovery();

  // Server-side applies one object. Never throws; failures are ApplyOutcome::error results.
  ApplyResult apply_one(const nlohmann::json& object, const ApplyOptions& options);
  // Applies the batch it is given, `options.concurrency` at a time, in no particular order:
  // ordering between batches is the caller's (manifest::apply_groups). Reads the live objects
  // first (to report created/configured/unchanged and for diffs). Results follow input order;
  // `on_result` sees each as it completes. After SIGINT the remaining objects are not applied
  // (their results say so).
  std::vector<ApplyResult> apply(const std::vector<manifest::Object>& objects, const ApplyOptions& options,
                                 const ApplyCallback& on_result = {});
  // The live state of each object (one LIST per collection with several objects, else GETs),
  // in input order: the object, or null when it does not exist or its kind is not served.
  // Fails when the cluster cannot be read.
  util::Result<std::vector<nlohmann::json>> read_live(const std::vector<manifest::Object>& objects);
  // Waits (with a watch) until the named CRDs are Established, then refreshes discovery until
  // their kinds are served. Fails naming the CRDs still missing after `timeout` (timed_out), or
  // on the first CRD whose NamesAccepted is False (its message).
  util::Result<void> wait_established(const std::vector<std::string>& crd_names, std::chrono::milliseconds timeout);

  // The object, or nullopt when it does not exist (404). `ns` "" = the default namespace.
  util::Result<std::optional<nlohmann::json>> get(const std::string& api_version, const std::string& kind,
                                                  const std::string& ns, const std::string& name);
  // GET of the status subresource (the whole object with its status).
  util::Result<nlohmann::json> get_status(const std::string& api_version, const std::string& kind,
                                          const std::string& ns, const std::string& name);
  // Every matching object, following `continue` tokens. `ns` k_all_namespaces = every namespace.
  util::Result<ListResult> list(const std::string& api_version, const std::string& kind, const std::string& ns,
                                const ListOptions& options = {});
  // Streams changes to `handler` until it returns false, the timeout passes (ok), or an error.
  // Bookmarks advance the resume point silently; a 410 (expired history) relists and resumes;
  // dropped streams are resumed from the last resourceVersion.
  util::Result<void> watch(const std::string& api_version, const std::string& kind, const std::string& ns,
                           const WatchOptions& options, const std::function<bool(const WatchEvent&)>& handler);
  // Deletes an object; false when it was already gone. With `options.uid` a different
  // incarnation of the name is left alone (false).
  util::Result<bool> remove(const std::string& api_version, const std::string& kind, const std::string& ns,
                            const std::string& name, const DeleteOptions& options = {});
  // Waits (with a watch) until the object is gone (or, with `uid`, until that incarnation is
  // gone). Fails with timed_out naming the object and its finalizers after `timeout`.
  util::Result<void> wait_gone(const std::string& api_version, const std::string& kind, const std::string& ns,
                               const std::string& name, const std::string& uid, std::chrono::milliseconds timeout);
  // Patches an object (merge patch or JSON patch; never conflicts with field managers, e.g. to
  // approve an InstallPlan whose spec.approved the catalog operator owns). Returns the result.
  util::Result<nlohmann::json> patch(const std::string& api_version, const std::string& kind, const std::string& ns,
                                     const std::string& name, const nlohmann::json& patch, PatchType type,
                                     bool dry_run = false);
  // SelfSubjectAccessReview: may the current identity `verb` the resource `group`/`resource` in
  // `ns` ("" = cluster-wide)? Fails only when the review itself cannot be made.
  util::Result<Access> can_i(const std::string& verb, const std::string& group, const std::string& resource,
                             const std::string& ns);

  // GET /api/v1/namespaces/<ns>/services/<service>/proxy/<path> through the API server's service
  // proxy (`service` may be "name:port"). A 503 "no endpoints available" (the Service has no ready
  // pod) is returned at once; other retryable statuses and transport errors are retried as any
  // GET. Any HTTP status is a result (404: no such Service; 503: not serving); fails on transport
  // errors once retries are spent (timed_out after `timeout`).
  util::Result<net::Response> proxy_get(const std::string& ns, const std::string& service, const std::string& path,
                                        std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // Any other API call: `request.url` is a path; identity and retries are handled.
  util::Result<net::Response> raw(net::Request request, bool idempotent);

  class Impl;

 private:
  explicit Cluster(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace cococtl::kube
