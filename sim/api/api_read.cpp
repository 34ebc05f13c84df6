// GET and LIST: selectors, field-selector support per kind, limit/continue pagination over a
// consistent snapshot of the store.
#include "sim/api/api.hpp"
#include "sim/api/selectors.hpp"

#include <cococtl/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace cococtl::sim {
namespace {

const std::vector<std::string>& extra_field_labels(const ResourceType& type) {
  static const std::vector<std::string> none;
  static const std::vector<std::string> pod = {"spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
                                               "spec.serviceAccountName", "status.phase", "status.podIP",
                                               "status.nominatedNodeName"};
  static const std::vector<std::string> secret = {"type"};
  static const std::vector<std::string> node = {"spec.unschedulable"};
  static const std::vector<std::string> ns = {"status.phase"};
  static const std::vector<std::string> event = {"involvedObject.kind", "involvedObject.namespace",
                                                 "involvedObject.name", "involvedObject.uid", "reason", "type"};
  if (!type.group.empty()) return none;
  if (type.kind == "Pod") return pod;
  if (type.kind == "Secret") return secret;
  if (type.kind == "Node") return node;
  if (type.kind == "Namespace") return ns;
  return type.kind == "Event" ? event : none;
}

using ItemKey = std::pair<std::string, std::string>;  // namespace, name: the store's order

struct ContinueToken {
  unsigned long long rv = 0;
  std::optional<ItemKey> start;  // the last item already returned
};

ItemKey item_key(const json& object) {
  return {string_at(object, {"metadata", "namespace"}), string_at(object, {"metadata", "name"})};
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::optional<ContinueToken> decode_token(const std::string& encoded) {
  if (encoded.size() % 2 != 0) return std::nullopt;
  std::string text;
  for (std::size_t i = 0; i < encoded.size(); i += 2) {
    const int hi = hex_value(encoded[i]);
    const int lo = hex_value(encoded[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    text += static_cast<char>(hi * 16 + lo);
  }
  const auto parsed = json::parse(text, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("rv") || !parsed["rv"].is_number_unsigned()) return std::nullopt;
  ContinueToken decoded{parsed["rv"].get<unsigned long long>(), std::nullopt};
  const auto start = parsed.find("start");
  if (start != parsed.end() && start->is_array() && start->size() == 2) {
    decoded.start = ItemKey{(*start)[0].get<std::string>(), (*start)[1].get<std::string>()};
  }
  return decoded;
}

std::string encode_token(const ContinueToken& token) {
  json out = {{"rv", token.rv}};
  if (token.start) out["start"] = {token.start->first, token.start->second};
  return util::to_hex(out.dump());
}

struct ListVersion {
  std::optional<unsigned long long> exact;  // list the state at this version
  unsigned long long not_older_than = 0;    // the store must have reached this version
};

// ListOptions validation as kube-apiserver does it (422 on ListOptions.meta.k8s.io), then which
// state the list reflects.
ApiResult<ListVersion> list_version(const ListOptions& o) {
  const std::string& match = o.resource_version_match;
  std::vector<StatusCause> causes;
  if (!match.empty()) {
    if (o.resource_version.empty()) {
      causes.push_back({"FieldValueForbidden", "Forbidden: resourceVersionMatch is forbidden unless resourceVersion is "
                                               "provided", "resourceVersionMatch"});
    }
    if (!o.continue_token.empty()) {
      causes.push_back({"FieldValueForbidden", "Forbidden: resourceVersionMatch is forbidden when continue is provided",
                        "resourceVersionMatch"});
    }
    if (match != "Exact" && match != "NotOlderThan") {
      causes.push_back({"FieldValueNotSupported",
                        fmt::format("Unsupported value: \"{}\": supported values: \"Exact\", \"NotOlderThan\", \"\"", match),
                        "resourceVersionMatch"});
    }
    if (match == "Exact" && o.resource_version == "0") {
      causes.push_back({"FieldValueForbidden", "Forbidden: resourceVersionMatch \"exact\" is forbidden for "
                                               "resourceVersion \"0\"", "resourceVersionMatch"});
    }
  }
  if (!causes.empty()) return invalid("meta.k8s.io", "ListOptions", "", causes);
  ListVersion out;
  if (o.resource_version.empty() || o.resource_version == "0") return out;
  if (!o.continue_token.empty()) return bad_request("specifying resource version is not allowed when using continue");
  try {
    std::size_t used = 0;
    out.not_older_than = std::stoull(o.resource_version, &used);
    if (used != o.resource_version.size()) throw std::invalid_argument("trailing");
  } catch (const std::exception&) {
    return bad_request(fmt::format("invalid resource version: {}", o.resource_version));
  }
  if (match == "Exact" || (match.empty() && o.limit > 0)) out.exact = out.not_older_than;
  return out;
}

}  // namespace

ApiStatus Api::wait_until_fresh(unsigned long long rv) const {
  const auto deadline = Clock::now() + m_freshness_wait;
  while (m_store.resource_version() < rv && Clock::now() < deadline) m_store.wait_for_change(m_store.resource_version(), deadline);
  const auto current = m_store.resource_version();
  if (current >= rv) return Ok{};
  ApiError e{504, "Timeout", fmt::format("Too large resource version: {}, current: {}", rv, current)};
  e.details = {{"causes", {{{"reason", "ResourceVersionTooLarge"}, {"message", "Too large resource version"}}}},
               {"retryAfterSeconds", 1}};
  e.retry_after_seconds = 1;
  return e;
}

json present(const ResourceType& type, json object) {
  object["apiVersion"] = type.api_version();
  object["kind"] = type.kind;
  return object;
}

std::string object_key(const json& object) {
  const std::string ns = string_at(object, {"metadata", "namespace"});
  const std::string name = string_at(object, {"metadata", "name"});
  return ns.empty() ? name : ns + "/" + name;
}

ApiResult<json> Api::get(const ResourceType& type, const std::string& ns, const std::string& name) const {
  auto object = m_store.get(type.storage_key(), type.namespaced ? ns : "", name);
  if (!object) return not_found(type.group, type.plural, name);
  return present(type, std::move(*object));
}

ApiResult<json> Api::list(const ResourceType& type, const std::string& ns, const ListOptions& options) const {
  std::string error;
  const auto labels = LabelSelector::parse(options.label_selector, error);
  if (!labels) return bad_request(error);
  const auto fields = FieldSelector::parse(options.field_selector, error);
  if (!fields) return bad_request(error);
  for (const auto& field : fields->fields()) {
    const auto& extra = extra_field_labels(type);
    const bool supported = field == "metadata.name" || field == "metadata.namespace" ||
                           std::find(extra.begin(), extra.end(), field) != extra.end();
    if (!supported) return bad_request(fmt::format("field label not supported: {}", field));
  }
  SIM_TRY_ASSIGN(const ListVersion version, list_version(options));
  SIM_TRY(wait_until_fresh(version.not_older_than));
  ContinueToken position;
  std::vector<json> objects;
  {
    auto guard = m_store.lock();
    if (version.exact) {
      position.rv = *version.exact;
      auto snapshot = m_store.snapshot(type.storage_key(), type.namespaced ? ns : "", position.rv);
      if (!snapshot) return gone("The resourceVersion for the provided list is too old.");
      objects = std::move(*snapshot);
    } else if (!options.continue_token.empty()) {
      const auto token = decode_token(options.continue_token);
      if (!token) return bad_request("continue key is not valid: incorrect encoded start resourceVersion");
      position = *token;
      auto snapshot = m_store.snapshot(type.storage_key(), type.namespaced ? ns : "", position.rv);
      if (!snapshot) {
        return gone("The provided continue parameter is too old to display a consistent list result. You can start "
                    "a new list without the continue parameter.");
      }
      objects = std::move(*snapshot);
    } else {
      position.rv = m_store.resource_version();
      objects = m_store.list(type.storage_key(), type.namespaced ? ns : "");
    }
  }
  json items = json::array();
  std::size_t remaining = 0;
  ItemKey last_key;
  for (auto& object : objects) {
    if (position.start && item_key(object) <= *position.start) continue;
    if (!labels->matches(object["metadata"].value("labels", json(nullptr))) || !fields->matches(object)) continue;
    if (options.limit > 0 && items.size() >= static_cast<std::size_t>(options.limit)) {
      ++remaining;
      continue;
    }
    last_key = item_key(object);
    items.push_back(present(type, std::move(object)));
  }
  json metadata = {{"resourceVersion", std::to_string(position.rv)}};
  if (remaining > 0) {
    metadata["continue"] = encode_token({position.rv, last_key});
    metadata["remainingItemCount"] = remaining;
  }
  return json{{"apiVersion", type.api_version()}, {"kind", type.list_kind()}, {"metadata", metadata}, {"items", items}};
}

}  // namespace cococtl::sim
