#include "context.hpp"

namespace cococtl::install {

void Context::emit(Event event) const {
  event.cluster = options.cluster_name;
  if (event.stage.empty()) event.stage = stage;
  reporter.report(event);
}

void Context::note(const std::string& message, const std::string& action) const {
  emit({.type = "note", .action = action, .result = "ok", .message = message});
}

std::vector<manifest::Object> Context::objects_of(manifest::Stage wanted) const {
  std::vector<manifest::Object> out;
  for (const auto& o : plan.rendered.objects) {
    if (o.stage() == wanted) out.push_back(o);
  }
  return out;
}

}  // namespace cococtl::install
