// A measure's rank among its peers from benchmark values (docs/evaluation.md,
// "Rank and quartile").
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "measures/internal/eval.h"
#include "measures/internal/rank.h"

namespace barometer::measures::internal {
namespace {

constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

// The benchmark indicator for a measure: rows under its id, else under its
// population `indicator`.
std::string IndicatorOf(const strategy::Measure& m, const DataIndex& data) {
  if (data.benchmarks.count(m.id) > 0) return m.id;
  return m.indicator.empty() ? m.id : m.indicator;
}

const std::vector<const BenchmarkValue*> kNoBenchmarks;
const std::vector<const Observation*> kNoObservations;

template <typename T>
const std::vector<const T*>& Rows(const DataIndex::ById<T>& index, std::string_view id,
                                  const std::vector<const T*>& none) {
  auto it = index.find(id);
  return it == index.end() ? none : it->second;
}

}  // namespace

DataIndex::DataIndex(const EvaluationData& data) {
  for (const BenchmarkValue& b : data.benchmarks) benchmarks[b.indicator].push_back(&b);
  for (const Observation& o : data.observations) observations[o.measure_id].push_back(&o);
  for (const Commentary& c : data.commentary) commentary[c.measure_id].push_back(&c);
  for (const ProcessChange& c : data.process_changes) process_changes[c.measure_id].push_back(&c);
}

std::optional<RankInfo> RankMeasure(const strategy::Strategy& s, const strategy::Measure& m,
                                    const std::string& peer_group, const DataIndex& data,
                                    const std::string& org_code, Date as_of) {
  const std::string indicator = IndicatorOf(m, data);
  // Rows of this indicator and peer group up to the period, by period.
  std::map<Period, std::vector<const BenchmarkValue*>> by_period;
  for (const BenchmarkValue* b : Rows(data.benchmarks, indicator, kNoBenchmarks)) {
    if (b->period.end > as_of) continue;
    if (!peer_group.empty() && b->peer_group != peer_group) continue;
    by_period[b->period].push_back(b);
  }
  for (auto it = by_period.rbegin(); it != by_period.rend(); ++it) {
    const std::vector<const BenchmarkValue*>& rows = it->second;
    std::vector<double> values;
    std::set<std::string> orgs;
    std::optional<size_t> own;
    int blank = 0;
    for (const BenchmarkValue* b : rows) {
      orgs.insert(b->org_code);
      if (!b->value) ++blank;
      if (b->org_code == org_code && b->value) own = values.size();
      values.push_back(b->value.value_or(kNoValue));
    }
    if (!own) {
      // The organisation's own value for the same period, when it is not a peer row.
      for (const Observation* o : Rows(data.observations, m.id, kNoObservations)) {
        if (!own && o->period == it->first) {
          own = values.size();
          values.push_back(o->value);
          orgs.insert(org_code);
        }
      }
    }
    if (!own) continue;
    bool higher = m.direction.value_or(strategy::Direction::kHigher) != strategy::Direction::kLower;
    PeerRanking r = RankAmongPeers(values, *own, higher);
    RankInfo info;
    info.indicator = indicator;
    info.peer_group = peer_group.empty() ? rows.front()->peer_group : peer_group;
    info.period = it->first;
    info.org_code = org_code;
    info.value = values[*own];
    info.peers = r.peers;
    info.rank = r.rank;
    info.tied = r.tied;
    info.quartile = r.quartile;
    info.cut_points = r.cut_points;
    for (double v : values)
      if (std::isfinite(v)) info.peer_values.push_back(v);
    int expected = 0;
    if (const strategy::PeerGroup* g = strategy::FindPeerGroup(s, info.peer_group); g && g->size) {
      expected = *g->size;
    }
    info.missing = blank + std::max(0, expected - static_cast<int>(orgs.size()));
    return info;
  }
  return std::nullopt;
}

}  // namespace barometer::measures::internal
