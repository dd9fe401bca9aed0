// Shared parts of the CSV loaders: problem lists, column mapping, CSR order.
#include <sys/mman.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <new>
#include <numeric>

#include <fmt/format.h>

#include "core/text.h"
#include "population/internal/loader.h"
#include "population/internal/parallel.h"

namespace barometer::population::internal {

bool ProblemList::Commit(int64_t line, std::string_view raw) {
  if (pending_.empty()) {
    bool ok = !consequence_;
    consequence_ = false;
    return ok;
  }
  consequence_ = false;
  ++bad_rows_;
  for (std::string& m : pending_) {
    ++problems_;
    if (keep_all_ || listed_.size() < cap_) {
      // Messages quote the row's values: control characters and bytes that
      // are not UTF-8 are shown escaped, so a hostile extract cannot drive the
      // terminal (or a rejects file's reader) through them.
      listed_.push_back({line, ShowControls(m), keep_all_ ? std::string(raw) : std::string()});
    }
  }
  pending_.clear();
  return false;
}

void ProblemList::Merge(ProblemList&& other) {
  problems_ += other.problems_;
  bad_rows_ += other.bad_rows_;
  for (RowProblem& p : other.listed_) {
    if (keep_all_ || listed_.size() < cap_) listed_.push_back(std::move(p));
  }
}

void ProblemList::SortByLine() {
  std::stable_sort(listed_.begin(), listed_.end(),
                   [](const RowProblem& a, const RowProblem& b) { return a.line < b.line; });
}

Result<CsvSource> OpenCsvSource(const std::string& path, const std::vector<std::string>& required,
                                int threads) {
  auto file = MappedFile::Open(path);
  if (!file.ok()) return file.status();
  static constexpr size_t kPieceBytes = 4 << 20;
  auto plan = PlanCsv((*file)->text(), path, kPieceBytes, file->get(), threads);
  if (!plan.ok()) return plan.status();
  CsvSource src{path, *file, std::move(*plan), {}};
  std::vector<std::string> missing;
  for (const std::string& name : required) {
    auto it = std::find(src.plan.header.begin(), src.plan.header.end(), name);
    if (it == src.plan.header.end()) {
      std::string hint = DidYouMean(name, src.plan.header);
      missing.push_back(hint.empty() ? fmt::format("'{}'", name)
                                     : fmt::format("'{}' ({})", name, hint));
      continue;
    }
    src.columns.push_back(static_cast<size_t>(it - src.plan.header.begin()));
  }
  if (!missing.empty()) {
    return Status::InvalidInput(
        fmt::format("missing column{} {}; the header must name {} (see docs/population-data.md)",
                    missing.size() > 1 ? "s" : "", fmt::join(missing, ", "),
                    fmt::join(required, ", ")),
        {path, 1, 0});
  }
  return src;
}

namespace {
int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

PhaseTrace::PhaseTrace(std::string scope) : scope_(std::move(scope)) {
  const char* env = std::getenv("BAROMETER_TRACE");
  on_ = env != nullptr && *env != 0;
  if (on_) last_ns_ = NowNs();
}

void PhaseTrace::Mark(std::string_view phase) {
  if (!on_) return;
  int64_t now = NowNs();
  fmt::print(stderr, "trace: {} {}: {:.3f} s\n", scope_, phase, (now - last_ns_) / 1e9);
  last_ns_ = now;
}

namespace {
constexpr size_t kHugeThreshold = size_t{32} << 20;
}  // namespace

void* AllocateLarge(size_t bytes) {
  if (bytes < kHugeThreshold) return ::operator new(bytes);
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  ::madvise(p, bytes, MADV_HUGEPAGE);  // a hint: ignored where THP is off
  return p;
}

void FreeLarge(void* p, size_t bytes) {
  if (p == nullptr) return;
  if (bytes < kHugeThreshold) {
    ::operator delete(p);
  } else {
    ::munmap(p, bytes);
  }
}

bool GroupedByPerson(std::span<const uint32_t> person, int threads) {
  constexpr size_t kGrain = 1 << 20;
  size_t n = person.size();
  std::vector<char> ok(PieceCount(n, kGrain), 1);
  ParallelFor(ok.size(), threads, [&](size_t piece) {
    size_t b = std::max<size_t>(1, piece * kGrain), e = std::min(n, (piece + 1) * kGrain);
    uint32_t bad = 0;
    for (size_t i = b; i < e; ++i) bad |= person[i - 1] > person[i];
    ok[piece] = bad == 0;
  });
  return std::find(ok.begin(), ok.end(), 0) == ok.end();
}

std::vector<uint64_t> CsrOrder(std::span<const uint32_t> person, std::span<const int32_t> date,
                               size_t people, int threads) {
  bool sorted = true;
  for (size_t i = 1; i < person.size() && sorted; ++i) {
    sorted = person[i - 1] < person[i] || (person[i - 1] == person[i] && date[i - 1] <= date[i]);
  }
  if (sorted) return {};
  // A stable counting sort by person, then a stable sort by date within each.
  std::vector<uint64_t> start(people + 1, 0);
  for (uint32_t p : person) ++start[p + 1];
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<uint64_t> order(person.size());
  std::vector<uint64_t> next(start.begin(), start.end() - 1);
  for (size_t i = 0; i < person.size(); ++i) order[next[person[i]]++] = i;
  static constexpr size_t kGrain = 1 << 16;
  ParallelFor(PieceCount(people, kGrain), threads, [&](size_t piece) {
    size_t last = std::min(people, (piece + 1) * kGrain);
    for (size_t p = piece * kGrain; p < last; ++p) {
      auto b = order.begin() + static_cast<ptrdiff_t>(start[p]);
      auto e = order.begin() + static_cast<ptrdiff_t>(start[p + 1]);
      if (e - b > 1) {
        std::stable_sort(b, e, [&](uint64_t x, uint64_t y) { return date[x] < date[y]; });
      }
    }
  });
  return order;
}

std::vector<uint64_t> CsrOffsets(std::span<const uint32_t> person_sorted, size_t people,
                                 int threads) {
  // offsets[p] is the first row whose person is p or later: each piece of
  // people finds its first row by binary search, then walks.
  std::vector<uint64_t> offsets(people + 1);
  const uint32_t* rows = person_sorted.data();
  const size_t n = person_sorted.size();
  constexpr size_t kGrain = 1 << 16;
  ParallelFor(PieceCount(people + 1, kGrain), threads, [&](size_t piece) {
    size_t first = piece * kGrain, last = std::min(people + 1, first + kGrain);
    size_t i = static_cast<size_t>(std::lower_bound(rows, rows + n, first) - rows);
    for (size_t p = first; p < last; ++p) {
      while (i < n && rows[i] < p) ++i;
      offsets[p] = i;
    }
  });
  return offsets;
}

}  // namespace barometer::population::internal
