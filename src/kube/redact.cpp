#include <cococtl/kube/redact.hpp>

namespace cococtl::kube {

nlohmann::json redact_object(const nlohmann::json& object) {
  if (!object.is_object()) return object;
  nlohmann::json out = object;
  if (auto items = out.find("items"); items != out.end() && items->is_array()) {
    for (auto& item : *items) item = redact_object(item);
  }
  if (out.value("kind", "") != "Secret") return out;
  for (const char* key : {"data", "stringData"}) {
    if (auto field = out.find(key); field != out.end() && field->is_object()) {
      for (auto& [name, value] : field->items()) value = "[REDACTED]";
    }
  }
  if (auto meta = out.find("metadata"); meta != out.end() && meta->is_object()) {
    if (auto annotations = meta->find("annotations"); annotations != meta->end() && annotations->is_object()) {
      annotations->erase("kubectl.kubernetes.io/last-applied-configuration");
    }
  }
  return out;
}

}  // namespace cococtl::kube
