#pragma once
// The libyaml event loop shared by the util YAML readers (private to util).

#include <cococtl/util/result.hpp>

#include <yaml.h>

#include <functional>
#include <string_view>

namespace cococtl::util::detail {

using YamlEventHandler = std::function<Result<void>(const yaml_event_t&)>;

// Feeds every libyaml event of `text` to `on_event` until the stream ends, `on_event` fails (its
// error is returned) or the text is not YAML (invalid_input "source:line:col: problem").
Result<void> for_each_yaml_event(std::string_view text, std::string_view source, const YamlEventHandler& on_event);

}  // namespace cococtl::util::detail
