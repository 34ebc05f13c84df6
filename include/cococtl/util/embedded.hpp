#pragma once
// A file compiled into the binary by cmake/EmbedFiles.cmake.

#include <span>
#include <string_view>

namespace cococtl::util {

struct EmbeddedFile {
  std::string_view path;  // relative to the embedded root, '/'-separated
  std::string_view bytes;
};

// Returns the file named `path` in a sorted table, or nullptr when it is not there.
const EmbeddedFile* find_embedded(std::span<const EmbeddedFile> table, std::string_view path);

}  // namespace cococtl::util
