#pragma once
// Waiting for readiness: one watch per collection, each object judged by its kind's readiness
// rule (kube::wait) on every change. Never a silent hang: every change of what is awaited is
// reported, and a timeout names each object still not ready with its last observed state.

#include "context.hpp"

#include <cococtl/kube/wait.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace cococtl::install {

struct WaitItem {
  std::string api_version{};
  std::string kind{};
  std::string ns{};  // "" for cluster-scoped
  std::string name{};
  kube::wait::Expectation expect{};

  // "Kind ns/name" or "Kind name".
  std::string display() const;
};

// The wait item for a rendered object.
WaitItem wait_item(const manifest::Object& object, kube::wait::Expectation expect = {});

// Waits until every item is ready. Reports "waiting" events with the rule's message whenever it
// changes, then "ready". Fails (failure) as soon as an item's rule says it failed, with its
// message; (timed_out) after `timeout`, naming every item not ready and its last state;
// (interrupted) on SIGINT, within about a second.
util::Result<void> wait_for(Context& context, const std::vector<WaitItem>& items, std::chrono::milliseconds timeout);

}  // namespace cococtl::install
