#pragma once
// The files `cococtl init` writes.

#include <cococtl/util/result.hpp>

#include <string>

namespace cococtl::cli {

// values-global.yaml for `topology`: the user-facing keys with their defaults, each preceded by
// its schema documentation. Fails only for an unknown topology (usage error).
util::Result<std::string> values_global_template(const std::string& topology);

// A values-secret (v2.0) template for `topology`: generated KBS resources, and the entries the
// user must fill in (PCCS API key on TDX, cosign keys for the signed policy) with instructions.
std::string values_secret_template(const std::string& topology, const std::string& secrets_dir);

}  // namespace cococtl::cli
