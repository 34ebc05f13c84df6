#pragma once
// A Kubernetes object as cococtl handles it: the JSON body, the apply wave and install stage it
// belongs to, and where it came from. The one apply-ordering rule lives here too.

#include <cococtl/util/result.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cococtl::manifest {

// The install stages that apply objects, in order. Waves fall into fixed ranges per stage
// (operators 0-9, secrets 10-19, platform 20-39, trustee 40-49, policies 50-59, workloads 60+),
// so an object's stage follows from its wave and the two can never disagree.
enum class Stage { operators, secrets, platform, trustee, policies, workloads };

// Every Stage, in apply order.
const std::vector<Stage>& all_stages();
// "operators", "secrets", ...
std::string_view stage_name(Stage stage);
// The stage named `name`, or nullopt.
std::optional<Stage> parse_stage(std::string_view name);
// The stage wave `wave` belongs to (negative waves count as operators).
Stage stage_for_wave(int wave);

// The annotation carrying an object's wave (rendered objects have it; `apply -f` honours it).
inline constexpr const char* k_wave_annotation = "cococtl.io/wave";
// The label carrying a rendered object's component (its template folder).
inline constexpr const char* k_component_label = "cococtl.io/component";

struct Object {
  nlohmann::json body;
  int wave = 0;           // apply order: lower waves are applied (and ready) before higher ones
  std::string source{};   // where it came from: template path or file:line, for messages
  std::string component{};  // the template folder that rendered it ("trustee"); "" for user files

  Stage stage() const { return stage_for_wave(wave); }
  std::string api_version() const;
  std::string kind() const;
  std::string name() const;
  std::string namespace_name() const;  // "" when metadata.namespace is not set
  std::string group() const;           // "" for the core group
  // "Kind namespace/name" or "Kind name", for messages.
  std::string display() const;
};

// Checks that an object is a map with apiVersion, kind and a valid metadata.name (DNS-1123
// subdomain). Scope is not checked here: it comes from the server's discovery. Fails with
// invalid_input naming `object.source`.
util::Result<void> check_object(const Object& object);

// Checks that no object is given twice (same API group, kind, namespace and name): applying both
// would race and the cluster would keep whichever landed last. Fails (invalid_input) naming
// every duplicate and both of its sources.
util::Result<void> check_unique(const std::vector<Object>& objects);

// True for objects others in the same wave need first: Namespaces and CRDs.
bool applies_first(const Object& object);

// Sorts objects into apply order: by wave, Namespaces and CRDs first within a wave, then kind,
// namespace and name. Stable and deterministic (render's output order).
void sort_for_apply(std::vector<Object>& objects);

// The one apply-ordering rule, for callers that apply in steps: groups of indices into
// `objects`, wave by wave, each wave split into its Namespaces/CRDs and the rest (empty groups
// are left out). Objects keep their relative order inside a group.
std::vector<std::vector<std::size_t>> apply_groups(const std::vector<Object>& objects);

}  // namespace cococtl::manifest
