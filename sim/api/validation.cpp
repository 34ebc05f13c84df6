#include "sim/api/validation.hpp"

#include <fmt/format.h>

#include <regex>

namespace cococtl::sim {
namespace {

std::string join_field(const std::string& base, const std::string& key) { return base.empty() ? key : base + "." + key; }

std::string json_type_name(const json& value) {
  if (value.is_string()) return "string";
  if (value.is_boolean()) return "boolean";
  if (value.is_number_integer() || value.is_number_unsigned()) return "integer";
  if (value.is_number()) return "number";
  if (value.is_object()) return "object";
  return value.is_array() ? "array" : "null";
}

bool type_matches(const std::string& want, const json& value) {
  if (want.empty() || value.is_null()) return true;
  if (want == "integer") return value.is_number_integer() || value.is_number_unsigned();
  if (want == "number") return value.is_number();
  return json_type_name(value) == want;
}

// "[name=\"c\"]" or "[containerPort=80,protocol=\"TCP\"]" for an item of a list-map; "[i]" otherwise.
std::string item_selector(const json& item, const SchemaNode& list, std::size_t index) {
  const auto keys = list.list_keys();
  if (keys.empty() || !item.is_object()) return fmt::format("[{}]", index);
  std::string out;
  for (const auto& key : keys) {
    if (!item.contains(key)) continue;
    out += (out.empty() ? "" : ",") + key + "=" + item[key].dump();
  }
  return out.empty() ? fmt::format("[{}]", index) : "[" + out + "]";
}

void check(const json& value, const SchemaNode& node, const std::string& field, const std::string& keyed,
           std::vector<SchemaIssue>& out) {
  const json* s = node.raw();
  if (s == nullptr) return;
  const std::string want = s->value("type", "");
  if (!s->value("x-kubernetes-int-or-string", false) && !type_matches(want, value)) {
    const std::string got = json_type_name(value);
    out.push_back({SchemaIssue::Kind::wrong_type, field,
                   fmt::format("Invalid value: \"{}\": {} in body must be of type {}: \"{}\"", got, field, want, got),
                   keyed});
    return;
  }
  if (const auto e = s->find("enum"); e != s->end() && e->is_array() && !value.is_null()) {
    if (std::find(e->begin(), e->end(), value) == e->end()) {
      out.push_back({SchemaIssue::Kind::not_in_enum, field,
                     fmt::format("Unsupported value: {}: supported values: {}", value.dump(), e->dump()), keyed});
    }
  }
  if (value.is_object()) {
    for (const auto& name : s->value("required", std::vector<std::string>{})) {
      if (!value.contains(name)) {
        out.push_back({SchemaIssue::Kind::required, join_field(field, name), "Required value", join_field(keyed, name)});
      }
    }
    for (const auto& [key, child] : value.items()) {
      const std::string child_field = join_field(field, key);
      if (!node.declares(key) && !node.allows_unknown_fields()) {
        out.push_back({SchemaIssue::Kind::unknown_field, child_field, fmt::format("unknown field \"{}\"", child_field),
                       join_field(keyed, key)});
        continue;
      }
      check(child, node.field(key), child_field, join_field(keyed, key), out);
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      check(value[i], node.items(), fmt::format("{}[{}]", field, i), keyed + item_selector(value[i], node, i), out);
    }
  }
}

}  // namespace

std::vector<SchemaIssue> check_schema(const json& value, const SchemaNode& schema) {
  std::vector<SchemaIssue> out;
  check(value, schema, "", "", out);
  return out;
}

void drop_unknown_fields(json& value, const SchemaNode& schema) {
  if (!schema.known()) return;
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end();) {
      if (!schema.declares(it.key()) && !schema.allows_unknown_fields()) {
        it = value.erase(it);
      } else {
        drop_unknown_fields(it.value(), schema.field(it.key()));
        ++it;
      }
    }
  } else if (value.is_array()) {
    for (auto& item : value) drop_unknown_fields(item, schema.items());
  }
}

bool is_dns_subdomain(const std::string& name) {
  static const std::regex k_subdomain(R"([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)");
  return !name.empty() && name.size() <= 253 && std::regex_match(name, k_subdomain);
}

bool is_dns_label(const std::string& name) {
  static const std::regex k_label(R"([a-z0-9]([-a-z0-9]*[a-z0-9])?)");
  return !name.empty() && name.size() <= 63 && std::regex_match(name, k_label);
}

}  // namespace cococtl::sim
