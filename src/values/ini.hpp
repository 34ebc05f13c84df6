#pragma once
// Minimal INI lookup for values-secret `ini_file` fields (e.g. ~/.aws/credentials).

#include <optional>
#include <string>
#include <string_view>

namespace cococtl::values::detail {

// The value of `key` in `[section]` of INI text; '#'/';' comments and blank lines ignored,
// whitespace around keys and values trimmed. nullopt when absent.
std::optional<std::string> ini_lookup(std::string_view text, std::string_view section, std::string_view key);

}  // namespace cococtl::values::detail
