#include <cococtl/install/reporter.hpp>

namespace cococtl::install {

void RecordingReporter::report(const Event& event) {
  const std::lock_guard lock(m_mutex);
  m_events.push_back(event);
}

std::vector<Event> RecordingReporter::events() const {
  const std::lock_guard lock(m_mutex);
  return m_events;
}

}  // namespace cococtl::install
