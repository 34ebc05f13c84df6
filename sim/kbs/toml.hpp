#pragma once
// The TOML that Trustee reads, as JSON: kbs-config.toml and init-data documents (whose aa.toml and
// cdh.toml entries the attestation service converts to JSON claims).

#include <cococtl/util/result.hpp>
#include <nlohmann/json.hpp>
#include <string_view>

namespace cococtl::sim::kbs {

// Parses a TOML document: tables, arrays of tables, bare/quoted/dotted keys, basic, literal and
// multi-line strings, integers (decimal, hex, octal, binary), floats, booleans, arrays and inline
// tables. Fails (invalid_input) naming the line on a syntax error, a redefined key, or a date/time
// value (not used by Trustee's files, so not supported).
util::Result<nlohmann::json> parse_toml(std::string_view text);

}  // namespace cococtl::sim::kbs
