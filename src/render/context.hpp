#pragma once
// The data templates see (private to the render module): the merged values tree plus
// `computed` values that cococtl derives, as one JSON document.

#include <cococtl/render/render.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cococtl::render::detail {

// Collects the names of key material that had to be replaced by placeholders.
struct PlaceholderLog {
  std::vector<std::string> names;
  void add(const std::string& name);
};

// computed.namespaces / operatorGroups / subscriptions from clusterGroup and kyverno values.
nlohmann::json compute_olm(const values::Values& values);

// computed.secrets.<component>: the Secrets (or ExternalSecrets) each component delivers.
nlohmann::json compute_secrets(const RenderInputs& inputs, PlaceholderLog& log);

// computed.initdata (default, debug) and computed.referenceValues (the RVPS JSON text).
util::Result<nlohmann::json> compute_attestation(const RenderInputs& inputs, PlaceholderLog& log);

// computed.* values derived from plain values: KBS host, runtime class, platform flags, Azure ids.
nlohmann::json compute_basics(const values::Values& values);

// Material value by name, or its placeholder (logged).
std::string material_or_placeholder(const RenderInputs& inputs, const std::string& name, PlaceholderLog& log);

}  // namespace cococtl::render::detail
