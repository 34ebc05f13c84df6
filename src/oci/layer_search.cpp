#include <cococtl/oci/layer_search.hpp>

#include "byte_channel.hpp"
#include "tar_entry.hpp"

#include <cococtl/util/strings.hpp>

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <thread>

namespace cococtl::oci {
namespace {

constexpr std::size_t k_chunk_bytes = 256 * 1024;
constexpr std::size_t k_channel_bytes = 4 * 1024 * 1024;

EntryKind kind_of(archive_entry* entry) {
  if (archive_entry_hardlink(entry) != nullptr) return EntryKind::hardlink;
  switch (archive_entry_filetype(entry)) {
    case AE_IFREG: return EntryKind::regular;
    case AE_IFDIR: return EntryKind::directory;
    case AE_IFLNK: return EntryKind::symlink;
    default: return EntryKind::special;
  }
}

// Deleting libarchive handles from a unique_ptr.
struct ArchiveFree {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveFree>;

}  // namespace

struct LayerSearch::State {
  LayerSearchOptions options;
  std::vector<std::string> target;
  ByteChannel channel{k_channel_bytes};
  std::string staging;  // producer side: bytes not yet handed over
  std::string current;  // consumer side: the chunk libarchive is reading
  util::Result<LayerSearchResult> outcome = LayerSearchResult{};
  bool deleted = false;
  bool opaque = false;
  std::thread worker;

