#include "inventory.hpp"

#include <cococtl/crypto/digest.hpp>
#include <cococtl/crypto/encoding.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <set>

namespace cococtl::install {
namespace {

using json = nlohmann::json;

constexpr const char* k_id_label = "applyset.kubernetes.io/id";
constexpr const char* k_tooling = "applyset.kubernetes.io/tooling";
constexpr const char* k_group_kinds = "applyset.kubernetes.io/contains-group-kinds";
constexpr const char* k_namespaces = "applyset.kubernetes.io/additional-namespaces";
constexpr const char* k_record_key = "inventory.json.gz";

std::string group_of(const std::string& api_version) {
  const auto slash = api_version.find('/');
  return slash == std::string::npos ? "" : api_version.substr(0, slash);
}

json member_json(const Member& m) {
  return {{"apiVersion", m.api_version}, {"kind", m.kind}, {"namespace", m.ns},     {"name", m.name},
          {"stage", m.stage},            {"wave", m.wave}, {"created", m.created}, {"uid", m.uid}};
}

Member member_from(const json& j) {
  return {j.value("apiVersion", ""), j.value("kind", ""),       j.value("namespace", ""),
          j.value("name", ""),       j.value("stage", ""),      j.value("wave", 0),
          j.value("created", false), j.value("uid", "")};
}

json operator_json(const OperatorRecord& o) {
  return {{"package", o.package}, {"namespace", o.ns}, {"csv", o.csv}, {"crds", o.crds}, {"created", o.created}};
}

OperatorRecord operator_from(const json& j) {
  return {j.value("package", ""), j.value("namespace", ""), j.value("csv", ""),
          j.value("crds", std::vector<std::string>{}), j.value("created", false)};
}

// "ConfigMap,Deployment.apps,...": the ApplySet annotation listing the members' group kinds.
std::string group_kinds(const Inventory& inventory) {
  std::set<std::string> out;
  for (const auto& m : inventory.members) {
    const std::string group = group_of(m.api_version);
    out.insert(group.empty() ? m.kind : m.kind + "." + group);
  }
  return fmt::format("{}", fmt::join(out, ","));
}

std::string other_namespaces(const Inventory& inventory) {
  std::set<std::string> out;
  for (const auto& m : inventory.members) {
    if (!m.ns.empty() && m.ns != inventory.ns) out.insert(m.ns);
  }
  return fmt::format("{}", fmt::join(out, ","));
}

std::string now_utc() {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now())));
}

json record_json(const Inventory& inventory) {
  json record{{"members", json::array()}, {"operators", json::array()}};
  for (const auto& m : inventory.members) record["members"].push_back(member_json(m));
  for (const auto& o : inventory.operators) record["operators"].push_back(operator_json(o));
  return record;
}

util::Result<json> secret_body(const Inventory& inventory) {
  COCO_TRY_ASSIGN(const auto packed, crypto::gzip_compress(record_json(inventory).dump()));
  return json{{"apiVersion", "v1"},
              {"kind", "Secret"},
              {"type", "Opaque"},
              {"metadata",
               {{"name", inventory.name},
                {"namespace", inventory.ns},
                {"labels", {{k_id_label, inventory.id}, {"app.kubernetes.io/managed-by", "cococtl"}}},
                {"annotations",
                 {{k_tooling, inventory.tool},
                  {k_group_kinds, group_kinds(inventory)},
                  {k_namespaces, other_namespaces(inventory)},
                  {"cococtl.io/topology", inventory.topology},
                  {"cococtl.io/state", inventory.state},
                  {"cococtl.io/stage", inventory.stage},
                  {"cococtl.io/updated", inventory.updated}}}}},
              {"data", {{k_record_key, crypto::base64_encode(packed)}}}};
}

