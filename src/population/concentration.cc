// How concentrated the use of hospital care is: top-x% shares, Lorenz curves
// and Gini coefficients, from per-group histograms of use per person (a
// distributive aggregate: histograms of pieces add up).
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
constexpr std::array<UseMeasure, 3> kMeasures = {
    UseMeasure::kBedDays, UseMeasure::kEmergencyAdmissions, UseMeasure::kAeAttendances};
constexpr std::array<std::string_view, 7> kStatisticNames = {
    "people", "users", "total", "top_share", "people_share", "lorenz", "gini"};

// people[v] = how many people used exactly v (bed-days, admissions, ...).
struct Histogram {
  std::vector<int64_t> people;
  void Add(int v) {
    if (static_cast<size_t>(v) >= people.size()) people.resize(v + 1, 0);
    ++people[v];
  }
  void Merge(const Histogram& o) {
    if (o.people.size() > people.size()) people.resize(o.people.size(), 0);
    for (size_t v = 0; v < o.people.size(); ++v) people[v] += o.people[v];
  }
  int64_t Count() const { return Sum(false); }
  int64_t Total() const { return Sum(true); }
  int64_t Users() const { return Count() - (people.empty() ? 0 : people[0]); }
  int64_t Sum(bool weighted) const {
    int64_t s = 0;
    for (size_t v = 0; v < people.size(); ++v)
      s += people[v] * (weighted ? static_cast<int64_t>(v) : 1);
    return s;
  }
};

// Use held by the `k` heaviest users.
double TopUse(const Histogram& h, int64_t k) {
  double use = 0;
  for (size_t v = h.people.size(); v-- > 0 && k > 0;) {
    int64_t take = std::min(k, h.people[v]);
    use += static_cast<double>(take) * static_cast<double>(v);
    k -= take;
  }
  return use;
}

// The fewest people whose use adds up to at least `target`.
int64_t PeopleFor(const Histogram& h, double target) {
  double use = 0;
  int64_t n = 0;
  for (size_t v = h.people.size(); v-- > 1;) {
    double group = static_cast<double>(h.people[v]) * static_cast<double>(v);
    if (use + group >= target) {
      return n + static_cast<int64_t>(std::ceil((target - use) / static_cast<double>(v) - 1e-9));
    }
    use += group;
    n += h.people[v];
  }
  return n;
}

// Use held by the lightest `m` people (m may be fractional: linear in between).
double BottomUse(const Histogram& h, double m) {
  double use = 0;
  for (size_t v = 0; v < h.people.size() && m > 0; ++v) {
    double take = std::min(m, static_cast<double>(h.people[v]));
    use += take * static_cast<double>(v);
    m -= take;
  }
  return use;
}

// Gini = 2 Σ i x_(i) / (n Σ x) - (n + 1) / n over values sorted ascending.
double Gini(const Histogram& h) {
  long double n = static_cast<long double>(h.Count()), total = h.Total(), weighted = 0, rank = 0;
  if (n == 0 || total == 0) return std::nan("");
  for (size_t v = 0; v < h.people.size(); ++v) {
    long double c = h.people[v];
    weighted += static_cast<long double>(v) * (c * rank + c * (c + 1) / 2);
    rank += c;
  }
  return static_cast<double>(2 * weighted / (n * total) - (n + 1) / n);
}

// Alive at the window's start and registered at some time in it.
bool InWindow(const Extract& x, size_t i, int32_t first, int32_t last) {
  const Persons& p = x.persons;
  return p.registered_from[i] <= last && p.registered_to[i] >= first &&
         p.date_of_death[i] >= first && DaysFromCivil(p.birth_year[i], p.birth_month[i], 1) <= last;
}

using Hists = std::vector<Histogram>;  // [group * 3 + measure]

