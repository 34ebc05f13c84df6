#include "tar_entry.hpp"

#include <cococtl/oci/layer_search.hpp>
#include <cococtl/util/strings.hpp>

#include <algorithm>

namespace cococtl::oci {
namespace {

constexpr std::string_view k_whiteout_prefix = ".wh.";
constexpr std::string_view k_opaque_marker = ".wh..wh..opq";

// True when `prefix` equals the first prefix.size() parts of `path` (and is not longer).
bool is_prefix(const std::vector<std::string>& prefix, const std::vector<std::string>& path, std::size_t max_len) {
  return prefix.size() <= max_len && prefix.size() <= path.size() &&
         std::equal(prefix.begin(), prefix.end(), path.begin());
}

}  // namespace

NormalisedPath normalise_entry_path(std::string_view name) {
  NormalisedPath out;
  if (name.starts_with('/')) out.unsafe = true;
  std::vector<std::string> kept;
  for (auto& part : util::split(name, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") out.unsafe = true;
    kept.push_back(std::move(part));
  }
  out.path = util::join(kept, "/");
  return out;
}

EntryEffect classify_entry(const std::vector<std::string>& parts, EntryKind kind, const std::vector<std::string>& target) {
  if (parts.empty()) return EntryEffect::none;
  if (parts == target) return EntryEffect::target;
  const std::vector<std::string> parent(parts.begin(), parts.end() - 1);
  const auto& last = parts.back();
  if (last == k_opaque_marker) {
    return is_prefix(parent, target, target.size() - 1) ? EntryEffect::opaque : EntryEffect::none;
  }
  if (last.starts_with(k_whiteout_prefix)) {
    auto hidden = parent;
    hidden.push_back(last.substr(k_whiteout_prefix.size()));
    return is_prefix(hidden, target, target.size()) ? EntryEffect::whiteout : EntryEffect::none;
  }
  if (kind != EntryKind::directory && is_prefix(parts, target, target.size() - 1)) return EntryEffect::replaced;
  return EntryEffect::none;
}

std::string_view entry_kind_name(EntryKind kind) {
  switch (kind) {
    case EntryKind::regular: return "regular file";
    case EntryKind::directory: return "directory";
    case EntryKind::hardlink: return "hard link";
    case EntryKind::symlink: return "symbolic link";
    case EntryKind::special: return "device, fifo or socket";
  }
  return "entry";
}

}  // namespace cococtl::oci
