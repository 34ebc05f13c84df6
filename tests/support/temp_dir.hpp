#pragma once
// The one scratch folder of the test suite: a fresh folder under $TMPDIR (or /tmp), made with
// mkdtemp so parallel tests never share it, removed with everything in it on destruction.

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace cococtl::test {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "cococtl-test") {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr)
      throw std::runtime_error("mkdtemp failed: " + std::string(std::strerror(errno)));
    m_path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return m_path; }
  std::filesystem::path operator/(const std::string& name) const { return m_path / name; }
  // The full path of `name` inside the folder, as text (for command lines and string options).
  std::string file(const std::string& name) const { return (m_path / name).string(); }

  // Writes `content` to `name` inside the folder (creating folders) and returns the full path.
  std::filesystem::path write(const std::string& name, const std::string& content) const {
    auto file = m_path / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
    return file;
  }

 private:
  std::filesystem::path m_path;
};

}  // namespace cococtl::test
