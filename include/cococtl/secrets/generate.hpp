#pragma once
// `cococtl secrets generate`: creates what is missing, repairs what no longer fits the values
// (SAN, algorithm, broken chain, expired), keeps everything else byte for byte.

#include <cococtl/secrets/spec.hpp>
#include <cococtl/util/result.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace cococtl::secrets {

struct GenerateOptions {
  std::vector<std::string> rotate;  // item names to replace with fresh keys/values
  bool force = false;               // replace every item
};

enum class ItemAction { kept, created, replaced };

// "kept", "created", "replaced".
std::string_view action_name(ItemAction action);

struct ItemOutcome {
  std::string name;
  ItemAction action = ItemAction::kept;
  std::string reason;       // why it was (re)created: "missing", "rotated", "SAN changed ..."
  std::string algorithm;    // after the run
  std::string fingerprint;  // after the run (public, safe to print)
};

struct GenerateReport {
  std::filesystem::path dir;
  std::vector<ItemOutcome> items;
};

// Brings `dir` (created 0700) up to `spec`. Idempotent: a second run writes nothing. Every file
// is replaced atomically; after a crash each file is absent, old or new, and the next run repairs
// any item whose files disagree. Holds an exclusive lock on <dir>/.lock for the run.
// Fails (usage) on an unknown or disabled --rotate name; (invalid_input) when a private file is
// too open or unreadable as a key (the message says to chmod it or --rotate the item); (failure)
// on I/O errors or when another generate holds the lock.
util::Result<GenerateReport> generate(const KeyMaterialSpec& spec, const std::filesystem::path& dir,
                                      const GenerateOptions& options);

}  // namespace cococtl::secrets
