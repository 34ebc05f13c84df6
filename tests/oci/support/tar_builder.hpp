#pragma once
// Builds tar layers in memory with libarchive's writer, including entries no well-behaved
// tool would produce (absolute paths, "..", devices), for the layer-search tests.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace cococtl::oci::test {

enum class EntryType { file, directory, symlink, hardlink, char_device, fifo };

struct TarEntry {
  TarEntry(std::string n, std::string c = "", EntryType t = EntryType::file, std::string l = "")
      : name(std::move(n)), content(std::move(c)), type(t), link(std::move(l)) {}

  std::string name;
  std::string content;
  EntryType type = EntryType::file;
  std::string link;  // symlink / hardlink target
};

enum class TarCompression { none, gzip, zstd };
enum class TarFormat { pax, gnu, ustar };

// The tar stream of `entries`, compressed as asked. Throws std::runtime_error on libarchive errors.
std::string make_tar(const std::vector<TarEntry>& entries, TarCompression compression = TarCompression::none,
                     TarFormat format = TarFormat::pax);

// Lower-case hex sha256 of `data`, and "sha256:<hex>".
std::string sha256_hex(const std::string& data);
std::string sha256_digest(const std::string& data);

}  // namespace cococtl::oci::test
