#include <cococtl/manifest/object.hpp>
#include <cococtl/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <tuple>

namespace cococtl::manifest {
namespace {

std::string string_field(const nlohmann::json& body, const nlohmann::json::json_pointer& pointer) {
  if (!body.contains(pointer)) return "";
  const auto& value = body.at(pointer);
  return value.is_string() ? value.get<std::string>() : "";
}

struct StageRange {
  Stage stage;
  std::string_view name;
  int first_wave;
};

constexpr std::array<StageRange, 6> k_stages{{{Stage::operators, "operators", 0},
                                              {Stage::secrets, "secrets", 10},
                                              {Stage::platform, "platform", 20},
                                              {Stage::trustee, "trustee", 40},
                                              {Stage::policies, "policies", 50},
                                              {Stage::workloads, "workloads", 60}}};

}  // namespace

const std::vector<Stage>& all_stages() {
  static const std::vector<Stage> k_all{Stage::operators, Stage::secrets,  Stage::platform,
                                        Stage::trustee,   Stage::policies, Stage::workloads};
  return k_all;
}

std::string_view stage_name(Stage stage) { return k_stages[static_cast<std::size_t>(stage)].name; }

std::optional<Stage> parse_stage(std::string_view name) {
  for (const auto& s : k_stages) {
    if (s.name == name) return s.stage;
  }
  return std::nullopt;
}

Stage stage_for_wave(int wave) {
  Stage stage = Stage::operators;
  for (const auto& s : k_stages) {
    if (wave >= s.first_wave) stage = s.stage;
  }
  return stage;
}

std::string Object::api_version() const { return string_field(body, "/apiVersion"_json_pointer); }
std::string Object::kind() const { return string_field(body, "/kind"_json_pointer); }
std::string Object::name() const { return string_field(body, "/metadata/name"_json_pointer); }
std::string Object::namespace_name() const { return string_field(body, "/metadata/namespace"_json_pointer); }

std::string Object::group() const {
  const std::string version = api_version();
  const auto slash = version.find('/');
  return slash == std::string::npos ? "" : version.substr(0, slash);
}

std::string Object::display() const {
  const std::string ns = namespace_name();
  const std::string k = kind().empty() ? "object" : kind();
  return ns.empty() ? fmt::format("{} {}", k, name()) : fmt::format("{} {}/{}", k, ns, name());
}

util::Result<void> check_object(const Object& object) {
  const auto fail = [&](const std::string& what) {
    return util::invalid_input(fmt::format("{}: {}: {}", object.source, object.display(), what));
  };
  if (!object.body.is_object()) return util::invalid_input(fmt::format("{}: a document is not a map", object.source));
  if (object.api_version().empty()) return fail("apiVersion is missing");
  if (object.kind().empty()) return fail("kind is missing");
  const std::string name = object.name();
  if (name.empty()) return fail("metadata.name is missing");
  if (!util::is_dns_subdomain(name)) return fail(fmt::format("metadata.name \"{}\" is not a valid name", name));
  return {};
}

util::Result<void> check_unique(const std::vector<Object>& objects) {
  std::map<std::tuple<std::string, std::string, std::string, std::string>, const Object*> seen;
  std::vector<std::string> duplicates;
  for (const auto& object : objects) {
    const auto key = std::make_tuple(object.group(), object.kind(), object.namespace_name(), object.name());
    const auto [it, inserted] = seen.emplace(key, &object);
    if (!inserted) {
      duplicates.push_back(fmt::format("{}: {} and {}", object.display(), it->second->source, object.source));
    }
  }
  if (duplicates.empty()) return {};
  return util::invalid_input(
      fmt::format("objects given more than once (applying both would race):\n  {}", util::join(duplicates, "\n  ")));
}

bool applies_first(const Object& object) {
  const std::string kind = object.kind();
  if (kind == "Namespace") return object.api_version() == "v1";
  return kind == "CustomResourceDefinition" && object.group() == "apiextensions.k8s.io";
}

void sort_for_apply(std::vector<Object>& objects) {
  const auto key = [](const Object& o) {
    return std::make_tuple(o.wave, !applies_first(o), o.kind(), o.namespace_name(), o.name());
  };
  std::stable_sort(objects.begin(), objects.end(), [&](const Object& a, const Object& b) { return key(a) < key(b); });
}

std::vector<std::vector<std::size_t>> apply_groups(const std::vector<Object>& objects) {
  std::map<std::pair<int, bool>, std::vector<std::size_t>> by_step;  // (wave, not first) -> indices
  for (std::size_t i = 0; i < objects.size(); ++i) by_step[{objects[i].wave, !applies_first(objects[i])}].push_back(i);
  std::vector<std::vector<std::size_t>> groups;
  for (auto& [step, indices] : by_step) groups.push_back(std::move(indices));
  return groups;
}

}  // namespace cococtl::manifest
