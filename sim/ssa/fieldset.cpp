#include "sim/ssa/fieldset.hpp"

namespace cococtl::sim {
namespace {

std::string element_to_string(const std::string& element) {
  const std::string body = element.size() > 2 ? element.substr(2) : "";
  switch (element.empty() ? ' ' : element[0]) {
    case 'f': return "." + body;
    case 'i': return "[" + body + "]";
    case 'v': return "[=" + body + "]";
    case 'k': {
      const auto keys = json::parse(body, nullptr, false);
      if (!keys.is_object()) return "[" + body + "]";
      std::string out;
      for (const auto& [name, value] : keys.items()) out += (out.empty() ? "" : ",") + name + "=" + value.dump();
      return "[" + out + "]";
    }
    default: return element;
  }
}

}  // namespace

std::string path_to_string(const FieldPath& path) {
  std::string out;
  for (const auto& element : path) out += element_to_string(element);
  return out;
}

FieldSet FieldSet::from_fields_v1(const json& fields) {
  FieldSet set;
  if (!fields.is_object()) return set;
  for (const auto& [key, value] : fields.items()) {
    if (key == ".") {
      set.m_member = true;
      continue;
    }
    FieldSet child = from_fields_v1(value);
    if (child.m_children.empty()) child.m_member = true;  // a leaf `{}` is the path itself
    set.m_children[key] = std::move(child);
  }
  return set;
}

json FieldSet::to_fields_v1() const {
  json out = json::object();
  if (m_member && !m_children.empty()) out["."] = json::object();
  for (const auto& [key, child] : m_children) out[key] = child.to_fields_v1();
  return out;
}

void FieldSet::insert(const FieldPath& path) {
  FieldSet* node = this;
  for (const auto& element : path) node = &node->m_children[element];
  node->m_member = true;
}

bool FieldSet::contains(const FieldPath& path) const {
  const FieldSet* node = this;
  for (const auto& element : path) {
    const auto it = node->m_children.find(element);
    if (it == node->m_children.end()) return false;
    node = &it->second;
  }
  return node->m_member;
}

bool FieldSet::has_members_below(const FieldPath& path) const {
  const FieldSet* node = this;
  for (const auto& element : path) {
    const auto it = node->m_children.find(element);
    if (it == node->m_children.end()) return false;
    node = &it->second;
  }
  return !node->m_children.empty();
}

FieldSet FieldSet::united(const FieldSet& other) const {
  FieldSet out = *this;
  out.m_member = m_member || other.m_member;
  for (const auto& [key, child] : other.m_children) {
    const auto it = out.m_children.find(key);
    out.m_children[key] = it == out.m_children.end() ? child : it->second.united(child);
  }
  return out;
}

FieldSet FieldSet::minus(const FieldSet& other) const {
  FieldSet out;
  out.m_member = m_member && !other.m_member;
  for (const auto& [key, child] : m_children) {
    const auto it = other.m_children.find(key);
    FieldSet rest = it == other.m_children.end() ? child : child.minus(it->second);
    if (!rest.empty()) out.m_children[key] = std::move(rest);
  }
  return out;
}

FieldSet FieldSet::intersected(const FieldSet& other) const {
  FieldSet out;
  out.m_member = m_member && other.m_member;
  for (const auto& [key, child] : m_children) {
    const auto it = other.m_children.find(key);
    if (it == other.m_children.end()) continue;
    FieldSet both = child.intersected(it->second);
    if (!both.empty()) out.m_children[key] = std::move(both);
  }
  return out;
}

std::vector<FieldPath> FieldSet::members() const {
  std::vector<FieldPath> out;
  FieldPath prefix;
  collect(prefix, out);
  return out;
}

void FieldSet::collect(FieldPath& prefix, std::vector<FieldPath>& out) const {
  if (m_member) out.push_back(prefix);
  for (const auto& [key, child] : m_children) {
    prefix.push_back(key);
    child.collect(prefix, out);
    prefix.pop_back();
  }
}

}  // namespace cococtl::sim
