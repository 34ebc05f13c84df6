#pragma once
// Sets of field paths in the managedFields "FieldsV1" trie format: `f:<field>`,
// `k:<key fields as JSON>` (an item of a map-typed list), `v:<JSON value>` (an item of a set),
// `i:<index>` and `.` (the node itself).

#include "sim/common/json_util.hpp"

#include <map>
#include <string>
#include <vector>

namespace cococtl::sim {

using FieldPath = std::vector<std::string>;

// ".spec.containers[name=\"c\"].image", as conflict messages print a path.
std::string path_to_string(const FieldPath& path);

class FieldSet {
 public:
  // Parses a fieldsV1 object; malformed parts are ignored.
  static FieldSet from_fields_v1(const json& fields);
  json to_fields_v1() const;

  void insert(const FieldPath& path);
  bool contains(const FieldPath& path) const;
  // True when some member lies strictly below `path`.
  bool has_members_below(const FieldPath& path) const;
  bool empty() const { return !m_member && m_children.empty(); }

  FieldSet united(const FieldSet& other) const;
  FieldSet minus(const FieldSet& other) const;
  FieldSet intersected(const FieldSet& other) const;
  // Every member path, parents before children.
  std::vector<FieldPath> members() const;

  bool operator==(const FieldSet& other) const = default;

 private:
  void collect(FieldPath& prefix, std::vector<FieldPath>& out) const;

  bool m_member = false;
  std::map<std::string, FieldSet> m_children;
};

}  // namespace cococtl::sim
