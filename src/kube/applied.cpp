#include "applied.hpp"

#include <cococtl/crypto/digest.hpp>

#include <algorithm>

namespace cococtl::kube::detail {
namespace {

using json = nlohmann::json;

std::string annotation(const json& object, const char* key) {
  const json meta = object.value("metadata", json::object());
  const json annotations = meta.is_object() ? meta.value("annotations", json::object()) : json::object();
  const auto it = annotations.find(key);
  return annotations.is_object() && it != annotations.end() && it->is_string() ? it->get<std::string>() : "";
}

// Server-side apply records each manager's fields; without an Apply entry of ours the PATCH
// would (re)establish ownership, which is a change.
bool owned_by(const json& live, const std::string& field_manager) {
  const json meta = live.value("metadata", json::object());
  const json managed = meta.is_object() ? meta.value("managedFields", json::array()) : json::array();
  return managed.is_array() && std::any_of(managed.begin(), managed.end(), [&](const json& entry) {
           return entry.is_object() && entry.value("manager", "") == field_manager &&
                  entry.value("operation", "") == "Apply";
         });
}

// The body as digested: without the digest annotation, and without an annotations map that held
// nothing else (an empty map and none apply alike).
json without_digest(json body) {
  auto meta = body.find("metadata");
  if (meta == body.end() || !meta->is_object()) return body;
  auto annotations = meta->find("annotations");
  if (annotations == meta->end() || !annotations->is_object()) return body;
  annotations->erase(k_applied_digest_annotation);
  if (annotations->empty()) meta->erase(annotations);
  return body;
}

}  // namespace

util::Result<void> stamp_applied_digest(json& body) {
  COCO_TRY_ASSIGN(const std::string hex,
                  crypto::digest_hex(crypto::DigestAlgorithm::sha256, without_digest(body).dump()));
  body["metadata"]["annotations"][k_applied_digest_annotation] = "sha256:" + hex;
  return {};
}

bool contains_fields(const json& live, const json& wanted) {
  if (wanted.is_object()) {
    if (!live.is_object()) return false;
    return std::all_of(wanted.items().begin(), wanted.items().end(), [&](const auto& item) {
      const auto it = live.find(item.key());
      return it != live.end() && contains_fields(*it, item.value());
    });
  }
  if (wanted.is_array()) {
    if (!live.is_array() || live.size() != wanted.size()) return false;
    for (std::size_t i = 0; i < wanted.size(); ++i) {
      if (!contains_fields(live[i], wanted[i])) return false;
    }
    return true;
  }
  return live == wanted;
}

bool already_applied(const Planned& planned, const std::string& field_manager) {
  if (!planned.live_known || !planned.exists || !planned.live.is_object()) return false;
  const std::string digest = annotation(planned.body, k_applied_digest_annotation);
  if (digest.empty() || annotation(planned.live, k_applied_digest_annotation) != digest) return false;
  json wanted = planned.body;
  wanted.erase("apiVersion");  // items of a LIST carry neither
  wanted.erase("kind");
  return owned_by(planned.live, field_manager) && contains_fields(planned.live, wanted);
}

}  // namespace cococtl::kube::detail
