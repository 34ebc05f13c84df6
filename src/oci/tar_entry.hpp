#pragma once
// What one tar entry means for the file being searched (OCI image-spec layer.md rules).

#include <string>
#include <string_view>
#include <vector>

namespace cococtl::oci {

enum class EntryKind { regular, directory, hardlink, symlink, special };

enum class EntryEffect {
  none,        // unrelated entry
  target,      // the file itself
  whiteout,    // ".wh.<name>" of the file or of an ancestor folder
  opaque,      // ".wh..wh..opq" in the file's folder or an ancestor
  replaced,    // an ancestor path that is not a folder in this layer
};

// `parts` is the normalised entry path split at '/', `target` the wanted path split likewise.
EntryEffect classify_entry(const std::vector<std::string>& parts, EntryKind kind, const std::vector<std::string>& target);

// "directory", "symbolic link", ... for messages.
std::string_view entry_kind_name(EntryKind kind);

}  // namespace cococtl::oci
