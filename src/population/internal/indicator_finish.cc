// The rows built on other rows (life expectancy gap, SII), disclosure
// control over every count, and comparisons.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <tuple>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <fmt/format.h>

#include "population/internal/indicator_builder.h"
#include "population/internal/parallel.h"
#include "stats/distributions.h"
#include "stats/indicators.h"

namespace barometer::population::internal {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The standard error implied by a 95% interval.
double SeFrom95(double lower, double upper) {
  return (upper - lower) / (2 * stats::NormalQuantile(0.975));
}

// value ± z·se at 95% and 99.8%.
void SetNormalLimits(IndicatorRow& r, double value, double se) {
  double z95 = stats::NormalQuantile(0.975), z998 = stats::NormalQuantile(0.999);
  r.value = value;
  r.lower95 = value - z95 * se, r.upper95 = value + z95 * se;
  r.lower998 = value - z998 * se, r.upper998 = value + z998 * se;
}

stats::Polarity ToStats(Polarity p) {
  switch (p) {
    case Polarity::kLowIsGood:
      return stats::Polarity::kLowIsGood;
    case Polarity::kHighIsGood:
      return stats::Polarity::kHighIsGood;
    case Polarity::kNone:
      return stats::Polarity::kNoJudgement;
  }
  return stats::Polarity::kNoJudgement;
}

}  // namespace

void IndicatorBuilder::AddGapRows(size_t period) {
  if (req_.gap_between_deciles) {
    for (int sex = -1; sex <= 1; ++sex) {
      ValueSpec v = Decile(1, sex);
      Breakdown b{sex < 0 ? Dimension::kAll : Dimension::kSex, false};
      v.label = v.base_label = sex < 0 ? "all" : v.sex_label;
      RowDraft d = NewDraft(IndicatorId::kLeGap, period, b, v);
      d.decimals = 2;
      IndicatorRow most = LeAtBirth(period, Decile(1, sex));
      IndicatorRow least = LeAtBirth(period, Decile(10, sex));
      d.row.note = "IMD decile 10 (least deprived) minus decile 1 (most deprived)";
      if (std::isnan(most.value) || std::isnan(least.value)) {
        d.row.note += "; a decile's life expectancy is missing";
      } else {
        double se = std::hypot(SeFrom95(most.lower95, most.upper95),
                               SeFrom95(least.lower95, least.upper95));
        SetNormalLimits(d.row, least.value - most.value, se);
      }
      drafts_.push_back(std::move(d));
    }
    return;
  }
  if (!req_.comparator) {
    ValueSpec all;
    all.label = all.base_label = all.sex_label = "all";
    RowDraft d = NewDraft(IndicatorId::kLeGap, period, Breakdown{}, all);
    d.row.note = "needs a comparator (--comparator FILE) or --gap deciles";
    drafts_.push_back(std::move(d));
    return;
  }
  for (const Breakdown& b : breakdowns_) {
    for (const ValueSpec& v : Values(b)) {
      if (b.dimension == Dimension::kAgeBand) continue;
      RowDraft d = NewDraft(IndicatorId::kLeGap, period, b, v);
      d.decimals = 2;
      IndicatorRow le = LeAtBirth(period, v);
      const ComparatorRow* c =
          req_.comparator->Find("life_expectancy_birth", d.row.period, b, v.label, v.sex_label);
      if (c == nullptr) {
        d.row.note = "no comparator value for life_expectancy_birth";
      } else if (std::isnan(le.value)) {
        d.row.note = le.note.empty() ? "life expectancy is missing" : le.note;
      } else {
        double se = SeFrom95(le.lower95, le.upper95);
        if (c->lower95 >= 0 && c->upper95 >= 0)
          se = std::hypot(se, SeFrom95(c->lower95, c->upper95));
        SetNormalLimits(d.row, c->value - le.value, se);
        d.row.note = "comparator minus area";
      }
      drafts_.push_back(std::move(d));
    }
  }
}

