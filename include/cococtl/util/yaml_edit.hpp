#pragma once
// Editing YAML a person wrote without losing what they wrote: the text is changed in place
// (comments, order, quoting and blank lines kept), never re-serialised.

#include <cococtl/util/result.hpp>

#include <string>
#include <string_view>

namespace cococtl::util {

// Appends `items` to the block sequence under the top-level key `key` of the single-document
// `text`: inserted after the last line of the sequence's last item, each non-empty line of
// `items` (written as sequence items starting at column 0, "- name: x") indented to the column of
// the existing items' dashes. Every other byte of `text` is kept. Fails (invalid_input, naming
// `source`) when `text` is not YAML, has no top-level `key`, or its value is not a non-empty
// block sequence.
Result<std::string> append_to_block_sequence(std::string_view text, std::string_view source, std::string_view key,
                                             std::string_view items);

}  // namespace cococtl::util
