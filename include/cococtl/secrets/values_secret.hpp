#pragma once
// The values-secret-coco-pattern.yaml (format v2.0) that points at the generated files by
// `path`. cococtl creates it when absent and never rewrites an existing one: for a user's file it
// returns the entries to add instead.

#include <cococtl/secrets/spec.hpp>
#include <cococtl/util/result.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace cococtl::secrets {

struct ValuesSecretOutcome {
  std::filesystem::path path;
  bool written = false;              // created by this call
  std::vector<std::string> missing;  // secret names the existing file lacks
  std::string snippet;               // YAML list items to add under `secrets:` ("" if none)
  std::string parse_error;           // set when the existing file could not be read as YAML
};

// The full document. `dir_text` is how paths are written, e.g. "~/.coco-pattern".
std::string values_secret_document(const KeyMaterialSpec& spec, const std::string& dir_text);

// Names of the secrets values_secret_document() defines, in order.
std::vector<std::string> values_secret_names(const KeyMaterialSpec& spec);

// Creates `target` (0600, crash-safe) when it does not exist; otherwise reads it and reports the
// missing secret names and the snippet to add. Fails on I/O errors only.
util::Result<ValuesSecretOutcome> ensure_values_secret(const KeyMaterialSpec& spec, const std::filesystem::path& target,
                                                       const std::string& dir_text);

}  // namespace cococtl::secrets