// One shard of the people: the histograms of the whole extract are the sums
// of every process's, made the same length first (the longest anywhere).
void CombineShards(const ShardGroup& group, Hists* hists) {
  std::vector<int64_t> lengths;
  for (const Histogram& h : *hists) lengths.push_back(static_cast<int64_t>(h.people.size()));
  group.MaxAll(lengths);
  std::vector<int64_t> flat;
  for (size_t i = 0; i < hists->size(); ++i) {
    std::vector<int64_t>& p = (*hists)[i].people;
    p.resize(static_cast<size_t>(lengths[i]), 0);
    flat.insert(flat.end(), p.begin(), p.end());
  }
  group.SumAll(flat);
  size_t at = 0;
  for (Histogram& h : *hists) {
    std::copy(flat.begin() + static_cast<std::ptrdiff_t>(at),
              flat.begin() + static_cast<std::ptrdiff_t>(at + h.people.size()), h.people.begin());
    at += h.people.size();
  }
}

// Use per person over the window, as histograms per group (segments, then
// everyone) and measure, merged from per-piece partial histograms.
Hists Scan(const Extract& x, int32_t at, const internal::RuleEvaluator& eval,
           const SegmentAssignment* seg, size_t segments, const ConcentrationOptions& options) {
  const size_t groups = segments + 1;
  const int32_t first = eval.Cutoff(options.window_months) + 1;
  size_t pieces = internal::PieceCount(x.persons.size(), kGrain);
  std::vector<Hists> partial(pieces, Hists(groups * 3));
  internal::ParallelFor(pieces, internal::ResolveThreads(options.threads), [&](size_t piece) {
    Hists& h = partial[piece];
    size_t end = std::min(x.persons.size(), (piece + 1) * kGrain);
    for (size_t i = piece * kGrain; i < end; ++i) {
      if (!InWindow(x, i, first, at)) continue;
      int use[3] = {eval.BedDays(i, options.window_months),
                    eval.CountEvents(i, static_cast<int>(Setting::kEmergencyAdmission),
                                     options.window_months),
                    eval.CountEvents(i, static_cast<int>(Setting::kAe), options.window_months)};
      for (int m = 0; m < 3; ++m) {
        h[(groups - 1) * 3 + m].Add(use[m]);
        if (segments > 0) h[seg->segment[i] * 3 + m].Add(use[m]);
      }
    }
  });
  Hists all(groups * 3);
  for (const Hists& p : partial) {
    for (size_t i = 0; i < all.size(); ++i) all[i].Merge(p[i]);
  }
  if (x.group != nullptr) CombineShards(*x.group, &all);
  return all;
}

// The shares, Gini and Lorenz points of one histogram. A share is hidden
// when the group's people or use are suppressed, when the people on either
// side of its cut are few, or the use it divides is small. Under disclosure
// control every share is a ratio of rounded counts (the use above or below
// the cut, the people, the total use), given to one decimal place, and the
// Gini coefficient to two: none of them can be solved for an exact count.
void AddShares(const Histogram& h, const std::string& group, int segment, UseMeasure use,
               const ConcentrationOptions& options, const DisclosureOptions& disclosure,
               bool group_hidden, std::vector<ConcentrationRow>* rows) {
  const int64_t small = disclosure.enabled ? disclosure.suppress_at : -1;
  const std::string small_text = group_hidden
                                     ? SuppressionText(Suppression::kDerived, disclosure)
                                     : SuppressionText(Suppression::kSmallCount, disclosure);
  const int64_t n = h.Count();
  const double total = static_cast<double>(h.Total());
  const int64_t round_to = disclosure.enabled ? disclosure.round_to : 1;
  auto rounded = [&](double v) {
    return static_cast<double>(RoundToNearest(static_cast<int64_t>(std::llround(v)), round_to));
  };
  // Published people and use (what the count rows show).
  const double n_pub =
      disclosure.enabled ? rounded(static_cast<double>(n)) : static_cast<double>(n);
  const double total_pub = disclosure.enabled ? rounded(total) : total;
  auto share = [&](double part, double whole) {
    if (whole <= 0) return std::nan("");
    double v = disclosure.enabled ? 100 * rounded(part) / whole : 100 * part / whole;
    return PublishedValue(v, 1, disclosure);
  };
  auto add = [&](ConcentrationStatistic stat, std::optional<double> xval, double value,
                 int64_t inside) {
    bool hide = group_hidden || n <= small || total <= static_cast<double>(small) ||
                (inside <= small && inside > 0) || (n - inside <= small && n - inside > 0);
    rows->push_back({group, std::string(UseMeasureName(use)),
                     std::string(ConcentrationStatisticName(stat)), xval,
                     hide || std::isnan(value) ? std::nullopt : std::optional<double>(value),
                     hide ? small_text : "", segment, use, stat});
  };
  for (double pct : options.top_percents) {
    auto k = static_cast<int64_t>(std::ceil(pct / 100 * static_cast<double>(n) - 1e-9));
    add(ConcentrationStatistic::kTopShare, pct, share(TopUse(h, k), total_pub), k);
  }
  for (double pct : options.usage_percents) {
    int64_t k = PeopleFor(h, pct / 100 * total);
    add(ConcentrationStatistic::kPeopleShare, pct, share(static_cast<double>(k), n_pub), k);
  }
  add(ConcentrationStatistic::kGini, std::nullopt, PublishedValue(Gini(h), 2, disclosure), 0);
  for (double p = 0; p <= 100 + 1e-9; p += options.lorenz_step) {
    double people = p / 100 * static_cast<double>(n);
    add(ConcentrationStatistic::kLorenz, p, share(BottomUse(h, people), total_pub),
        static_cast<int64_t>(std::floor(people)));
  }
}

}  // namespace

