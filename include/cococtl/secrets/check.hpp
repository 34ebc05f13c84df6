#pragma once
// `cococtl secrets check`: per item, is it present, private enough, consistent and current.

#include <cococtl/secrets/spec.hpp>
#include <cococtl/util/result.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cococtl::secrets {

enum class Severity { ok, warn, fail };

// "ok", "warn", "fail".
std::string_view severity_name(Severity severity);

struct Finding {
  std::string check;  // present, permissions, parse, algorithm, key-matches-cert, chain, san, expiry, hash
  Severity severity = Severity::ok;
  std::string message;  // never contains secret material
};

struct ItemReport {
  std::string name;
  std::string description;
  Severity status = Severity::ok;  // the worst finding
  std::string algorithm;           // e.g. "ec-p256"; "" for plain values
  std::string fingerprint;         // sha256 of the SPKI (keys) or certificate DER; "" for values
  std::optional<long> days_to_expiry;
  std::vector<Finding> findings;
};

struct CheckReport {
  std::filesystem::path dir;
  Severity status = Severity::ok;
  std::vector<Finding> dir_findings;  // the folder itself: exists, mode 0700
  std::vector<ItemReport> items;
};

// Examines every enabled item in `dir` without changing anything. Problems are findings, not
// errors; fails only on unexpected I/O errors.
util::Result<CheckReport> check(const KeyMaterialSpec& spec, const std::filesystem::path& dir);

}  // namespace cococtl::secrets
