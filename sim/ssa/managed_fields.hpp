#pragma once
// managedFields: who owns which fields, and the two ways ownership changes: server-side apply
// (conflicts unless forced, fields a manager stops applying are removed) and updates (PUT and
// non-apply patches take over what they change, silently).

#include "sim/ssa/fieldset.hpp"
#include "sim/schema/schema_node.hpp"

#include <string>
#include <vector>

namespace cococtl::sim {

struct ManagedEntry {
  std::string manager;
  std::string operation;  // "Apply" or "Update"
  std::string api_version;
  std::string time;
  std::string subresource;
  FieldSet fields;

  bool same_owner(const ManagedEntry& other) const {
    return manager == other.manager && operation == other.operation && subresource == other.subresource;
  }
};

using Managers = std::vector<ManagedEntry>;

Managers decode_managed_fields(const json& list);
// The metadata.managedFields list (Apply entries first, then by time and manager).
json encode_managed_fields(const Managers& managers);

// The part of `object` whose ownership is tracked by an operation on `subresource` ("" or
// "status"): identity and server-set metadata are never owned; for kinds with a status
// subresource, the main resource owns everything but status and /status owns only status.
json tracked_part(const json& object, bool status_subresource_type, const std::string& subresource);

struct ApplyRequest {
  const json& live;    // the current object (a skeleton with apiVersion/kind/metadata when creating)
  const json& config;  // the applied configuration
  Managers managers;
  std::string manager;
  std::string api_version;
  std::string subresource;
  bool force = false;
  bool status_subresource_type = false;
  SchemaNode schema;
};

struct ApplyConflict {
  std::string manager;  // printed as conflict messages print it: "\"kubectl\"", "\"x\" using v1"
  FieldPath path;
};

struct ApplyResult {
  json object;
  Managers managers;
  std::vector<ApplyConflict> conflicts;  // non-empty: nothing was applied (unless forced)
};

// Server-side apply of `request.config` by `request.manager`.
ApplyResult apply_configuration(const ApplyRequest& request);

// Ownership after an update by `manager` changed `before` into `after`.
Managers record_update(const json& before, const json& after, Managers managers, const std::string& manager,
                       const std::string& api_version, const std::string& subresource,
                       bool status_subresource_type, const SchemaNode& schema);

}  // namespace cococtl::sim