  void run();
  util::Result<ArchivePtr> open_reader();
  static la_ssize_t read_callback(archive* a, void* user, const void** buffer);
  util::Result<LayerSearchResult> scan(archive* a);
  util::Result<bool> visit(archive* a, archive_entry* entry, LayerSearchResult& result);
  util::Result<std::string> read_target(archive* a, archive_entry* entry, const std::string& name);
};

namespace {

util::Error archive_failure(archive* a, std::string_view what) {
  const char* text = archive_error_string(a);
  return util::failure(fmt::format("{}: {}", what, text ? text : "unknown libarchive error"));
}

}  // namespace

la_ssize_t LayerSearch::State::read_callback(archive* /*a*/, void* user, const void** buffer) {
  auto* state = static_cast<State*>(user);
  auto chunk = state->channel.pop();
  if (!chunk) return 0;
  state->current = std::move(*chunk);
  *buffer = state->current.data();
  return static_cast<la_ssize_t>(state->current.size());
}

// gzip and zstd through the linked libraries only: ARCHIVE_WARN means libarchive would run an
// external program, which cococtl never does.
util::Result<ArchivePtr> LayerSearch::State::open_reader() {
  ArchivePtr a(archive_read_new());
  if (!a) return util::failure("libarchive: out of memory");
  if (archive_read_support_filter_gzip(a.get()) != ARCHIVE_OK || archive_read_support_filter_zstd(a.get()) != ARCHIVE_OK) {
    return util::failure("libarchive was built without zlib or zstd support");
  }
  archive_read_support_format_tar(a.get());
  archive_read_support_format_empty(a.get());
  if (archive_read_open(a.get(), this, nullptr, read_callback, nullptr) != ARCHIVE_OK) {
    return archive_failure(a.get(), "layer is not a tar archive");
  }
  return a;
}

util::Result<std::string> LayerSearch::State::read_target(archive* a, archive_entry* entry, const std::string& name) {
  const auto limit = options.max_file_size;
  if (archive_entry_size_is_set(entry) && static_cast<std::size_t>(archive_entry_size(entry)) > limit) {
    return util::failure(fmt::format("layer entry \"{}\" is {} bytes, more than the {} allowed", name,
                                     archive_entry_size(entry), limit));
  }
  std::string content;
  char buffer[16 * 1024];
  while (true) {
    const auto n = archive_read_data(a, buffer, sizeof buffer);
    if (n < 0) return archive_failure(a, fmt::format("reading layer entry \"{}\"", name));
    if (n == 0) return content;
    if (content.size() + static_cast<std::size_t>(n) > limit) {
      return util::failure(fmt::format("layer entry \"{}\" is larger than the {} bytes allowed", name, limit));
    }
    content.append(buffer, static_cast<std::size_t>(n));
  }
}

// Returns true when the search is over (file found).
util::Result<bool> LayerSearch::State::visit(archive* a, archive_entry* entry, LayerSearchResult& result) {
  const char* raw = archive_entry_pathname_utf8(entry);
  if (raw == nullptr) raw = archive_entry_pathname(entry);
  if (raw == nullptr) return util::failure("layer has an entry without a readable name");
  const auto norm = normalise_entry_path(raw);
  if (norm.unsafe) {
    return util::failure(fmt::format("layer has an unsafe entry {} (absolute path or \"..\"); refusing the layer",
                                     util::quote_for_message(raw)));
  }
  const auto kind = kind_of(entry);
  switch (classify_entry(util::split(norm.path, '/'), kind, target)) {
    case EntryEffect::target: {
      if (kind != EntryKind::regular) {
        return util::failure(fmt::format("layer entry \"{}\" is a {}, not a regular file; refusing it", norm.path,
                                         entry_kind_name(kind)));
      }
      COCO_TRY_ASSIGN(result.content, read_target(a, entry, norm.path));
      result.verdict = LayerVerdict::found;
      return true;
    }
    case EntryEffect::whiteout:
    case EntryEffect::replaced: deleted = true; break;
    case EntryEffect::opaque: opaque = true; break;
    case EntryEffect::none: break;
  }
  return false;
}

util::Result<LayerSearchResult> LayerSearch::State::scan(archive* a) {
  LayerSearchResult result;
  archive_entry* entry = nullptr;
  while (true) {
    const int r = archive_read_next_header(a, &entry);
    if (r == ARCHIVE_EOF) break;
    if (r == ARCHIVE_WARN) spdlog::debug("layer: {}", archive_error_string(a) ? archive_error_string(a) : "warning");
    if (r < ARCHIVE_WARN) return archive_failure(a, "layer is not a readable tar stream");
    COCO_TRY_ASSIGN(const bool done, visit(a, entry, result));
    if (done) return result;
  }
  result.verdict = deleted ? LayerVerdict::deleted : opaque ? LayerVerdict::opaque : LayerVerdict::absent;
  return result;
}

void LayerSearch::State::run() {
  {
    auto reader = open_reader();
    outcome = reader ? scan(reader->get()) : util::Result<LayerSearchResult>(std::move(reader).error());
  }
  channel.stop();
}

LayerSearch::LayerSearch(LayerSearchOptions options, LayerCompression compression) : m_state(std::make_unique<State>()) {
  spdlog::trace("layer search for {} (compression hint {})", options.target, static_cast<int>(compression));
  m_state->target = util::split(normalise_entry_path(options.target).path, '/');
  m_state->options = std::move(options);
  m_state->staging.reserve(k_chunk_bytes);
  m_state->worker = std::thread([state = m_state.get()] { state->run(); });
}

LayerSearch::~LayerSearch() {
  if (m_state && m_state->worker.joinable()) {
    m_state->channel.stop();
    m_state->worker.join();
  }
}

bool LayerSearch::feed(std::string_view bytes) {
  auto& s = *m_state;
  if (s.channel.stopped()) return false;
  s.staging.append(bytes);
  if (s.staging.size() < k_chunk_bytes) return true;
  std::string chunk;
  chunk.reserve(k_chunk_bytes);
  std::swap(chunk, s.staging);
  return s.channel.push(std::move(chunk));
}

util::Result<LayerSearchResult> LayerSearch::finish() {
  auto& s = *m_state;
  if (!s.staging.empty()) s.channel.push(std::move(s.staging));
  s.staging.clear();
  s.channel.close();
  if (s.worker.joinable()) s.worker.join();
  return std::move(s.outcome);
}

}  // namespace cococtl::oci
