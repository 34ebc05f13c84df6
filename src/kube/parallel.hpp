#pragma once
// Runs fn(0..count-1) on up to `concurrency` threads; stops handing out work after SIGINT.

#include <cococtl/util/interrupt.hpp>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace cococtl::kube::detail {

template <typename Fn>
void parallel_for(std::size_t count, std::size_t concurrency, Fn&& fn) {
  const std::size_t workers = std::min(count, std::max<std::size_t>(1, concurrency));
  if (workers <= 1) {
    for (std::size_t i = 0; i < count && !util::interrupted(); ++i) fn(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> threads;
  threads.reserve(workers);
  for (std::size_t w = 0; w < workers; ++w) {
    threads.emplace_back([&] {
      for (std::size_t i = next++; i < count && !util::interrupted(); i = next++) fn(i);
    });
  }
  for (auto& t : threads) t.join();
}

}  // namespace cococtl::kube::detail
