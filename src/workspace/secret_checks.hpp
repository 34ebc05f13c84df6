#pragma once
// Checks that need both the values-secret file and the secrets folder (private to workspace).

#include <cococtl/values/secret_file.hpp>
#include <cococtl/values/values.hpp>

#include <filesystem>
#include <vector>

namespace cococtl::workspace::detail {

// Fills the onMissingValue: prompt fields that a render reads and that have no value (or ""):
// asked for on a terminal without echo; otherwise an error naming the field and what to do.
// Returns the error when asking failed for a reason other than "no terminal" (e.g. Ctrl-C).
util::Result<void> resolve_prompts(const values::Values& values, values::SecretFile& secrets,
                                   std::vector<values::Problem>& problems);

// A warning when <secrets_dir>/kbs-tls.crt exists but is not for kbs.<global.hubClusterDomain>
// (the domain changed after `secrets generate`). Unreadable certificates are left to
// `secrets check`.
void check_kbs_certificate(const values::Values& values, const std::filesystem::path& secrets_dir,
                           std::vector<values::Problem>& problems);

}  // namespace cococtl::workspace::detail
