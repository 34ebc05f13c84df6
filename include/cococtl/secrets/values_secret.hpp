#pragma once
// The values-secret-coco-pattern.yaml (format v2.0) that points at the generated files by
// `path`. cococtl creates it when absent; in an existing file it appends the entries it lacks at
// the end of its `secrets:` list, keeping every other byte (comments included).

#include <cococtl/secrets/spec.hpp>
#include <cococtl/util/result.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace cococtl::secrets {

struct ValuesSecretOutcome {
  std::filesystem::path path;
  bool written = false;              // created by this call
  bool updated = false;              // `missing` were appended to the existing file
  std::vector<std::string> missing;  // secret names the existing file lacked
  std::string snippet;               // YAML list items to add by hand, when the file could not be edited
  std::string parse_error;           // why the existing file could not be edited (not YAML, no block list)
};

// The full document. `dir_text` is how paths are written, e.g. "~/.coco-pattern".
std::string values_secret_document(const KeyMaterialSpec& spec, const std::string& dir_text);

// Names of the secrets values_secret_document() defines, in order.
std::vector<std::string> values_secret_names(const KeyMaterialSpec& spec);

// Creates `target` (0600, crash-safe) when it does not exist; otherwise appends the missing
// entries to its `secrets:` block list in place (util::append_to_block_sequence; the file is then
// 0600). A file that cannot be edited that way is left alone and the snippet to add is returned
// with the reason. Fails on I/O errors only.
util::Result<ValuesSecretOutcome> ensure_values_secret(const KeyMaterialSpec& spec, const std::filesystem::path& target,
                                                       const std::string& dir_text);

}  // namespace cococtl::secrets
