// Strategic merge patch (what `kubectl patch` and client-side `kubectl apply` send), on top of
// the schema's list keys: maps merge, keyed lists merge item by item, and the directives
// $patch (delete/replace/merge), $setElementOrder, $deleteFromPrimitiveList and $retainKeys.
#include "sim/ssa/typed_ops.hpp"

namespace cococtl::sim {
namespace {

bool is_directive(const std::string& key) { return !key.empty() && key[0] == '$'; }

json merge_list(const json& live, const json& patch, const SchemaNode& node) {
  const NodeKind kind = node.kind_for(patch);
  if (kind != NodeKind::list_map && kind != NodeKind::list_set) return patch;  // atomic: replace
  json out = live.is_array() ? live : json::array();
  for (std::size_t i = 0; i < patch.size(); ++i) {
    const json& item = patch[i];
    const std::string element = list_item_element(item, node, kind, i);
    auto match = out.end();
    for (auto it = out.begin(); it != out.end(); ++it) {
      if (list_item_element(*it, node, kind, 0) == element) match = it;
    }
    const std::string directive = item.is_object() ? item.value("$patch", "") : "";
    if (directive == "delete") {
      if (match != out.end()) out.erase(match);
    } else if (match != out.end()) {
      *match = strategic_merge(*match, item, node.items());
    } else {
      out.push_back(strategic_merge(json::object(), item, node.items()));
    }
  }
  return out;
}

}  // namespace

json strategic_merge(const json& live, const json& patch, const SchemaNode& node) {
  if (patch.is_array()) return merge_list(live, patch, node);
  if (!patch.is_object()) return patch;
  const std::string directive = patch.value("$patch", "");
  if (directive == "delete") return nullptr;
  json out = directive == "replace" || !live.is_object() ? json::object() : live;
  for (const auto& [key, value] : patch.items()) {
    if (key.rfind("$deleteFromPrimitiveList/", 0) == 0) {
      const std::string list = key.substr(key.find('/') + 1);
      if (!out.contains(list) || !out[list].is_array()) continue;
      json kept = json::array();
      for (const auto& v : out[list]) {
        if (std::find(value.begin(), value.end(), v) == value.end()) kept.push_back(v);
      }
      out[list] = kept;
      continue;
    }
    if (is_directive(key)) continue;  // $setElementOrder, $retainKeys, $patch
    if (value.is_null()) {
      out.erase(key);
      continue;
    }
    json merged = strategic_merge(out.contains(key) ? out[key] : json(nullptr), value, node.field(key));
    if (merged.is_null()) out.erase(key); else out[key] = std::move(merged);
  }
  return out;
}

}  // namespace cococtl::sim