util::Result<Inventory> parse_secret(const json& secret, const std::string& name, const std::string& ns) {
  Inventory inventory = new_inventory(name, ns);
  const json meta = secret.value("metadata", json::object());
  const json annotations = meta.value("annotations", json::object());
  inventory.tool = annotations.value(k_tooling, "");
  if (!inventory.tool.starts_with("cococtl/")) {
    return util::invalid_input(fmt::format("Secret {}/{} is the ApplySet of another tool ({}); cococtl leaves it alone",
                                           ns, name, inventory.tool.empty() ? "no tooling annotation" : inventory.tool));
  }
  inventory.topology = annotations.value("cococtl.io/topology", "");
  inventory.state = annotations.value("cococtl.io/state", "");
  inventory.stage = annotations.value("cococtl.io/stage", "");
  inventory.updated = annotations.value("cococtl.io/updated", "");
  const std::string encoded = secret.value("data", json::object()).value(k_record_key, "");
  COCO_TRY_ASSIGN(const auto packed, crypto::base64_decode(encoded));
  COCO_TRY_ASSIGN(const auto text, crypto::gzip_decompress(packed));
  const json record = json::parse(text, nullptr, false);
  if (!record.is_object()) return util::invalid_input(fmt::format("Secret {}/{}: the inventory record is corrupt", ns, name));
  for (const auto& m : record.value("members", json::array())) inventory.members.push_back(member_from(m));
  for (const auto& o : record.value("operators", json::array())) inventory.operators.push_back(operator_from(o));
  return inventory;
}

}  // namespace

Member* Inventory::find(const manifest::Object& object) {
  const auto it = std::find_if(members.begin(), members.end(), [&](const Member& m) {
    return group_of(m.api_version) == object.group() && m.kind == object.kind() && m.ns == object.namespace_name() &&
           m.name == object.name();
  });
  return it == members.end() ? nullptr : &*it;
}

void Inventory::add(const manifest::Object& object, const std::string& member_stage, bool was_created) {
  if (find(object)) return;
  members.push_back(
      {object.api_version(), object.kind(), object.namespace_name(), object.name(), member_stage, object.wave, was_created});
}

OperatorRecord& Inventory::operator_record(const std::string& package, const std::string& operator_ns) {
  for (auto& o : operators) {
    if (o.package == package && o.ns == operator_ns) return o;
  }
  operators.push_back({package, operator_ns, "", {}, false});
  return operators.back();
}

std::string applyset_id(const std::string& name, const std::string& ns) {
  const auto hash = crypto::digest(crypto::DigestAlgorithm::sha256, name + "." + ns + ".Secret.");
  return "applyset-" + crypto::base64_encode(hash.ok() ? *hash : std::string(), true) + "-v1";
}

Inventory new_inventory(const std::string& name, const std::string& ns) {
  Inventory inventory;
  inventory.name = name;
  inventory.ns = ns;
  inventory.id = applyset_id(name, ns);
  return inventory;
}

std::string record_text(const Inventory& inventory) { return record_json(inventory).dump(); }

void label_member(manifest::Object& object, const std::string& id) {
  object.body["metadata"]["labels"][k_part_of_label] = id;
}

util::Result<std::optional<Inventory>> load_inventory(kube::Cluster& cluster, const std::string& name, const std::string& ns) {
  COCO_TRY_ASSIGN(const auto secret, cluster.get("v1", "Secret", ns, name));
  if (!secret) return std::optional<Inventory>();
  COCO_TRY_ASSIGN(auto inventory, parse_secret(*secret, name, ns));
  return std::optional(std::move(inventory));
}

util::Result<void> save_inventory(kube::Cluster& cluster, Inventory& inventory, bool dry_run) {
  inventory.updated = now_utc();
  COCO_TRY_ASSIGN(const auto body, secret_body(inventory));
  const auto result = cluster.apply_one(body, {.dry_run = dry_run, .force = true, .field_manager = "cococtl"});
  if (result.outcome == kube::ApplyOutcome::error) {
    return util::failure(fmt::format("write the inventory Secret {}/{}: {}", inventory.ns, inventory.name, result.message));
  }
  return {};
}

util::Result<void> delete_inventory(kube::Cluster& cluster, const Inventory& inventory) {
  COCO_TRY(cluster.remove("v1", "Secret", inventory.ns, inventory.name));
  return {};
}

}  // namespace cococtl::install