std::string_view ConcentrationStatisticName(ConcentrationStatistic s) {
  return kStatisticNames[static_cast<int>(s)];
}

std::vector<ConcentrationRow> Concentration(const Extract& x, int32_t at,
                                            const SegmentationRules* rules,
                                            const SegmentAssignment* seg,
                                            const ConcentrationOptions& options,
                                            const DisclosureOptions& disclosure) {
  static const SegmentationRules kNoRules;
  const SegmentationRules& r = rules ? *rules : kNoRules;
  const size_t segments = seg && rules ? rules->segments.size() : 0;
  const size_t groups = segments + 1;  // the last is "all"
  internal::RuleEvaluator eval(x, r, at);
  Hists all = Scan(x, at, eval, seg, segments, options);

  // Counts go through disclosure control (segments add up to "all").
  DisclosureTable table;
  std::vector<std::array<size_t, 3>> ids(groups * 3);  // people, users, total
  for (size_t i = 0; i < all.size(); ++i) {
    ids[i] = {table.AddCell(all[i].Count()), table.AddCell(all[i].Users()),
              table.AddCell(all[i].Total())};
  }
  for (int m = 0; m < 3; ++m) {
    for (int s = 0; s < 3 && segments > 0; ++s) {
      std::vector<size_t> parts;
      for (size_t g = 0; g < segments; ++g) parts.push_back(ids[g * 3 + m][s]);
      table.AddRelation(ids[(groups - 1) * 3 + m][s], parts);
    }
  }
  table.Apply(disclosure);

  std::vector<ConcentrationRow> rows;
  const ConcentrationStatistic counts[3] = {ConcentrationStatistic::kPeople,
                                            ConcentrationStatistic::kUsers,
                                            ConcentrationStatistic::kTotal};
  for (size_t g = 0; g < groups; ++g) {
    std::string group = g + 1 == groups ? "all" : r.segments[g].id;
    const int segment = g + 1 == groups ? kEveryone : static_cast<int>(g);
    for (int m = 0; m < 3; ++m) {
      for (int s = 0; s < 3; ++s) {
        size_t id = ids[g * 3 + m][s];
        auto c = table.PublishedCount(id);
        rows.push_back({group, std::string(UseMeasureName(kMeasures[m])),
                        std::string(ConcentrationStatisticName(counts[s])), std::nullopt,
                        c ? std::optional<double>(static_cast<double>(*c)) : std::nullopt,
                        SuppressionText(table.suppression(id), disclosure), segment, kMeasures[m],
                        counts[s]});
      }
      bool hidden = table.suppressed(ids[g * 3 + m][0]) || table.suppressed(ids[g * 3 + m][2]);
      AddShares(all[g * 3 + m], group, segment, kMeasures[m], options, disclosure, hidden, &rows);
    }
  }
  return rows;
}

}  // namespace barometer::population
