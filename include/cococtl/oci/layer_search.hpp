#pragma once
// Finding one file in a layer blob while it streams in: bytes are pushed as they arrive
// (gzip, zstd or plain tar, decoded by libarchive on a helper thread), nothing is written to
// disk, and only the wanted file's content is kept in memory (bounded).

#include <cococtl/oci/media_types.hpp>
#include <cococtl/util/result.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace cococtl::oci {

// What one layer says about the file, given the layers below it (OCI layer.md whiteouts).
enum class LayerVerdict {
  found,    // the layer holds the file: it wins over every lower layer
  deleted,  // a whiteout (of the file or an ancestor) or a non-directory ancestor hides it
  opaque,   // an opaque marker hides lower layers for the file's folder: not found below
  absent,   // the layer says nothing: look in the next lower layer
};

struct LayerSearchResult {
  LayerVerdict verdict = LayerVerdict::absent;
  std::string content;  // the file, when found
};

struct LayerSearchOptions {
  std::string target;                     // "image/measurements.json" (no leading '/')
  std::size_t max_file_size = 1024 * 1024;  // larger target files are an error
};

// Tar entry paths as cococtl compares them: "./a//b/" → "a/b"; `unsafe` marks absolute paths
// and ".." components, which cococtl refuses.
struct NormalisedPath {
  std::string path;
  bool unsafe = false;
};
NormalisedPath normalise_entry_path(std::string_view name);

class LayerSearch {
 public:
  // Starts the decoder thread. `compression` is a hint: gzip/zstd/plain are recognised by magic.
  LayerSearch(LayerSearchOptions options, LayerCompression compression);
  ~LayerSearch();
  LayerSearch(const LayerSearch&) = delete;
  LayerSearch& operator=(const LayerSearch&) = delete;

  // Passes the next bytes of the blob. Returns false once the search wants no more input
  // (file found, archive ended, or failed): the caller may keep hashing but stops feeding.
  bool feed(std::string_view bytes);

  // Ends the input and waits for the decoder. Fails (failure) on a corrupt or non-tar stream,
  // an unsafe entry (absolute or ".." path; the target being a link, device, folder...), or a
  // target larger than max_file_size; the message names the entry.
  util::Result<LayerSearchResult> finish();

 private:
  struct State;
  std::unique_ptr<State> m_state;
};

}  // namespace cococtl::oci
