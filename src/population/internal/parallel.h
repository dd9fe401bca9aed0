// population/internal/parallel.h — the thread pool-free parallel loop the
// engine's scans use.
//
// Work is cut into a fixed number of pieces that does not depend on the
// number of threads, and each piece's result lands in its own slot, so a
// scan that merges its slots in order gives the same answer on 1 thread or 32.
#pragma once

#include <cstddef>
#include <functional>

namespace barometer::population::internal {

// The number of threads to use: `requested` when > 0, otherwise the
// hardware's (at least 1).
int ResolveThreads(int requested);

// Calls fn(i) once for every i in [0, n), on up to `threads` threads
// (including the caller), handing out indices in order. If fn throws, the
// first exception is rethrown here after all threads have stopped.
void ParallelFor(size_t n, int threads, const std::function<void(size_t)>& fn);

// Like ParallelFor, also passing the number of the worker running fn
// (0 .. WorkerCount(n, threads) - 1), so each worker can fill its own partial
// result without locks.
size_t WorkerCount(size_t n, int threads);
void ParallelForWorkers(size_t n, int threads, const std::function<void(size_t, size_t)>& fn);

// Rows per piece when a range of `rows` is split for a scan: fixed pieces of
// `grain` rows (the last may be shorter). Returns the number of pieces.
inline size_t PieceCount(size_t rows, size_t grain) {
  return rows == 0 ? 0 : (rows + grain - 1) / grain;
}

}  // namespace barometer::population::internal
