#pragma once
// Logging through spdlog to stderr, with redaction applied to every message.
// Secrets are registered once (register_secret) and never appear in any log line.

#include <string>
#include <string_view>

namespace cococtl::util {

// Configures the default logger: verbosity 0 = warnings, 1 = info, 2 = debug, 3+ = trace;
// `quiet` shows errors only. Safe to call more than once.
void setup_logging(int verbosity, bool quiet, bool color);

// Remembers `value` as secret: redact() and every log line replace it with "[REDACTED]".
// Values shorter than 4 bytes are ignored (they would redact ordinary words).
void register_secret(std::string_view value);

// Returns `text` with registered secrets, bearer tokens ("Bearer xyz"), Basic credentials
// and PEM private-key blocks replaced by "[REDACTED]".
std::string redact(std::string_view text);

}  // namespace cococtl::util