void IndicatorBuilder::ComputeSii() {
  // Each simulation has its own seeded generator, so the results do not
  // depend on the number of threads.
  constexpr int kSexRows = 3;  // all, male, female
  sii_.assign(req_.periods.size(), {});
  std::vector<std::vector<stats::SiiQuantile>> q(sii_.size() * kSexRows);
  for (size_t period = 0; period < sii_.size(); ++period) {
    for (int sex = -1; sex <= 1; ++sex) {
      auto& deciles = q[period * kSexRows + (sex + 1)];
      for (int decile = 1; decile <= 10; ++decile) {
        ValueSpec dv = Decile(decile, sex);
        IndicatorRow le = LeAtBirth(period, dv);
        double pop = Collect(period, dv).Sum(kPop);
        if (std::isnan(le.value) || std::isnan(le.lower95) || std::isnan(le.upper95) || pop <= 0)
          continue;
        deciles.push_back(
            {pop, le.value,
             stats::SiiStandardError(le.lower95, le.upper95, stats::ValueType::kNormal)});
      }
      sii_[period][sex + 1].deciles = deciles.size();
    }
  }
  stats::SiiOptions opt;
  opt.confidence = {0.95, 0.998};
  opt.repetitions = req_.sii_repetitions;
  opt.seed = req_.sii_seed;
  ParallelFor(q.size(), ResolveThreads(req_.threads), [&](size_t i) {
    if (q[i].size() >= 2) sii_[i / kSexRows][i % kSexRows].result = stats::Sii(q[i], opt);
  });
#ifdef __GLIBC__
  // The simulations of the other threads were freed into their own malloc
  // arenas, which keep the pages: hand them back, so that running them in
  // parallel does not raise the peak memory of the rest of the run.
  malloc_trim(0);
#endif
}

void IndicatorBuilder::AddSiiRows(size_t period) {
  for (int sex = -1; sex <= 1; ++sex) {
    ValueSpec v = Decile(1, sex);
    v.label = v.base_label = sex < 0 ? "all" : v.sex_label;
    RowDraft d = NewDraft(IndicatorId::kSiiLifeExpectancy, period,
                          Breakdown{sex < 0 ? Dimension::kAll : Dimension::kSex, false}, v);
    d.decimals = 2;
    const SiiOutcome& sii = sii_[period][sex + 1];
    if (!sii.result.ok()) {
      d.row.note =
          fmt::format("needs life expectancy in at least 2 IMD deciles (has {})", sii.deciles);
    } else {
      const stats::SiiResult& r = *sii.result;
      d.row.value = r.sii;
      d.row.lower95 = r.sii_limits[0].lower, d.row.upper95 = r.sii_limits[0].upper;
      d.row.lower998 = r.sii_limits[1].lower, d.row.upper998 = r.sii_limits[1].upper;
      d.row.note = fmt::format("across {} IMD deciles", sii.deciles);
    }
    drafts_.push_back(std::move(d));
  }
}

namespace {

// Which finer labels make up a coarser one (quintiles and CORE20 from deciles).
std::vector<std::string> FinerLabels(Dimension coarse, Dimension fine, const std::string& label) {
  if (label == "unknown") return {"unknown"};
  std::vector<std::string> out;
  auto range = [&](int a, int b) {
    for (int i = a; i <= b; ++i) out.push_back(std::to_string(i));
  };
  if (coarse == Dimension::kImdQuintile) {
    int q = std::stoi(label);
    range(2 * q - 1, 2 * q);
  } else if (fine == Dimension::kImdDecile) {
    label == "core20" ? range(1, 2) : range(3, 10);
  } else {
    label == "core20" ? range(1, 1) : range(2, 5);
  }
  return out;
}

}  // namespace

// The count rows of one (indicator, period): breakdown name -> label -> cell.
using CellsByBreakdown = std::map<std::string, std::map<std::string, size_t>>;

