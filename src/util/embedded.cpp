#include <cococtl/util/embedded.hpp>

#include <algorithm>

namespace cococtl::util {

const EmbeddedFile* find_embedded(std::span<const EmbeddedFile> table, std::string_view path) {
  const auto it = std::lower_bound(table.begin(), table.end(), path,
                                   [](const EmbeddedFile& f, std::string_view p) { return f.path < p; });
  return (it != table.end() && it->path == path) ? &*it : nullptr;
}

}  // namespace cococtl::util
