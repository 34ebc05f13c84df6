#pragma once
// Private: an exclusive advisory lock on <dir>/.lock for the duration of a generate run, so two
// runs never interleave their writes. The kernel drops it when the process dies (kill -9 too).

#include <cococtl/util/result.hpp>

#include <filesystem>

namespace cococtl::secrets::detail {

class DirLock {
 public:
  // Fails (failure) when another process holds the lock or the lock file cannot be opened.
  static util::Result<DirLock> acquire(const std::filesystem::path& dir);
  DirLock(DirLock&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
  DirLock& operator=(DirLock&&) = delete;
  DirLock(const DirLock&) = delete;
  ~DirLock();

 private:
  explicit DirLock(int fd) : m_fd(fd) {}
  int m_fd;
};

// Removes temporary files a killed write_file_atomic left behind (".<name>.tmp-xxxxxxxx").
void remove_stale_temp_files(const std::filesystem::path& dir);

inline constexpr const char* k_lock_file = ".lock";

}  // namespace cococtl::secrets::detail