namespace {

const size_t* FindCell(const CellsByBreakdown& by, const std::string& breakdown,
                       const std::string& label) {
  auto i = by.find(breakdown);
  if (i == by.end()) return nullptr;
  auto j = i->second.find(label);
  return j == i->second.end() ? nullptr : &j->second;
}

// Crossed with sex: each sex's row and each value's row are totals too.
void AddCrossedRelations(const CellsByBreakdown& by, const Breakdown& b, DisclosureTable& table) {
  std::map<std::string, std::vector<size_t>> by_sex, by_value;
  for (const auto& [label, cell] : by.at(b.Name())) {
    size_t star = label.find('*');
    by_sex[label.substr(0, star)].push_back(cell);
    by_value[label.substr(star + 1)].push_back(cell);
  }
  for (const auto& [sex, parts] : by_sex) {
    if (const size_t* t = FindCell(by, "sex", sex)) table.AddRelation(*t, parts);
  }
  for (const auto& [value, parts] : by_value) {
    if (const size_t* t = FindCell(by, std::string(DimensionName(b.dimension)), value)) {
      table.AddRelation(*t, parts);
    }
  }
}

// Nested breakdowns: quintiles and CORE20 are sums of deciles (and quintiles).
void AddNestedRelations(const CellsByBreakdown& by, const Breakdown& b, DisclosureTable& table) {
  Dimension coarse = b.dimension;
  if (coarse != Dimension::kImdQuintile && coarse != Dimension::kCore20) return;
  std::vector<std::string> prefixes = {""};
  if (b.by_sex) prefixes = {"male*", "female*", "other or not known*"};
  for (Dimension fine : {Dimension::kImdDecile, Dimension::kImdQuintile}) {
    Breakdown fb{fine, b.by_sex};
    if (fine == coarse || !by.count(fb.Name())) continue;
    for (const std::string& prefix : prefixes) {
      for (const auto& [label, cell] : by.at(b.Name())) {
        if (label.rfind(prefix, 0) != 0) continue;
        std::vector<size_t> parts;
        bool all = true;
        for (const std::string& f : FinerLabels(coarse, fine, label.substr(prefix.size()))) {
          const size_t* c = FindCell(by, fb.Name(), prefix + f);
          all = all && c != nullptr;
          if (c) parts.push_back(*c);
        }
        if (all) table.AddRelation(cell, parts);
      }
    }
  }
}

// The published value of a crude rate: computed from the published counts,
// so that it does not give the exact count away.
void CrudeFromPublished(double multiplier, IndicatorRow& r) {
  if (!r.denominator || *r.denominator <= 0) {
    r.note = "no denominator";
    return;
  }
  auto rate = stats::CrudeRate(static_cast<double>(*r.count), static_cast<double>(*r.denominator),
                               stats::RateOptions{multiplier, {0.95, 0.998}});
  if (!rate.ok()) {
    r.note = rate.status().message();
    return;
  }
  r.value = rate->value;
  r.lower95 = rate->At(0.95)->lower, r.upper95 = rate->At(0.95)->upper;
  r.lower998 = rate->At(0.998)->lower, r.upper998 = rate->At(0.998)->upper;
}

// A DSR from the published count: the exact counts by band scaled so that
// they add up to it (the age profile kept), with Dobson limits on the
// published count. Without disclosure control, `published` is the exact count.
void DsrFromPublished(const RowDraft& d, double exact, double published, IndicatorRow& r) {
  double scale = exact > 0 ? published / exact : 0;
  std::vector<double> counts = d.dsr_counts, squares = d.dsr_squares;
  for (double& c : counts) c *= scale;
  for (double& c : squares) c *= scale;
  stats::DsrInput in{counts, d.dsr_pops, d.dsr_standard, squares};
  auto e = stats::Dsr(in, stats::DsrOptions{100000, {0.95, 0.998}, 10});
  if (!e.ok()) {
    r.note = e.status().message();
    return;
  }
  const stats::Estimate& est = e->estimate;
  r.value = est.value;
  const stats::Limits* l95 = est.At(0.95);
  const stats::Limits* l998 = est.At(0.998);
  r.lower95 = l95 ? l95->lower : kNaN;
  r.upper95 = l95 ? l95->upper : kNaN;
  r.lower998 = l998 ? l998->lower : kNaN;
  r.upper998 = l998 ? l998->upper : kNaN;
  if (!est.note.empty()) r.note = est.note;
}

}  // namespace

