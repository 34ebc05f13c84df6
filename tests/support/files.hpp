#pragma once
// Whole-file reads and writes for tests. Both throw std::runtime_error naming the file, so a
// missing output fails the test that expected it instead of reading as "".

#include <filesystem>
#include <string>

namespace cococtl::test {

// The bytes of `path`.
std::string slurp(const std::filesystem::path& path);

// Replaces `path` with `content`, creating its folders.
void write_text(const std::filesystem::path& path, const std::string& content);

}  // namespace cococtl::test
