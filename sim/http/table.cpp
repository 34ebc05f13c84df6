#include "sim/http/table.hpp"

#include <regex>

namespace cococtl::sim {
namespace {

std::vector<json> find_json_path(const json& object, const std::string& path);

json column_definition(const Column& c) {
  return {{"name", c.name}, {"type", c.type}, {"format", c.format}, {"description", c.description},
          {"priority", c.priority}};
}

std::vector<Column> effective_columns(const ResourceType& type) {
  if (!type.columns.empty()) return type.columns;
  Column created;
  created.name = "Created At";
  created.type = "date";
  created.json_path = ".metadata.creationTimestamp";
  created.description = "CreationTimestamp is a timestamp representing the server time when this object was created.";
  return {created};
}

json cell_value(const Column& c, const json& object) {
  if (c.cell) return c.cell(object);
  const auto found = find_json_path(object, c.json_path);
  if (found.empty()) return nullptr;
  // A field that is there but null prints as Go's text/template prints a nil ("<no value>").
  if (found.size() == 1 && found[0].is_null()) return c.type == "string" ? json("<no value>") : json(nullptr);
  json value = found.size() == 1 ? found[0] : json(found);
  if (c.type == "date" && value.is_string() && c.name != "Created At") {
    const auto when = parse_time(value.get<std::string>());
    return when ? json(human_duration(sim_now() - *when)) : value;
  }
  if (value.is_array() || value.is_object()) return value.dump();
  return value;
}

json row_object(const json& object, const std::string& include_object) {
  if (include_object == "None") return nullptr;
  if (include_object == "Object") return object;
  return {{"kind", "PartialObjectMetadata"}, {"apiVersion", "meta.k8s.io/v1"}, {"metadata", object["metadata"]}};
}

void step(const json& current, const std::string& rest, std::vector<json>& out);

void step_filter(const json& current, const std::string& rest, std::vector<json>& out) {
  static const std::regex k_filter(R"(\[\?\(@\.([A-Za-z0-9_.]+)\s*==\s*["']([^"']*)["']\)\](.*))");
  std::smatch m;
  if (!std::regex_match(rest, m, k_filter) || !current.is_array()) return;
  for (const auto& item : current) {
    std::vector<json> probe;
    step(item, "." + m[1].str(), probe);
    if (!probe.empty() && probe[0].is_string() && probe[0].get<std::string>() == m[2].str()) step(item, m[3].str(), out);
  }
}

void step(const json& current, const std::string& rest, std::vector<json>& out) {
  if (rest.empty()) {
    out.push_back(current);
    return;
  }
  if (rest.rfind("[?(", 0) == 0) return step_filter(current, rest, out);
  if (rest.rfind("[*]", 0) == 0) {
    if (current.is_array()) {
      for (const auto& item : current) step(item, rest.substr(3), out);
    }
    return;
  }
  if (rest[0] == '[') {
    const auto close = rest.find(']');
    if (close == std::string::npos || !current.is_array()) return;
    const auto index = std::stoul(rest.substr(1, close - 1));
    if (index < current.size()) step(current[index], rest.substr(close + 1), out);
    return;
  }
  if (rest[0] != '.') return;
  // A key runs to the next unescaped '.' or '['; an escaped dot belongs to the key (annotation names).
  std::string key;
  std::size_t end = 1;
  for (; end < rest.size() && rest[end] != '.' && rest[end] != '['; ++end) {
    if (rest[end] == '\\' && end + 1 < rest.size()) ++end;
    key += rest[end];
  }
  if (current.is_object() && current.contains(key)) step(current[key], rest.substr(end), out);
}

std::vector<json> find_json_path(const json& object, const std::string& path) {
  std::string p = path;
  if (p.size() >= 2 && p.front() == '{' && p.back() == '}') p = p.substr(1, p.size() - 2);
  std::vector<json> found;
  try {
    step(object, p, found);
  } catch (const std::exception&) {
    return {};
  }
  return found;
}

}  // namespace

json evaluate_json_path(const json& object, const std::string& path) {
  const auto found = find_json_path(object, path);
  if (found.empty()) return nullptr;
  return found.size() == 1 ? found[0] : json(found);
}

json to_table(const ResourceType& type, const json& objects, const json& list_metadata,
              const std::string& include_object, const std::string& api_version) {
  const auto columns = effective_columns(type);
  json definitions = json::array({{{"name", "Name"}, {"type", "string"}, {"format", "name"},
                                   {"description", "Name must be unique within a namespace."}, {"priority", 0}}});
  for (const auto& c : columns) definitions.push_back(column_definition(c));
  json rows = json::array();
  for (const auto& object : objects) {
    json cells = json::array({string_at(object, {"metadata", "name"})});
    for (const auto& c : columns) cells.push_back(cell_value(c, object));
    json row = {{"cells", cells}};
    json embedded = row_object(object, include_object);
    if (!embedded.is_null()) row["object"] = embedded;
    rows.push_back(std::move(row));
  }
  return {{"kind", "Table"}, {"apiVersion", api_version}, {"metadata", list_metadata},
          {"columnDefinitions", definitions}, {"rows", rows}};
}

}  // namespace cococtl::sim
