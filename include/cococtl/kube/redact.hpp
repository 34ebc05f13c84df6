#pragma once
// Making objects safe to log or print: Secret values and credentials never leave in clear.

#include <nlohmann/json.hpp>

namespace cococtl::kube {

// A copy of `object` with every value under Secret `data`/`stringData` replaced by
// "[REDACTED]", and the kubectl last-applied-configuration annotation (which repeats them)
// removed. Other objects are returned unchanged. Lists (`items`) are handled recursively.
nlohmann::json redact_object(const nlohmann::json& object);

}  // namespace cococtl::kube
