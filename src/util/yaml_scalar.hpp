#pragma once
// Shared by the two YAML front ends (yaml-cpp and libyaml); private to util.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace cococtl::util::detail {

// A plain scalar typed by the YAML 1.2 core schema: null, bool, integer, float, else string.
nlohmann::json typed_plain_scalar(const std::string& text);

// The offset of the first byte that is not valid UTF-8 text (or is NUL), or npos.
std::size_t first_binary_byte(std::string_view text);

}  // namespace cococtl::util::detail
