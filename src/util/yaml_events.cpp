#include "yaml_events.hpp"

#include <fmt/format.h>

#include <memory>

namespace cococtl::util::detail {

Result<void> for_each_yaml_event(std::string_view text, std::string_view source, const YamlEventHandler& on_event) {
  yaml_parser_t raw;
  if (!yaml_parser_initialize(&raw)) return failure("libyaml: cannot initialise the parser");
  const std::unique_ptr<yaml_parser_t, void (*)(yaml_parser_t*)> parser(&raw, yaml_parser_delete);
  yaml_parser_set_input_string(parser.get(), reinterpret_cast<const unsigned char*>(text.data()), text.size());
  while (true) {
    yaml_event_t event;
    if (!yaml_parser_parse(parser.get(), &event)) {
      return invalid_input(fmt::format("{}:{}:{}: {}", source, raw.problem_mark.line + 1, raw.problem_mark.column + 1,
                                       raw.problem ? raw.problem : "syntax error"));
    }
    auto result = on_event(event);
    const bool done = event.type == YAML_STREAM_END_EVENT;
    yaml_event_delete(&event);
    if (!result.ok()) return result;
    if (done) return {};
  }
}

}  // namespace cococtl::util::detail