void IndicatorBuilder::ApplyDisclosure() {
  DisclosureTable table;
  // (indicator, period) -> breakdown -> label -> cell
  std::map<std::pair<int, size_t>, CellsByBreakdown> cells;
  for (RowDraft& d : drafts_) {
    if (d.exact_count < 0) continue;
    d.cell = table.AddCell(d.exact_count, d.exact_denominator);
    cells[{static_cast<int>(d.id), d.period}][d.breakdown.Name()][d.row.breakdown_value] = d.cell;
  }
  // Relations are added in a canonical order (by names, not by the order of
  // the request), so that every run that holds the same family of cells
  // suppresses the same ones.
  std::vector<Breakdown> all_breakdowns = breakdowns_;
  all_breakdowns.insert(all_breakdowns.end(), shadow_breakdowns_.begin(), shadow_breakdowns_.end());
  std::sort(all_breakdowns.begin(), all_breakdowns.end(),
            [](const Breakdown& a, const Breakdown& b) {
              return std::pair(a.by_sex, static_cast<int>(a.dimension)) <
                     std::pair(b.by_sex, static_cast<int>(b.dimension));
            });
  std::vector<std::pair<int, size_t>> keys;
  for (const auto& [key, by] : cells) keys.push_back(key);
  std::sort(keys.begin(), keys.end(), [&](const auto& a, const auto& b) {
    const YearRange &pa = periods_[a.second], &pb = periods_[b.second];
    return std::tuple(a.first, pa.last - pa.first, pa.first) <
           std::tuple(b.first, pb.last - pb.first, pb.first);
  });
  for (const auto& key : keys) {
    const CellsByBreakdown& by = cells.at(key);
    const size_t* total = FindCell(by, "all", "all");
    if (total == nullptr) continue;
    for (const Breakdown& b : all_breakdowns) {
      if (b.dimension == Dimension::kAll || !by.count(b.Name())) continue;
      std::vector<size_t> parts;
      for (const auto& [label, cell] : by.at(b.Name())) parts.push_back(cell);
      table.AddRelation(*total, parts);
      if (b.by_sex) AddCrossedRelations(by, b, table);
      AddNestedRelations(by, b, table);
    }
  }
  // Overlapping periods: a pooled period is the sum of its single years.
  for (const auto& key : keys) {
    const YearRange& pooled = periods_[key.second];
    if (pooled.first == pooled.last) continue;
    std::vector<const CellsByBreakdown*> years;
    for (int y = pooled.first; y <= pooled.last; ++y) {
      auto p = std::find(periods_.begin(), periods_.end(), YearRange{y, y});
      auto it = p == periods_.end()
                    ? cells.end()
                    : cells.find({key.first, static_cast<size_t>(p - periods_.begin())});
      years.push_back(it == cells.end() ? nullptr : &it->second);
    }
    if (std::find(years.begin(), years.end(), nullptr) != years.end()) continue;
    for (const auto& [breakdown, labels] : cells.at(key)) {
      for (const auto& [label, cell] : labels) {
        std::vector<size_t> parts;
        for (const CellsByBreakdown* year : years) {
          if (const size_t* c = FindCell(*year, breakdown, label)) parts.push_back(*c);
        }
        if (parts.size() == years.size()) table.AddRelation(cell, parts);
      }
    }
  }
  table.Apply(req_.disclosure);
  for (RowDraft& d : drafts_) {
    if (d.shadow) continue;
    IndicatorRow& r = d.row;
    if (d.exact_count >= 0) {
      if (table.suppressed(d.cell)) {
        r.value = r.lower95 = r.upper95 = r.lower998 = r.upper998 = kNaN;
        r.suppressed = SuppressionText(table.suppression(d.cell), req_.disclosure);
        continue;
      }
      r.count = table.PublishedCount(d.cell);
      r.denominator = table.PublishedDenominator(d.cell);
      if (d.crude_multiplier > 0) CrudeFromPublished(d.crude_multiplier, r);
      if (d.dsr && r.count) {
        DsrFromPublished(d, static_cast<double>(d.exact_count), static_cast<double>(*r.count), r);
      }
      if (d.crude_multiplier > 0 || d.dsr) d.decimals = 1;
    }
    if (d.decimals >= 0) {
      for (double* v : {&r.value, &r.lower95, &r.upper95, &r.lower998, &r.upper998})
        *v = PublishedValue(*v, d.decimals, req_.disclosure);
    }
  }
}

void IndicatorBuilder::Compare() {
  std::map<std::pair<int, size_t>, double> totals;  // (indicator, period) -> the "all" value
  for (const RowDraft& d : drafts_) {
    if (d.breakdown.dimension == Dimension::kAll)
      totals[{static_cast<int>(d.id), d.period}] = d.row.value;
  }
  for (RowDraft& d : drafts_) {
    IndicatorRow& r = d.row;
    Polarity polarity = Info(d.id).polarity;
    double comparator = kNaN;
    if (req_.comparator) {
      const ComparatorRow* c =
          req_.comparator->Find(r.indicator, r.period, d.breakdown, r.breakdown_value, d.sex_label);
      if (c != nullptr) comparator = c->value;
    } else if (d.breakdown.dimension != Dimension::kAll) {
      comparator = totals[{static_cast<int>(d.id), d.period}];
    }
    stats::Comparison c = stats::Comparison::kNotCompared;
    if (polarity != Polarity::kNone && !std::isnan(r.value) && !std::isnan(comparator)) {
      c = stats::CompareInterval(r.lower95, r.upper95, comparator, ToStats(polarity));
    }
    r.comparison = std::string(stats::ComparisonName(c));
  }
}

}  // namespace barometer::population::internal
