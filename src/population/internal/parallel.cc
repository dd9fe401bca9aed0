#include "population/internal/parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace barometer::population::internal {

int ResolveThreads(int requested) {
  if (requested > 0) return requested;
  unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

size_t WorkerCount(size_t n, int threads) {
  return std::max<size_t>(1, std::min<size_t>(std::max(threads, 1), n));
}

void ParallelFor(size_t n, int threads, const std::function<void(size_t)>& fn) {
  ParallelForWorkers(n, threads, [&](size_t, size_t i) { fn(i); });
}

void ParallelForWorkers(size_t n, int threads, const std::function<void(size_t, size_t)>& fn) {
  if (n == 0) return;
  size_t workers = WorkerCount(n, threads);
  std::atomic<size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mu;
  auto work = [&](size_t worker) {
    for (;;) {
      size_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= n) return;
      try {
        fn(worker, i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mu);
        if (!error) error = std::current_exception();
        next.store(n, std::memory_order_relaxed);  // stop handing out work
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  for (size_t t = 1; t < workers; ++t) pool.emplace_back(work, t);
  work(0);
  for (std::thread& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace barometer::population::internal
