// population/internal/large_vector.h — vectors for columns of hundreds of
// MB: not zeroed when sized, so the pages a column's writers touch first are
// the only ones faulted in (on the writers' own threads).
#pragma once

#include <cstddef>
#include <new>
#include <utility>
#include <vector>

namespace barometer::population::internal {

// Memory for large columns: not zeroed when sized (every row is written by
// the parser), and taken from the system in huge pages where it can (fewer
// page faults for columns of hundreds of MB).
void* AllocateLarge(size_t bytes);
void FreeLarge(void* p, size_t bytes);

template <typename T>
struct LargeAllocator {
  using value_type = T;
  LargeAllocator() = default;
  template <typename U>
  LargeAllocator(const LargeAllocator<U>&) {}  // NOLINT: allocator rebinding
  T* allocate(size_t n) { return static_cast<T*>(AllocateLarge(n * sizeof(T))); }
  void deallocate(T* p, size_t n) { FreeLarge(p, n * sizeof(T)); }
  template <typename U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;  // default-initialised: left as is
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  template <typename U>
  bool operator==(const LargeAllocator<U>&) const {
    return true;
  }
};
template <typename T>
using LargeVector = std::vector<T, LargeAllocator<T>>;

}  // namespace barometer::population::internal
