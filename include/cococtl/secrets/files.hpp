#pragma once
// Reading and writing files in the secrets directory with the permission rules of OpenSSH:
// private material is written 0600 and never read when others could read it too.

#include <cococtl/util/result.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace cococtl::secrets {

inline constexpr std::uintmax_t k_secret_file_limit = 1024 * 1024;

// Reads a private file. Fails (invalid_input) when it is missing, larger than 1 MiB, not owned by
// the current user, or group/world accessible ("permissions 0644 for '...' are too open; run
// chmod 600 '...'"). The message never contains file content.
util::Result<std::string> read_private_file(const std::filesystem::path& path);

// Reads a public file (certificate, public key); same size limit, no permission rule.
util::Result<std::string> read_public_file(const std::filesystem::path& path);

// Checks the private-file permission rule without reading; the error is read_private_file's.
util::Result<void> check_private_permissions(const std::filesystem::path& path);

// Crash-safe replace (util::write_file_atomic) with mode 0600 (private) or 0644.
util::Result<void> write_secret_file(const std::filesystem::path& path, std::string_view content, bool is_private);

// `path` with the home folder shown as "~" (for messages and values-secret `path:` entries).
std::string display_path(const std::filesystem::path& path);

}  // namespace cococtl::secrets
