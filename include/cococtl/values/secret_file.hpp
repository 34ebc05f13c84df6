#pragma once
// The values-secret file (validated-patterns v2.0 format): the secrets cococtl delivers, each
// a list of fields whose value is inline, read from a file (`path`) or from an INI file.

#include <cococtl/util/result.hpp>
#include <cococtl/values/location.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cococtl::values {

enum class OnMissingValue { error, generate, prompt };

struct SecretField {
  std::string name;
  std::optional<std::string> value;          // inline value, or the content read from path/ini_file
  std::optional<std::filesystem::path> path;  // resolved: ~ expanded, relative to the file's folder
  std::optional<std::filesystem::path> ini_file;
  std::string ini_section;
  std::string ini_key;
  bool base64 = false;
  bool override_value = false;
  OnMissingValue on_missing = OnMissingValue::error;
  std::string vault_policy;
  std::string description;
  Location where;
};

struct Secret {
  std::string name;
  std::string vault_mount = "secret";
  std::vector<std::string> vault_prefixes{"hub"};
  std::vector<std::string> target_namespaces;
  std::vector<SecretField> fields;
  Location where;

  const SecretField* field(const std::string& field_name) const;
};

struct SecretFile {
  std::filesystem::path file;
  std::string backing_store = "vault";
  std::vector<Secret> secrets;

  const Secret* find(const std::string& name) const;
};

// Parses and validates a values-secret file, reading every `path`/`ini_file` value (each at
// most 1 MiB). All secret values are registered for redaction. Every problem found is appended
// to `problems` (file:line:col, secret/field path), plus a warning when group or others may read
// the file (as ssh warns); the result fails (invalid_input) when the file cannot be read or is
// not YAML at all.
util::Result<SecretFile> load_secret_file(const std::filesystem::path& file, std::vector<Problem>& problems);

// The values-secret file to use: `explicit_path` when given (it must exist), else the first
// that exists of ./values-secret-coco-pattern.yaml (where `cococtl init` writes it),
// ~/.config/validatedpatterns/values-secret-coco-pattern.yaml, ~/values-secret-coco-pattern.yaml,
// ~/values-secret.yaml; nullopt when none exists.
util::Result<std::optional<std::filesystem::path>> locate_secret_file(const std::string& explicit_path);

}  // namespace cococtl::values
