#include <cococtl/secrets/files.hpp>
#include <cococtl/util/fs.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace cococtl::secrets {
namespace fs = std::filesystem;

util::Result<void> check_private_permissions(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return util::invalid_input(fmt::format("{}: file not found", display_path(path)));
    return util::invalid_input(fmt::format("{}: {}", display_path(path), std::strerror(errno)));
  }
  if (st.st_uid != ::geteuid()) {
    return util::invalid_input(fmt::format("{}: private file is owned by uid {}, not by you (uid {})",
                                           display_path(path), st.st_uid, ::geteuid()));
  }
  if ((st.st_mode & 077) != 0) {
    return util::invalid_input(fmt::format("{}: permissions {:04o} are too open for a private file; run chmod 600 '{}'",
                                           display_path(path), st.st_mode & 07777, path.string()));
  }
  return {};
}

util::Result<std::string> read_private_file(const fs::path& path) {
  COCO_TRY(check_private_permissions(path));
  return util::read_file(path, k_secret_file_limit);
}

util::Result<std::string> read_public_file(const fs::path& path) { return util::read_file(path, k_secret_file_limit); }

util::Result<void> write_secret_file(const fs::path& path, std::string_view content, bool is_private) {
  return util::write_file_atomic(path, content, is_private ? 0600 : 0644);
}

std::string display_path(const fs::path& path) {
  const std::string home = util::home_directory().string();
  const std::string text = path.string();
  if (home.size() > 1 && text.rfind(home + "/", 0) == 0) return "~" + text.substr(home.size());
  return text;
}

}  // namespace cococtl::secrets
