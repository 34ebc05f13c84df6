#pragma once
// OpenAPI v3 documents: the /openapi/v3 index (one entry per group-version, with a content
// hash) and per group-version documents whose operations carry x-kubernetes-group-version-kind
// and whose PATCH operations list fieldValidation, so kubectl validates on the server.

#include "sim/api/registry.hpp"

#include <optional>
#include <string>

namespace cococtl::sim {

// {"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=..."}, ...}}
json openapi_index(const Registry& registry);
// The document for "api/v1" or "apis/<group>/<version>", or nullopt when not served.
std::optional<json> openapi_document(const Registry& registry, const std::string& group_version_path);

}  // namespace cococtl::sim
