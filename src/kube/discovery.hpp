#pragma once
// API discovery: aggregated (apidiscovery.k8s.io/v2) with fallback to the legacy per-group
// lists, and the mapper from (apiVersion, kind) to resource built on it.

#include "connection.hpp"

#include <cococtl/kube/resource.hpp>

#include <chrono>
#include <map>
#include <mutex>
#include <tuple>
#include <vector>

namespace cococtl::kube::detail {

// Every resource type the server serves (subresources excluded). Fails on transport errors
// or when /api cannot be read.
util::Result<std::vector<ResourceInfo>> discover(Connection& connection);

class Mapper {
 public:
  explicit Mapper(Connection& connection) : m_connection(connection) {}

  // The resource for `api_version` + `kind`. Discovery runs on first use (or comes from the
  // process-wide cache another Cluster for the same server and user filled); a miss triggers one
  // fresh discovery (at most every few seconds) before failing with "no matches for kind".
  util::Result<ResourceInfo> find(const std::string& api_version, const std::string& kind);

  // Forgets everything and runs discovery again (after a CRD becomes Established).
  util::Result<void> refresh();

  // Every known resource (runs discovery on first use).
  util::Result<std::vector<ResourceInfo>> all();

 private:
  using Key = std::tuple<std::string, std::string, std::string>;  // group, version, kind
  util::Result<void> refresh_locked(bool use_cache);

  Connection& m_connection;
  std::mutex m_mutex;
  std::map<Key, ResourceInfo> m_by_kind;
  bool m_loaded = false;
  std::chrono::steady_clock::time_point m_loaded_at{};
};

}  // namespace cococtl::kube::detail
