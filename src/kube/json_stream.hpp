#pragma once
// Splits a byte stream of concatenated JSON objects (a watch response) into whole objects,
// however the chunks happen to be cut.

#include <string>
#include <string_view>

namespace cococtl::kube::detail {

class JsonStream {
 public:
  // Appends `chunk` and calls on_object(text) for every object completed; stops early and
  // returns false when on_object does.
  template <typename Fn>
  bool feed(std::string_view chunk, Fn&& on_object) {
    for (char c : chunk) {
      if (m_depth == 0 && c != '{') continue;  // whitespace/newlines between objects
      m_buffer.push_back(c);
      if (!step(c)) continue;
      const bool go_on = on_object(std::string_view(m_buffer));
      m_buffer.clear();
      if (!go_on) return false;
    }
    return true;
  }

 private:
  // Tracks nesting; true when `c` closed the top-level object.
  bool step(char c) {
    if (m_in_string) {
      if (m_escape) {
        m_escape = false;
      } else if (c == '\\') {
        m_escape = true;
      } else if (c == '"') {
        m_in_string = false;
      }
      return false;
    }
    if (c == '"') m_in_string = true;
    if (c == '{' || c == '[') ++m_depth;
    if (c == '}' || c == ']') return --m_depth == 0;
    return false;
  }

  std::string m_buffer;
  int m_depth = 0;
  bool m_in_string = false;
  bool m_escape = false;
};

}  // namespace cococtl::kube::detail
