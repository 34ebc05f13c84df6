#include "tar_builder.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace cococtl::oci::test {
namespace {

la_ssize_t append(archive* /*a*/, void* user, const void* buffer, size_t length) {
  static_cast<std::string*>(user)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

void check(archive* a, int rc) {
  if (rc < ARCHIVE_WARN) throw std::runtime_error(archive_error_string(a) ? archive_error_string(a) : "libarchive");
}

void write_entry(archive* a, const TarEntry& e) {
  std::unique_ptr<archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(), archive_entry_free);
  archive_entry_set_pathname(entry.get(), e.name.c_str());
  archive_entry_set_perm(entry.get(), 0644);
  archive_entry_set_mtime(entry.get(), 0, 0);
  switch (e.type) {
    case EntryType::file:
      archive_entry_set_filetype(entry.get(), AE_IFREG);
      archive_entry_set_size(entry.get(), static_cast<la_int64_t>(e.content.size()));
      break;
    case EntryType::directory: archive_entry_set_filetype(entry.get(), AE_IFDIR); break;
    case EntryType::symlink:
      archive_entry_set_filetype(entry.get(), AE_IFLNK);
      archive_entry_set_symlink(entry.get(), e.link.c_str());
      break;
    case EntryType::hardlink:
      archive_entry_set_filetype(entry.get(), AE_IFREG);
      archive_entry_set_hardlink(entry.get(), e.link.c_str());
      break;
    case EntryType::char_device:
      archive_entry_set_filetype(entry.get(), AE_IFCHR);
      archive_entry_set_rdev(entry.get(), 0x0103);
      break;
    case EntryType::fifo: archive_entry_set_filetype(entry.get(), AE_IFIFO); break;
  }
  check(a, archive_write_header(a, entry.get()));
  if (e.type == EntryType::file && !e.content.empty()) {
    if (archive_write_data(a, e.content.data(), e.content.size()) < 0) check(a, ARCHIVE_FATAL);
  }
}

}  // namespace

std::string make_tar(const std::vector<TarEntry>& entries, TarCompression compression, TarFormat format) {
  std::string out;
  std::unique_ptr<archive, decltype(&archive_write_free)> a(archive_write_new(), archive_write_free);
  if (format == TarFormat::pax) check(a.get(), archive_write_set_format_pax_restricted(a.get()));
  if (format == TarFormat::gnu) check(a.get(), archive_write_set_format_gnutar(a.get()));
  if (format == TarFormat::ustar) check(a.get(), archive_write_set_format_ustar(a.get()));
  if (compression == TarCompression::gzip) check(a.get(), archive_write_add_filter_gzip(a.get()));
  if (compression == TarCompression::zstd) check(a.get(), archive_write_add_filter_zstd(a.get()));
  archive_write_set_bytes_in_last_block(a.get(), 1);
  check(a.get(), archive_write_open(a.get(), &out, nullptr, append, nullptr));
  for (const auto& e : entries) write_entry(a.get(), e);
  check(a.get(), archive_write_close(a.get()));
  return out;
}

std::string sha256_hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  static const char* k_hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += k_hex[md[i] >> 4];
    out += k_hex[md[i] & 15];
  }
  return out;
}

std::string sha256_digest(const std::string& data) { return "sha256:" + sha256_hex(data); }

}  // namespace cococtl::oci::test
