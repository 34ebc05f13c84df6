#pragma once
// The reference value provider service built into Trustee's attestation service: values loaded
// from the RVPS ConfigMap, registered through the admin API, and read by the attestation policy.

#include <cococtl/util/result.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace cococtl::sim::kbs {

class ReferenceValues {
 public:
  // Reads Trustee 1.1's `reference-values.json`: a JSON array of {"name","expiration","value"}
  // ("" means none). Fails (invalid_input) naming the entry on another shape.
  static util::Result<ReferenceValues> load(std::string_view json_text);

  // Registers an RVPS message {"version":"0.1.0","type":"sample","payload":<standard base64 of a
  // JSON object name -> value>}: one value per name, replacing older ones. Fails (failure) on
  // another version or type, or a payload that does not decode.
  util::Result<void> register_message(std::string_view message);

  // The value registered under `id`, if any.
  std::optional<nlohmann::json> query(const std::string& id) const;

 private:
  std::map<std::string, nlohmann::json> m_values;
};

}  // namespace cococtl::sim::kbs
