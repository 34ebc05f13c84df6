#include "lock.hpp"

#include <cococtl/secrets/files.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <regex>
#include <sys/file.h>
#include <unistd.h>

namespace cococtl::secrets::detail {
namespace fs = std::filesystem;

util::Result<DirLock> DirLock::acquire(const fs::path& dir) {
  const fs::path path = dir / k_lock_file;
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return util::failure(fmt::format("{}: cannot open lock file: {}", display_path(path), std::strerror(errno)));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) {
      return util::failure(fmt::format("{}: another cococtl secrets generate is running", display_path(dir)));
    }
    return util::failure(fmt::format("{}: cannot lock: {}", display_path(path), std::strerror(err)));
  }
  return DirLock(fd);
}

DirLock::~DirLock() {
  if (m_fd >= 0) ::close(m_fd);  // closing releases the flock
}

void remove_stale_temp_files(const fs::path& dir) {
  static const std::regex k_temp(R"(\..+\.tmp-[0-9a-f]{8})");
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!std::regex_match(name, k_temp)) continue;
    spdlog::debug("secrets: removing leftover temporary file {}", name);
    fs::remove(entry.path(), ec);
  }
}

}  // namespace cococtl::secrets::detail
