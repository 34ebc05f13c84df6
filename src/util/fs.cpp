#include <cococtl/util/fs.hpp>

#include <fcntl.h>
#include <fmt/format.h>
#include <pwd.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>

namespace cococtl::util {
namespace fs = std::filesystem;

namespace {

Error errno_error(const std::string& what, const fs::path& path) {
  return failure(fmt::format("{}: {}: {}", path.string(), what, std::strerror(errno)));
}

Result<void> write_all(int fd, std::string_view content, const fs::path& path) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno_error("write", path);
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

Result<void> fsync_directory(const fs::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno_error("open folder", dir);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return errno_error("fsync folder", dir);
  return {};
}

std::string temp_name_for(const fs::path& path) {
  std::random_device rd;
  return fmt::format(".{}.tmp-{:08x}", path.filename().string(), rd());
}

}  // namespace

Result<std::string> read_file(const fs::path& path, std::uintmax_t max_bytes) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return invalid_input(fmt::format("{}: file not found", path.string()));
  if (!fs::is_regular_file(status)) return invalid_input(fmt::format("{}: not a regular file", path.string()));
  const auto size = fs::file_size(path, ec);
  if (!ec && size > max_bytes) {
    return invalid_input(fmt::format("{}: file is too large ({} bytes, limit {})", path.string(), size, max_bytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return invalid_input(fmt::format("{}: cannot read: {}", path.string(), std::strerror(errno)));
  std::string content(static_cast<std::size_t>(ec ? 0 : size), '\0');
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  content.resize(static_cast<std::size_t>(in.gcount()));
  spdlog::debug("read {} ({} bytes)", path.string(), content.size());  // -vv: which inputs were used
  return content;
}

Result<void> write_file_atomic(const fs::path& path, std::string_view content, mode_t mode) {
  const fs::path dir = path.parent_path();
  const fs::path temp = dir / temp_name_for(path);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return errno_error("create temporary file", temp);
  ::fchmod(fd, mode);  // open() honours the umask; the caller's mode is what we promise
  auto written = write_all(fd, content, temp);
  if (written.ok() && ::fsync(fd) != 0) written = errno_error("fsync", temp);
  ::close(fd);
  if (written.ok() && ::rename(temp.c_str(), path.c_str()) != 0) written = errno_error("rename into place", path);
  if (!written.ok()) {
    ::unlink(temp.c_str());
    return written;
  }
  return fsync_directory(dir);
}

Result<void> ensure_directory(const fs::path& path, mode_t mode) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) return failure(fmt::format("{}: cannot create folder: {}", path.string(), ec.message()));
  if (::chmod(path.c_str(), mode) != 0) return errno_error("chmod", path);
  return {};
}

fs::path home_directory() {
  if (const char* home = std::getenv("HOME"); home && *home) return home;
  if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_dir) return pw->pw_dir;
  return "/";
}

fs::path expand_user(const std::string& path) {
  if (path == "~") return home_directory();
  if (path.rfind("~/", 0) == 0) return home_directory() / path.substr(2);
  return path;
}

}  // namespace cococtl::util
