#pragma once
// Helpers for the wait-rule tests: objects are written inline as JSON, in the shape the real
// controllers report, and a State is compared as one readable string.

#include <cococtl/kube/wait.hpp>

#include <string>
#include <string_view>

namespace cococtl::test {

// "ready: ...", "failed: ..." or "waiting: ..." (done && ok, done && !ok, !done); "invalid: ..."
// for the one combination no rule may return (ok without done).
inline std::string show(const kube::wait::State& s) {
  const char* verdict = !s.done ? (s.ok ? "invalid: " : "waiting: ") : s.ok ? "ready: " : "failed: ";
  return verdict + s.message;
}

inline std::string wait_state(const nlohmann::json& object, const kube::wait::Expectation& expect = {}) {
  return show(kube::wait::evaluate(object, expect));
}

inline std::string wait_state(std::string_view object, const kube::wait::Expectation& expect = {}) {
  return wait_state(nlohmann::json::parse(object), expect);
}

inline std::string wait_state(const std::string& object, const kube::wait::Expectation& expect = {}) {
  return wait_state(std::string_view(object), expect);
}

inline std::string wait_state(const char* object, const kube::wait::Expectation& expect = {}) {
  return wait_state(std::string_view(object), expect);
}

}  // namespace cococtl::test
