// Primary segments and what each segment uses.
#include <algorithm>
#include <array>
#include <cmath>

#include "population/codes.h"
#include "population/internal/parallel.h"
#include "population/internal/rule_eval.h"
#include "population/phm.h"

namespace barometer::population {
namespace {

constexpr size_t kGrain = 1 << 15;

// The breakdowns of a segment summary, as one flat list of cells.
enum SummaryCell : int {
  kAllCell = 0,
  kSexCells = 1,        // male, female, other or not known
  kAgeCells = 4,        // 0-17, 18-39, 40-64, 65-74, 75-84, 85+
  kQuintileCells = 10,  // IMD quintiles 1..5, unknown
  kCellCount = 16,
};
constexpr std::array<std::string_view, 6> kAgeGroups = {"0-17",  "18-39", "40-64",
                                                        "65-74", "75-84", "85+"};

int AgeGroup(int age) {
  if (age < 18) return 0;
  if (age < 40) return 1;
  if (age < 65) return 2;
  if (age < 75) return 3;
  return age < 85 ? 4 : 5;
}

int SexCell(int8_t sex) { return sex == 1 ? 0 : sex == 2 ? 1 : 2; }

enum Measure : int {
  kPeople,
  kEmergency,
  kBedDays,
  kAe,
  kElective,
  kDaycase,
  kOutpatient,
  kMeasureCount,
};
constexpr std::array<std::string_view, kMeasureCount> kMeasureNames = {
    "people",   "emergency_admissions", "bed_days", "ae_attendances", "elective_admissions",
    "daycases", "outpatients"};
static_assert(static_cast<int>(UseMeasure::kOutpatients) == kOutpatient &&
              static_cast<int>(UseMeasure::kBedDays) == kBedDays);

std::pair<std::string, std::string> CellLabel(int cell) {
  if (cell == kAllCell) return {"all", "all"};
  if (cell < kAgeCells) {
    static constexpr std::array<std::string_view, 3> kSex = {"male", "female",
                                                             "other or not known"};
    return {"sex", std::string(kSex[cell - kSexCells])};
  }
  if (cell < kQuintileCells) return {"age_group", std::string(kAgeGroups[cell - kAgeCells])};
  int q = cell - kQuintileCells;
  return {"imd_quintile", q < 5 ? std::to_string(q + 1) : "unknown"};
}

}  // namespace

bool InPopulationAt(const Extract& x, size_t i, int32_t at) {
  const Persons& p = x.persons;
  return p.registered_from[i] <= at && at <= p.registered_to[i] && at < p.date_of_death[i] &&
         DaysFromCivil(p.birth_year[i], p.birth_month[i], 1) <= at;
}

SegmentAssignment AssignSegments(const Extract& x, const SegmentationRules& rules, int32_t at,
                                 int threads) {
  SegmentAssignment out;
  out.at = std::clamp(at, kFirstDay, kLastDay);  // the calendar table's range
  at = out.at;
  out.segment.assign(x.persons.size(), 0);
  internal::RuleEvaluator eval(x, rules, at);
  internal::ParallelFor(internal::PieceCount(x.persons.size(), kGrain),
                        internal::ResolveThreads(threads), [&](size_t piece) {
                          internal::RuleEvaluator::Facts facts;
                          size_t end = std::min(x.persons.size(), (piece + 1) * kGrain);
                          for (size_t i = piece * kGrain; i < end; ++i) {
                            eval.Gather(i, &facts);
                            out.segment[i] = static_cast<uint8_t>(eval.Segment(facts));
                          }
                        });
  return out;
}

namespace {

using Counts = std::vector<int64_t>;  // [group][cell][measure]

size_t CountAt(size_t group, int cell, int measure) {
  return (group * kCellCount + cell) * kMeasureCount + measure;
}

// People in the population at the reference date and their activity, by
// group (segments, then everyone), breakdown cell and measure.
Counts CountSummary(const Extract& x, const SegmentationRules& rules, const SegmentAssignment& seg,
                    int window_months, int threads) {
  const size_t groups = rules.segments.size() + 1;
  internal::RuleEvaluator eval(x, rules, seg.at);
  size_t pieces = internal::PieceCount(x.persons.size(), kGrain);
  std::vector<Counts> partial(pieces, Counts(groups * kCellCount * kMeasureCount, 0));
  internal::ParallelFor(pieces, internal::ResolveThreads(threads), [&](size_t piece) {
    Counts& c = partial[piece];
    size_t end = std::min(x.persons.size(), (piece + 1) * kGrain);
    for (size_t i = piece * kGrain; i < end; ++i) {
      if (!InPopulationAt(x, i, seg.at)) continue;
      int64_t m[kMeasureCount] = {1,
                                  eval.CountEvents(i, 1, window_months),
                                  eval.BedDays(i, window_months),
                                  eval.CountEvents(i, 0, window_months),
                                  eval.CountEvents(i, 2, window_months),
                                  eval.CountEvents(i, 3, window_months),
                                  eval.CountEvents(i, 4, window_months)};
      uint32_t area = x.persons.area[i];
      int quintile = area == kNoIndex ? 5 : (x.areas.imd_decile[area] - 1) / 2;
      int age = std::max(0, AgeAt(seg.at, x.persons.birth_year[i], x.persons.birth_month[i]));
      int cells[4] = {kAllCell, kSexCells + SexCell(x.persons.sex[i]), kAgeCells + AgeGroup(age),
                      kQuintileCells + quintile};
      for (size_t g : {static_cast<size_t>(seg.segment[i]), groups - 1}) {
        for (int cell : cells) {
          for (int k = 0; k < kMeasureCount; ++k) c[CountAt(g, cell, k)] += m[k];
        }
      }
    }
  });
  Counts total(groups * kCellCount * kMeasureCount, 0);
  for (const Counts& p : partial) {
    for (size_t i = 0; i < total.size(); ++i) total[i] += p[i];
  }
  // One shard of the people: the counts of the whole extract are the sums
  // over every process (integers: exact in any order).
  if (x.group != nullptr) x.group->SumAll(total);
  return total;
}

// Every count is a cell; each breakdown adds up to its group's total, and
// the segments add up to "all".
void AddSummaryRelations(size_t groups, DisclosureTable& table) {
  for (int k = 0; k < kMeasureCount; ++k) {
    for (size_t g = 0; g < groups; ++g) {
      for (auto [first, count] : {std::pair{kSexCells, 3}, {kAgeCells, 6}, {kQuintileCells, 6}}) {
        std::vector<size_t> parts;
        for (int c = first; c < first + count; ++c) parts.push_back(CountAt(g, c, k));
        table.AddRelation(CountAt(g, kAllCell, k), parts);
      }
    }
    for (int cell = 0; cell < kCellCount; ++cell) {
      std::vector<size_t> parts;
      for (size_t g = 0; g + 1 < groups; ++g) parts.push_back(CountAt(g, cell, k));
      table.AddRelation(CountAt(groups - 1, cell, k), parts);
    }
  }
}

}  // namespace

std::string_view UseMeasureName(UseMeasure m) { return kMeasureNames[static_cast<int>(m)]; }

std::vector<SegmentRow> SummariseSegments(const Extract& x, const SegmentationRules& rules,
                                          const SegmentAssignment& seg, int window_months,
                                          const DisclosureOptions& disclosure, int threads) {
  const size_t groups = rules.segments.size() + 1;  // the last group is "all"
  Counts total = CountSummary(x, rules, seg, window_months, threads);
  DisclosureTable table;
  for (int64_t count : total) table.AddCell(count);  // cell i is total[i]
  AddSummaryRelations(groups, table);
  table.Apply(disclosure);
  std::vector<SegmentRow> rows;
  for (size_t g = 0; g < groups; ++g) {
    std::string name = g + 1 == groups ? "all" : rules.segments[g].id;
    for (int cell = 0; cell < kCellCount; ++cell) {
      auto [breakdown, value] = CellLabel(cell);
      auto people = table.PublishedCount(CountAt(g, cell, kPeople));
      for (int k = 0; k < kMeasureCount; ++k) {
        size_t c = CountAt(g, cell, k);
        SegmentRow r{name,
                     breakdown,
                     value,
                     std::string(kMeasureNames[k]),
                     table.PublishedCount(c),
                     std::nullopt,
                     SuppressionText(table.suppression(c), disclosure),
                     g + 1 == groups ? kEveryone : static_cast<int>(g),
                     cell == kAllCell,
                     static_cast<UseMeasure>(k)};
        if (k != kPeople && r.count && people && *people > 0) {
          r.per_1000 = PublishedValue(
              1000.0 * static_cast<double>(*r.count) / static_cast<double>(*people), 1, disclosure);
        }
        rows.push_back(std::move(r));
      }
    }
  }
  return rows;
}

}  // namespace barometer::population
