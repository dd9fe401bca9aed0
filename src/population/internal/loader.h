// population/internal/loader.h — the pieces of LoadExtract: one loader per
// CSV file of the contract, each parsing its file on all cores and checking
// every row.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "population/extract.h"
#include "population/internal/fast_csv.h"
#include "population/internal/large_vector.h"
#include "population/internal/parallel.h"
#include "population/internal/string_index.h"

namespace barometer::population::internal {

// One problem with one row.
struct RowProblem {
  int64_t line = 0;
  std::string message;
  std::string raw;  // the row's text (kept only when rejects are written)
};

// The problems of one file (or one piece of it). Lists at most `cap` of them
// unless every one is needed for a rejects file; always counts them all.
class ProblemList {
 public:
  ProblemList() = default;
  ProblemList(size_t cap, bool keep_all) : cap_(cap), keep_all_(keep_all) {}

  // Problems with the row now being checked; Commit() ends the row.
  void Add(std::string message) { pending_.push_back(std::move(message)); }
  // A problem that only follows from another row's (activity of a person
  // whose own row is bad): the row is left out, but it is reported only when
  // every left-out row is listed for a rejects file.
  void AddConsequence(std::string message) {
    if (keep_all_)
      Add(std::move(message));
    else
      consequence_ = true;
  }
  bool row_ok() const { return pending_.empty() && !consequence_; }
  // Files the pending problems under `line`; true when the row was good.
  bool Commit(int64_t line, std::string_view raw);
  void Merge(ProblemList&& other);
  void ShiftLines(int64_t offset) {
    for (RowProblem& p : listed_) p.line += offset;
  }
  // Sorts by line (pieces are merged in order, so this is only for safety).
  void SortByLine();

  int64_t problems() const { return problems_; }
  int64_t bad_rows() const { return bad_rows_; }
  const std::vector<RowProblem>& listed() const { return listed_; }

 private:
  size_t cap_ = 100;
  bool keep_all_ = false;
  int64_t problems_ = 0;
  int64_t bad_rows_ = 0;
  std::vector<std::string> pending_;
  bool consequence_ = false;
  std::vector<RowProblem> listed_;
};

// A file's parsed plan plus the mapping from contract columns to positions.
struct CsvSource {
  std::string path;  // for messages: DIR/persons.csv
  std::shared_ptr<const MappedFile> file;
  CsvPlan plan;
  std::vector<size_t> columns;  // position of each required column
};

// Maps and plans `path`, checking that every one of `required` columns is in
// its header (a missing one is an InvalidInput naming file and line 1, with a
// suggestion for a misspelt name).
Result<CsvSource> OpenCsvSource(const std::string& path, const std::vector<std::string>& required,
                                int threads = 1);

// The contract's columns of each file, in the order each loader reads
// CsvSource::columns (docs/population-data.md).
const std::vector<std::string>& AreasColumns();
const std::vector<std::string>& PersonsColumns();
const std::vector<std::string>& ConditionsColumns();
const std::vector<std::string>& ActivityColumns();
const std::vector<std::string>& PopulationColumns();

// The time each phase of a load takes, on stderr, when the environment sets
// BAROMETER_TRACE (for performance work: docs/performance.md); nothing
// otherwise.
class PhaseTrace {
 public:
  explicit PhaseTrace(std::string scope);
  // The time since the last mark (or since construction), as "scope phase".
  void Mark(std::string_view phase);

