#include "sim/ssa/typed_ops.hpp"

#include <fmt/format.h>

#include <set>

namespace cococtl::sim {
namespace {

bool is_list_kind(NodeKind k) { return k == NodeKind::list_map || k == NodeKind::list_set; }
bool is_map_kind(NodeKind k) { return k == NodeKind::structure || k == NodeKind::map; }

FieldPath child_path(const FieldPath& path, std::string element) {
  FieldPath out = path;
  out.push_back(std::move(element));
  return out;
}

void collect_fields(const json& value, const SchemaNode& node, const FieldPath& path, FieldSet& out) {
  const NodeKind kind = node.kind_for(value);
  if (value.is_null() || kind == NodeKind::scalar || kind == NodeKind::atomic) {
    out.insert(path);
    return;
  }
  if (is_map_kind(kind) && value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      const FieldPath p = child_path(path, "f:" + key);
      collect_fields(child, node.field(key), p, out);
      if (child.is_null() || (child.is_object() && child.empty()) || !node.declares(key)) out.insert(p);
    }
    return;
  }
  if (is_list_kind(kind) && value.is_array()) {
    const SchemaNode items = node.items();
    for (std::size_t i = 0; i < value.size(); ++i) {
      const FieldPath p = child_path(path, list_item_element(value[i], node, kind, i));
      collect_fields(value[i], items, p, out);
      out.insert(p);
    }
    return;
  }
  out.insert(path);  // the value does not have the shape the schema says: own it whole
}

using ItemIndex = std::vector<std::pair<std::string, const json*>>;

ItemIndex index_items(const json& list, const SchemaNode& node, NodeKind kind) {
  ItemIndex out;
  if (!list.is_array()) return out;
  for (std::size_t i = 0; i < list.size(); ++i) out.emplace_back(list_item_element(list[i], node, kind, i), &list[i]);
  return out;
}

const json* find_item(const ItemIndex& index, const std::string& element) {
  for (const auto& [e, item] : index) {
    if (e == element) return item;
  }
  return nullptr;
}

json merge_lists(const json& live, const json& config, const SchemaNode& node, NodeKind kind) {
  const ItemIndex live_items = index_items(live, node, kind);
  const ItemIndex config_items = index_items(config, node, kind);
  const SchemaNode items = node.items();
  json out = json::array();
  std::set<std::string> emitted;
  std::size_t next = 0;
  auto emit_config_until = [&](const std::string* stop) {
    while (next < config_items.size()) {
      const auto& [element, item] = config_items[next++];
      if (!emitted.insert(element).second) continue;
      const json* existing = find_item(live_items, element);
      out.push_back(existing != nullptr ? merge_values(*existing, *item, items) : *item);
      if (stop != nullptr && element == *stop) return;
    }
  };
  for (const auto& [element, item] : live_items) {
    if (emitted.count(element) != 0) continue;
    if (find_item(config_items, element) == nullptr) {
      out.push_back(*item);
      emitted.insert(element);
    } else {
      emit_config_until(&element);
    }
  }
  emit_config_until(nullptr);
  return out;
}

void compare_into(const json* before, const json* after, const SchemaNode& node, const FieldPath& path,
                  Comparison& out) {
  if (before == nullptr && after == nullptr) return;
  if (before == nullptr || after == nullptr) {
    FieldSet& target = before == nullptr ? out.added : out.removed;
    const json& value = before == nullptr ? *after : *before;
    // Struct fields are not members themselves (only what they hold); maps, lists and leaves are.
    if (!value.is_object() || node.kind_for(value) != NodeKind::structure) target.insert(path);
    collect_fields(value, node, path, target);
    return;
  }
  const NodeKind kind = node.kind_for(*after);
  if (is_map_kind(kind) && before->is_object() && after->is_object()) {
    std::set<std::string> keys;
    for (const auto& [k, v] : before->items()) keys.insert(k);
    for (const auto& [k, v] : after->items()) keys.insert(k);
    for (const auto& key : keys) {
      const json* b = before->contains(key) ? &(*before)[key] : nullptr;
      const json* a = after->contains(key) ? &(*after)[key] : nullptr;
      compare_into(b, a, node.field(key), child_path(path, "f:" + key), out);
    }
    return;
  }
  if (is_list_kind(kind) && before->is_array() && after->is_array()) {
    const ItemIndex b_items = index_items(*before, node, kind);
    const ItemIndex a_items = index_items(*after, node, kind);
    std::set<std::string> elements;
    for (const auto& [e, item] : b_items) elements.insert(e);
    for (const auto& [e, item] : a_items) elements.insert(e);
    for (const auto& element : elements) {
      compare_into(find_item(b_items, element), find_item(a_items, element), node.items(),
                   child_path(path, element), out);
    }
    return;
  }
  if (*before != *after) out.modified.insert(path);
}

json* step_into(json& current, const std::string& element) {
  const std::string body = element.substr(2);
  if (element.rfind("f:", 0) == 0) {
    return current.is_object() && current.contains(body) ? &current[body] : nullptr;
  }
  if (!current.is_array()) return nullptr;
  if (element.rfind("i:", 0) == 0) {
    const std::size_t i = std::stoul(body);
    return i < current.size() ? &current[i] : nullptr;
  }
  const json wanted = json::parse(body, nullptr, false);
  for (auto& item : current) {
    if (element[0] == 'v' && item == wanted) return &item;
    if (element[0] != 'k' || !item.is_object() || !wanted.is_object()) continue;
    bool same = true;
    for (const auto& [key, value] : wanted.items()) same = same && item.contains(key) && item[key] == value;
    if (same) return &item;
  }
  return nullptr;
}

}  // namespace

