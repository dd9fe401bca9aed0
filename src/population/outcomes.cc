// Values of bound indicators for the measure store, and inequality by
// deprivation with the slope index of inequality.
#include "population/outcomes.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "stats/indicators.h"

namespace barometer::population {
namespace {

std::optional<double> Finite(double v) {
  return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

// The (sex, group) of the rows of `s`'s breakdown value; an error listing
// the values there are when it has none.
Result<std::pair<int, int>> ResolveGroup(const std::vector<IndicatorRow>& rows,
                                         const FeedSource& s) {
  if (s.by.dimension == Dimension::kAll) return std::pair{-1, 0};
  std::vector<std::string> values;
  for (const IndicatorRow& r : rows) {
    if (r.id != s.indicator || !(r.by == s.by)) continue;
    if (r.breakdown_value == s.group) return std::pair{r.sex, r.group};
    if (std::find(values.begin(), values.end(), r.breakdown_value) == values.end())
      values.push_back(r.breakdown_value);
  }
  return Status::InvalidInput(fmt::format(
      "measure `{}`: breakdown {} has no group `{}`; its groups in this extract are: {}", s.key,
      s.by.Name(), s.group,
      values.empty() ? std::string("none") : fmt::format("{}", fmt::join(values, ", "))));
}

struct SiiOver {
  std::optional<double> sii, lower, upper;
  std::vector<int> missing;
};

// The SII over the rows of one deprivation dimension, when every group has a
// value that disclosure control let through.
SiiOver SiiFrom(const std::vector<IndicatorRow>& rows, IndicatorId id, Dimension dim,
                int repetitions) {
  SiiOver out;
  std::vector<stats::SiiQuantile> q;
  for (const IndicatorRow& r : rows) {
    if (r.id != id || r.by.dimension != dim || r.by.by_sex || r.group < 1) continue;
    if (r.breakdown_value == "unknown") continue;
    if (!std::isfinite(r.value) || !r.denominator || !std::isfinite(r.lower95)) {
      out.missing.push_back(r.group);
      continue;
    }
    q.push_back({static_cast<double>(*r.denominator), r.value,
                 stats::SiiStandardError(r.lower95, r.upper95, stats::ValueType::kRate)});
  }
  if (!out.missing.empty() || q.size() < 2) return out;
  stats::SiiOptions so;
  so.value_type = stats::ValueType::kRate;
  so.repetitions = std::max(1000, repetitions);
  auto sii = stats::Sii(q, so);
  if (!sii.ok()) return out;
  out.sii = Finite(sii->sii);
  if (!sii->sii_limits.empty()) {
    out.lower = Finite(sii->sii_limits[0].lower);
    out.upper = Finite(sii->sii_limits[0].upper);
  }
  return out;
}

}  // namespace

bool FeedValue::published() const { return std::isfinite(value); }

std::vector<YearRange> PooledPeriods(int first, int last, int pooled_years) {
  std::vector<YearRange> out;
  int n = std::max(1, pooled_years);
  for (int y = first + n - 1; y <= last; ++y) out.push_back({y - n + 1, y});
  return out;
}

Result<std::vector<FeedValue>> Feed(const Extract& x, const std::vector<FeedSource>& sources,
                                    const FeedOptions& o) {
  int first = o.first_year > 0 ? o.first_year : FirstYear(x);
  int last = o.last_year > 0 ? o.last_year : LastCompleteYear(x);
  std::map<int, std::vector<size_t>> pools;  // pooled years -> sources
  for (size_t i = 0; i < sources.size(); ++i) {
    const FeedSource& s = sources[i];
    if (s.indicator == IndicatorId::kLeGap && !o.comparator)
      return Status::InvalidInput(fmt::format(
          "measure `{}`: le_gap is the gap with a comparator; give its values (--comparator FILE)",
          s.key));
    pools[s.pooled_years].push_back(i);
  }
  std::vector<std::vector<FeedValue>> per_source(sources.size());
  for (const auto& [pooled, members] : pools) {
    IndicatorRequest req;
    req.periods = PooledPeriods(first, last, pooled);
    if (req.periods.empty())
      return Status::InvalidInput(
          fmt::format("measure `{}`: the extract has no complete {}-year period between {} and {}",
                      sources[members.front()].key, pooled, first, last));
    for (size_t i : members) {
      const FeedSource& s = sources[i];
      if (std::find(req.indicators.begin(), req.indicators.end(), s.indicator) ==
          req.indicators.end())
        req.indicators.push_back(s.indicator);
      if (s.by.dimension != Dimension::kAll &&
          std::find(req.breakdowns.begin(), req.breakdowns.end(), s.by) == req.breakdowns.end())
        req.breakdowns.push_back(s.by);
    }
    req.comparator = o.comparator;
    req.area = o.area;
    req.disclosure = o.disclosure;
    req.threads = o.threads;
    req.sii_repetitions = o.sii_repetitions;
    auto rows = ComputeIndicators(x, req);
    if (!rows.ok()) return rows.status();
    for (size_t i : members) {
      const FeedSource& s = sources[i];
      auto group = ResolveGroup(*rows, s);
      if (!group.ok()) return group.status();
      for (const YearRange& p : req.periods) {
        const IndicatorRow* r = FindRow(*rows, s.indicator, p, s.by, group->first, group->second);
        if (r == nullptr) continue;
        FeedValue v;
        v.source = i;
        v.years = p;
        v.value = r->value;
        v.lower95 = r->lower95;
        v.upper95 = r->upper95;
        v.count = r->count;
        v.denominator = r->denominator;
        v.suppressed = r->suppressed;
        v.note = r->note;
        per_source[i].push_back(std::move(v));
      }
    }
  }
  std::vector<FeedValue> out;
  for (std::vector<FeedValue>& v : per_source)
    for (FeedValue& f : v) out.push_back(std::move(f));
  return out;
}

Result<Inequality> ComputeInequality(const Extract& x, IndicatorId id, const YearRange& period,
                                     const IndicatorRequest& base) {
  Inequality out;
  out.indicator = id == IndicatorId::kLeGap ? IndicatorId::kLifeExpectancyBirth : id;
  // Life expectancy's SII comes from the same scan as its deciles: the
  // engine's own life tables per decile need no published counts.
  const bool le = out.indicator == IndicatorId::kLifeExpectancyBirth;
  IndicatorRequest req = base;
  req.periods = {period};
  req.breakdowns = {{Dimension::kImdDecile, false}};
  req.indicators = {out.indicator};
  if (le) req.indicators.push_back(IndicatorId::kSiiLifeExpectancy);
  auto rows = ComputeIndicators(x, req);
  if (!rows.ok()) return rows.status();
  for (const IndicatorRow& r : *rows)
    if (r.id == out.indicator && r.by.dimension == Dimension::kImdDecile && !r.by.by_sex &&
        r.group >= 1 && r.breakdown_value != "unknown")
      out.deciles.push_back(r);
  std::sort(out.deciles.begin(), out.deciles.end(),
            [](const IndicatorRow& a, const IndicatorRow& b) { return a.group < b.group; });
  if (le) {
    if (const IndicatorRow* r = FindRow(*rows, IndicatorId::kSiiLifeExpectancy, period)) {
      out.sii = Finite(r->value);
      out.lower95 = Finite(r->lower95);
      out.upper95 = Finite(r->upper95);
      if (!out.sii) out.note = r->note;
    }
    return out;
  }
  SiiOver sii = SiiFrom(*rows, out.indicator, Dimension::kImdDecile, base.sii_repetitions);
  if (!sii.sii && !sii.missing.empty()) {
    out.missing_deciles = sii.missing;
    req.breakdowns = {{Dimension::kImdQuintile, false}};
    auto quintiles = ComputeIndicators(x, req);
    if (!quintiles.ok()) return quintiles.status();
    sii = SiiFrom(*quintiles, out.indicator, Dimension::kImdQuintile, base.sii_repetitions);
    out.groups = Dimension::kImdQuintile;
    if (!sii.sii) out.missing_quintiles = sii.missing;
  }
  out.sii = sii.sii;
  out.lower95 = sii.lower;
  out.upper95 = sii.upper;
  return out;
}

}  // namespace barometer::population