 private:
  bool on_ = false;
  std::string scope_;
  int64_t last_ns_ = 0;
};

// The options every loader shares.
struct LoaderContext {
  int threads = 1;
  size_t max_listed = 100;
  bool keep_all = false;            // keep every problem with its row (for rejects)
  int32_t no_dates_after = kNever;  // dates after this day are bad rows (future_dates.h)
};

// Parses every piece of `src` on ctx.threads threads into its own Part
// (which has a `ProblemList problems` member), calling
// parse(fields, line, part) for each well-formed record with the header's
// number of fields; bad quoting and wrong field counts are filed as problems
// here. Parts come back in file order.
//
// Two hooks make the common case fast:
//  - init(part, first_row, capacity) before a piece is read: the piece holds
//    at most `capacity` records (RecordCapacity), and the pieces before it
//    at most `first_row`, so a part can write into columns sized once for the
//    whole file instead of growing its own and being merged.
//  - fast(p, end, part) at the start of each record: reads a record in its
//    plain form (no quotes, no spaces to trim, every field good) and returns
//    where the next line starts, or nullptr to leave the record to `parse`
//    (which then files the same problems as always). So a good row costs one
//    pass over its bytes, without a vector of fields. A hook taking
//    (p, end, line, part) is also told the record's line (piece-relative,
//    like parse's); one that returns a FastRun reads records until the first
//    that is not plain (in a loop of its own, keeping its state in registers)
//    and says how far it got and how many lines that was.
// The lines of a part's rows, kept as runs: row `row` (of the part) is on
// `line`, and the rows after it up to the next run on the lines after it.
struct LineRun {
  size_t row = 0;
  int64_t line = 0;
};
// Adds row `row`, on `line`, to `runs`.
inline void AddLine(std::vector<LineRun>& runs, size_t row, int64_t line) {
  if (runs.empty() || line - runs.back().line != static_cast<int64_t>(row - runs.back().row)) {
    runs.push_back({row, line});
  }
}
// The line of row `row` of a part.
inline int64_t LineOf(const std::vector<LineRun>& runs, size_t row) {
  auto it = std::upper_bound(runs.begin(), runs.end(), row,
                             [](size_t r, const LineRun& run) { return r < run.row; });
  if (it == runs.begin()) return 0;
  --it;
  return it->line + static_cast<int64_t>(row - it->row);
}

// What a batch fast path read: records of one line each up to `next`.
struct FastRun {
  const char* next = nullptr;
  int64_t lines = 0;
};
struct NoInit {
  template <typename Part>
  void operator()(Part&, size_t, size_t) const {}
};
struct NoFastPath {
  template <typename Part>
  const char* operator()(const char*, const char*, Part&) const {
    return nullptr;
  }
};

// Whether the file's columns are exactly the contract's, in its order, and
// nothing else (so a fast path can read a row's fields by position).
inline bool PlainOrder(const CsvSource& src) {
  if (src.plan.header.size() != src.columns.size()) return false;
  for (size_t i = 0; i < src.columns.size(); ++i) {
    if (src.columns[i] != i) return false;
  }
  return true;
}

// The most records piece `i` of `src` can hold: one per '\n', plus one for
// a last line without one.
inline size_t RecordCapacity(const CsvSource& src, size_t i) {
  const CsvPiece& piece = src.plan.pieces[i];
  bool open_end = piece.end > piece.begin && src.file->text()[piece.end - 1] != '\n';
  return static_cast<size_t>(piece.newlines) + (open_end ? 1 : 0);
}
// ... and the whole file (the size of columns the pieces write into).
inline size_t RecordCapacity(const CsvSource& src) {
  size_t n = 0;
  for (size_t i = 0; i < src.plan.pieces.size(); ++i) n += RecordCapacity(src, i);
  return n;
}

template <typename Part, typename Parse, typename Init = NoInit, typename Fast = NoFastPath>
std::vector<Part> ParsePieces(const CsvSource& src, const LoaderContext& ctx, Parse&& parse,
                              Init&& init = {}, Fast&& fast = {}) {
  std::vector<Part> parts(src.plan.pieces.size());
  std::vector<size_t> first_row(parts.size() + 1, 0);
  for (size_t i = 0; i < parts.size(); ++i) {
    first_row[i + 1] = first_row[i] + RecordCapacity(src, i);
  }
  constexpr bool kHasFast = !std::is_same_v<std::decay_t<Fast>, NoFastPath>;
  constexpr bool kBatch =
      std::is_invocable_r_v<FastRun, Fast&, const char*, const char*, int64_t, Part&>;
  ParallelFor(parts.size(), ctx.threads, [&](size_t i) {
    Part& part = parts[i];
    part.problems = ProblemList(ctx.max_listed, ctx.keep_all);
    init(part, first_row[i], first_row[i + 1] - first_row[i]);
    const CsvPiece& piece = src.plan.pieces[i];
    const char* text = src.file->text().data();
    RecordCursor cursor(src.file->text(), piece);
    const size_t width = src.plan.header.size();
    for (;;) {
      if constexpr (kBatch) {  // the hook reads as many plain records as it can
        const char* at = text + cursor.position();
        if (at < text + piece.end) {
          FastRun run = fast(at, text + piece.end, cursor.next_line(), part);
          if (run.lines > 0) cursor.SkipLines(static_cast<size_t>(run.next - text), run.lines);
        }
      } else if constexpr (kHasFast) {
        const char* end = text + piece.end;
        const char* at = text + cursor.position();
        while (at < end) {
          const char* next;
          if constexpr (std::is_invocable_v<Fast&, const char*, const char*, int64_t, Part&>) {
            next = fast(at, end, cursor.next_line(), part);  // a hook that keeps lines
          } else {
            next = fast(at, end, part);
          }
          if (next == nullptr) break;
          at = next;
          cursor.SkipLine(static_cast<size_t>(at - text));
        }
      }
      if (!cursor.Next()) break;
      if (cursor.malformed()) {
        part.problems.Add(cursor.error() + " (column " + std::to_string(cursor.error_column()) +
                          ")");
      } else if (cursor.fields().size() != width) {
        part.problems.Add("expected " + std::to_string(width) + " fields as in the header, found " +
                          std::to_string(cursor.fields().size()));
      } else {
        parse(cursor.fields(), cursor.line(), part);
      }
      part.problems.Commit(cursor.line(), cursor.raw());
    }
    src.file->Release(piece.begin, piece.end);
  });
  // Lines so far are relative to each piece; make them absolute.
  std::vector<int64_t> newlines(parts.size());
  for (size_t i = 0; i < parts.size(); ++i) newlines[i] = src.plan.pieces[i].newlines;
  std::vector<int64_t> offsets = LineOffsets(src.plan, newlines);
  for (size_t i = 0; i < parts.size(); ++i) {
    parts[i].problems.ShiftLines(offsets[i]);
    if constexpr (requires { parts[i].lines; }) {
      for (int64_t& line : parts[i].lines) line += offsets[i];
    }
    if constexpr (requires { parts[i].line_runs; }) {
      for (LineRun& run : parts[i].line_runs) run.line += offsets[i];
    }
    if constexpr (requires { parts[i].bad_ids; }) {
      for (auto& [id, line] : parts[i].bad_ids) line += offsets[i];
    }
  }
  return parts;
}

// ParsePieces with the fast path `fast` where the file's columns are in
// contract order (PlainOrder), and without it otherwise.
template <typename Part, typename Parse, typename Init, typename Fast>
std::vector<Part> ParsePiecesFast(const CsvSource& src, const LoaderContext& ctx, Parse&& parse,
                                  Init&& init, Fast&& fast) {
  if (PlainOrder(src)) return ParsePieces<Part>(src, ctx, parse, init, fast);
  return ParsePieces<Part>(src, ctx, parse, init);
}

// A column that owns `values` (any vector type).
template <typename V>
Column<typename V::value_type> ToColumn(V&& values) {
  auto owner = std::make_shared<std::decay_t<V>>(std::move(values));
  const auto* data = owner->data();
  size_t size = owner->size();
  return Column<typename V::value_type>(std::move(owner), data, size);
}

// areas.csv -> extract->areas. Returns the index of LSOA codes, for the
// persons and population loaders.
Result<StringIndex> LoadAreas(const CsvSource& src, const LoaderContext& ctx, Extract* extract,
                              ProblemList* problems);

// The people of persons.csv: the index of good rows, and the ids of bad rows
// (with their lines), so that rows referring to them say why.
struct People {
  StringIndex index;
  std::unordered_map<std::string, int64_t> bad;
};

// persons.csv -> extract->persons and extract->practices. Checks every field
// and that person_id is unique and lsoa is in areas.csv.
Result<People> LoadPersons(const CsvSource& src, const LoaderContext& ctx, const StringIndex& lsoas,
                           Extract* extract, ProblemList* problems);

// conditions.csv and activity.csv -> the CSR columns, every person_id
// resolved through `people`.
Status LoadConditions(const CsvSource& src, const LoaderContext& ctx, const People& people,
                      Extract* extract, ProblemList* problems);
Status LoadActivity(const CsvSource& src, const LoaderContext& ctx, const People& people,
                    Extract* extract, ProblemList* problems);

// population.csv (optional) -> extract->population.
Status LoadPopulation(const CsvSource& src, const LoaderContext& ctx, const StringIndex& lsoas,
                      Extract* extract, ProblemList* problems);

// The order that groups rows by person (stable) and, within a person, by
// date (stable); empty when the rows are already in that order.
std::vector<uint64_t> CsrOrder(std::span<const uint32_t> person, std::span<const int32_t> date,
                               size_t people, int threads);
// Offsets (people + 1) of rows grouped by person (on `threads` threads).
std::vector<uint64_t> CsrOffsets(std::span<const uint32_t> person_sorted, size_t people,
                                 int threads = 1);
// Whether person ids never decrease (on `threads` threads).
bool GroupedByPerson(std::span<const uint32_t> person, int threads);
// values[order[i]] for each i.
template <typename V>
V Permute(const V& values, const std::vector<uint64_t>& order) {
  V out(order.size());
  for (size_t i = 0; i < order.size(); ++i) out[i] = values[order[i]];
  return out;
}

// Applies `order` (positions relative to `begin`) to [begin, begin + n) of each column.
template <typename V, typename T>
void PermuteRange(V& values, size_t begin, const std::vector<uint32_t>& order,
                  std::vector<T>& scratch) {
  scratch.assign(values.begin() + begin, values.begin() + begin + order.size());
  for (size_t i = 0; i < order.size(); ++i) values[begin + i] = scratch[order[i]];
}

// Sorts each person's rows [offsets[p], offsets[p + 1]) by date (stable),
// moving `others` with them; people already in order are left alone.
template <typename D, typename... Others>
void SortDatesWithinPeople(const std::vector<uint64_t>& offsets, D& date, size_t people,
                           int threads, Others&... others) {
  constexpr size_t kGrain = 1 << 16;
  ParallelFor(PieceCount(people, kGrain), threads, [&](size_t piece) {
    std::vector<uint32_t> order;
    std::vector<int32_t> date_scratch;
    std::tuple<std::vector<typename Others::value_type>...> scratch;
    size_t last = std::min(people, (piece + 1) * kGrain);
    for (size_t p = piece * kGrain; p < last; ++p) {
      size_t b = offsets[p], e = offsets[p + 1];
      if (std::is_sorted(date.begin() + b, date.begin() + e)) continue;
      order.resize(e - b);
      for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(i);
      std::stable_sort(order.begin(), order.end(),
                       [&](uint32_t x, uint32_t y) { return date[b + x] < date[b + y]; });
      PermuteRange(date, b, order, date_scratch);
      std::apply([&](auto&... s) { (PermuteRange(others, b, order, s), ...); }, scratch);
    }
  });
}

// Sorts rows by (person, date), stably, moving `others` with them. Rows that
// already come grouped by person (as extracts usually do) are sorted within
// each person in place; otherwise a global order is built. Returns the CSR
// offsets of the sorted rows (people + 1).
template <typename P, typename D, typename... Others>
std::vector<uint64_t> SortByPersonAndDate(P& person, D& date, size_t people, int threads,
                                          Others&... others) {
  if (!GroupedByPerson(person, threads)) {
    std::vector<uint64_t> order = CsrOrder(person, date, people, threads);
    if (!order.empty()) {
      person = Permute(person, order);
      date = Permute(date, order);
      ((others = Permute(others, order)), ...);
    }
    return CsrOffsets(person, people, threads);
  }
  std::vector<uint64_t> offsets = CsrOffsets(person, people, threads);
  SortDatesWithinPeople(offsets, date, people, threads, others...);
  return offsets;
}
}  // namespace barometer::population::internal
