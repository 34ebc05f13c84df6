#include "kbs/rvps.hpp"

#include <cococtl/crypto/encoding.hpp>

namespace cococtl::sim::kbs {

using nlohmann::json;

util::Result<ReferenceValues> ReferenceValues::load(std::string_view json_text) {
  ReferenceValues out;
  if (json_text.find_first_not_of(" \t\r\n") == std::string_view::npos) return out;
  const json doc = json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_array()) {
    return util::invalid_input("reference values: not a JSON array of {name, expiration, value}");
  }
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const json& entry = doc[i];
    if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string() || !entry.contains("value")) {
      return util::invalid_input("reference values: entry " + std::to_string(i) + " has no string name and value");
    }
    out.m_values[entry["name"].get<std::string>()] = entry["value"];
  }
  return out;
}

util::Result<void> ReferenceValues::register_message(std::string_view message) {
  const json doc = json::parse(message, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.value("payload", json()).is_string() ||
      !doc.value("type", json()).is_string()) {
    return util::failure("parse message");
  }
  if (doc.value("version", "0.1.0") != "0.1.0") return util::failure("Version unmatched! Need 0.1.0");
  if (doc["type"] != "sample") {
    return util::failure("Could not find extractor for " + doc["type"].get<std::string>() + " in coco-kbs-sim");
  }
  COCO_TRY_ASSIGN(const std::string payload, crypto::base64_decode(doc["payload"].get<std::string>()));
  const json values = json::parse(payload, nullptr, false);
  if (values.is_discarded() || !values.is_object()) return util::failure("deseralize sample provenance");
  for (const auto& [name, value] : values.items()) m_values[name] = value;
  return {};
}

std::optional<json> ReferenceValues::query(const std::string& id) const {
  auto it = m_values.find(id);
  if (it == m_values.end()) return std::nullopt;
  return it->second;
}

}  // namespace cococtl::sim::kbs