std::string list_item_element(const json& item, const SchemaNode& list_node, NodeKind kind, std::size_t index) {
  if (kind == NodeKind::list_set) return "v:" + item.dump();
  json keys = json::object();
  if (item.is_object()) {
    const SchemaNode items = list_node.items();
    for (const auto& key : list_node.list_keys()) {
      const json* key_schema = items.field(key).raw();
      if (item.contains(key)) {
        keys[key] = item[key];
      } else if (!keys.empty() && key_schema != nullptr && key_schema->contains("default")) {
        keys[key] = (*key_schema)["default"];  // the key the server will default it to
      }
    }
  }
  return keys.empty() ? "i:" + std::to_string(index) : "k:" + keys.dump();
}

FieldSet field_set_of(const json& value, const SchemaNode& node) {
  FieldSet out;
  if (value.is_object()) {
    collect_fields(value, node, {}, out);
  }
  return out;
}

json merge_values(const json& live, const json& config, const SchemaNode& node) {
  const NodeKind kind = node.kind_for(config);
  if (is_map_kind(kind) && live.is_object() && config.is_object()) {
    json out = live;
    for (const auto& [key, value] : config.items()) {
      if (value.is_null()) {
        out.erase(key);
      } else {
        out[key] = out.contains(key) ? merge_values(out[key], value, node.field(key)) : value;
      }
    }
    return out;
  }
  if (is_list_kind(kind) && live.is_array() && config.is_array()) return merge_lists(live, config, node, kind);
  return config;
}

Comparison compare_values(const json& before, const json& after, const SchemaNode& node) {
  Comparison out;
  compare_into(&before, &after, node, {}, out);
  return out;
}

bool remove_path(json& root, const FieldPath& path) {
  if (path.empty()) return false;
  json* current = &root;
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    current = step_into(*current, path[i]);
    if (current == nullptr) return false;
  }
  const std::string& last = path.back();
  if (last.rfind("f:", 0) == 0) return current->is_object() && current->erase(last.substr(2)) > 0;
  json* target = step_into(*current, last);
  if (target == nullptr || !current->is_array()) return false;
  for (auto it = current->begin(); it != current->end(); ++it) {
    if (&*it == target) {
      current->erase(it);
      return true;
    }
  }
  return false;
}

std::optional<std::string> check_list_keys(const json& value, const SchemaNode& node, const std::string& path) {
  const NodeKind kind = node.kind_for(value);
  if (is_map_kind(kind) && value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      if (auto error = check_list_keys(child, node.field(key), path + "." + key)) return error;
    }
  } else if (is_list_kind(kind) && value.is_array()) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < value.size(); ++i) {
      const std::string element = list_item_element(value[i], node, kind, i);
      if (element.rfind("i:", 0) == 0) {
        return fmt::format("{}[{}]: associative list with keys has an element that omits key field(s) {}", path, i,
                           json(node.list_keys()).dump());
      }
      if (!seen.insert(element).second) return fmt::format("{}: duplicate entries for key {}", path, element.substr(2));
      if (auto error = check_list_keys(value[i], node.items(), fmt::format("{}[{}]", path, i))) return error;
    }
  }
  return std::nullopt;
}

}  // namespace cococtl::sim
