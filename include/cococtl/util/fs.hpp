#pragma once
// File-system helpers that never throw and never leave half-written files.

#include <cococtl/util/result.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <sys/types.h>

namespace cococtl::util {

inline constexpr std::uintmax_t k_default_read_limit = 16 * 1024 * 1024;

// Reads a whole file (logged at debug level: path and size, never content). Fails
// (invalid_input) when it is missing, unreadable, not a regular file, or larger than
// `max_bytes`; the message names the file.
Result<std::string> read_file(const std::filesystem::path& path, std::uintmax_t max_bytes = k_default_read_limit);

// Replaces `path` with `content` crash-safely: temp file in the same folder, fsync, rename,
// fsync of the folder. After a crash the file is either the old or the new complete version.
// `mode` is applied to the temp file before any byte is written. Fails with the path and errno text.
Result<void> write_file_atomic(const std::filesystem::path& path, std::string_view content, mode_t mode = 0644);

// Creates `path` (and parents) if missing, then ensures its mode is exactly `mode`.
Result<void> ensure_directory(const std::filesystem::path& path, mode_t mode = 0755);

// Expands a leading "~" or "~/" with $HOME; other paths are returned unchanged.
std::filesystem::path expand_user(const std::string& path);

// $HOME, or the passwd entry's home when HOME is unset.
std::filesystem::path home_directory();

}  // namespace cococtl::util
