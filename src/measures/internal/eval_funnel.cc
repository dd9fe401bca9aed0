// A proportion's funnel plot among its peers (docs/evaluation.md, "Funnel
// plot"): the limits and every peer's position, computed once into the
// record with the OHID/PHE funnel methods (stats/funnels.h).
#include <string>
#include <vector>

#include <fmt/format.h>

#include "measures/internal/eval.h"
#include "stats/funnels.h"

namespace barometer::measures::internal {
namespace {

bool Usable(std::optional<double> num, std::optional<double> den) {
  return num && den && *den > 0 && *num >= 0 && *num <= *den;
}

// Where a point lies, in words, for the measure's direction.
std::string PositionText(stats::FunnelSignificance s, const strategy::Measure& m,
                         const std::string& average) {
  const bool high =
      s == stats::FunnelSignificance::kHigh001 || s == stats::FunnelSignificance::kHigh025;
  const bool low =
      s == stats::FunnelSignificance::kLow001 || s == stats::FunnelSignificance::kLow025;
  if (!high && !low) {
    return "Not significantly different from the peers' overall " + average +
           " (within the 95% limits)";
  }
  std::string word;
  if (m.direction == strategy::Direction::kHigher) {
    word = high ? "better" : "worse";
  } else if (m.direction == strategy::Direction::kLower) {
    word = high ? "worse" : "better";
  } else {
    word = high ? "higher" : "lower";
  }
  const bool extreme =
      s == stats::FunnelSignificance::kHigh001 || s == stats::FunnelSignificance::kLow001;
  std::string where =
      extreme ? fmt::format("{} the 99.8% limit", high ? "above" : "below")
              : fmt::format("{} the 95% limit, within the 99.8% limits", high ? "above" : "below");
  return fmt::format("Significantly {} than the peers' overall {} ({})", word, average, where);
}

}  // namespace

std::optional<FunnelInfo> FunnelMeasure(const strategy::Measure& m, const RankInfo& rank,
                                        const DataIndex& data) {
  const bool percent = m.unit == strategy::MeasureUnit::kPercent;
  if (!percent && m.unit != strategy::MeasureUnit::kProportion) return std::nullopt;
  FunnelInfo f;
  f.indicator = rank.indicator;
  f.peer_group = rank.peer_group;
  f.period = rank.period;
  f.multiplier = percent ? 100 : 1;
  bool have_own = false;
  if (auto it = data.benchmarks.find(rank.indicator); it != data.benchmarks.end()) {
    for (const BenchmarkValue* b : it->second) {
      if (b->period != rank.period || b->peer_group != rank.peer_group) continue;
      if (!b->value || !Usable(b->numerator, b->denominator)) continue;
      FunnelPeer p;
      p.org_code = b->org_code;
      p.org_name = b->org_name;
      p.numerator = *b->numerator;
      p.denominator = *b->denominator;
      p.ours = b->org_code == rank.org_code;
      have_own = have_own || p.ours;
      f.peers.push_back(std::move(p));
    }
  }
  if (!have_own) {
    // The organisation's own value for the period, when it is not a peer row.
    if (auto it = data.observations.find(m.id); it != data.observations.end()) {
      for (const Observation* o : it->second) {
        if (o->period != rank.period || !Usable(o->numerator, o->denominator)) continue;
        FunnelPeer p;
        p.org_code = rank.org_code;
        p.numerator = *o->numerator;
        p.denominator = *o->denominator;
        p.ours = true;
        have_own = true;
        f.peers.push_back(std::move(p));
        break;
      }
    }
  }
  if (!have_own || static_cast<int>(f.peers.size()) < kFunnelMinPeers) return std::nullopt;
  std::vector<double> num, den;
  for (const FunnelPeer& p : f.peers) {
    num.push_back(p.numerator);
    den.push_back(p.denominator);
  }
  stats::FunnelOptions opt;
  opt.statistic = stats::FunnelStatistic::kProportion;
  opt.multiplier = f.multiplier;
  stats::FunnelData d{num, den, {}};
  auto limits = stats::CalculateFunnelLimits(d, opt);
  auto sig = stats::AssignFunnelSignificance(d, opt);
  if (!limits.ok() || !sig.ok()) return std::nullopt;
  f.average = limits->average * f.multiplier;
  for (const stats::FunnelLimitRow& r : limits->rows) {
    f.limits.push_back({r.x, r.limit95.lower, r.limit95.upper, r.limit998.lower, r.limit998.upper});
  }
  std::string average = FormatValue(f.average, m);
  for (size_t i = 0; i < f.peers.size(); ++i) {
    FunnelPeer& p = f.peers[i];
    p.value = p.numerator / p.denominator * f.multiplier;
    stats::FunnelSignificance s = (*sig)[i];
    p.significance = std::string(stats::FunnelSignificanceName(s));
    f.above998 += s == stats::FunnelSignificance::kHigh001;
    f.above95 +=
        s == stats::FunnelSignificance::kHigh001 || s == stats::FunnelSignificance::kHigh025;
    f.below998 += s == stats::FunnelSignificance::kLow001;
    f.below95 += s == stats::FunnelSignificance::kLow001 || s == stats::FunnelSignificance::kLow025;
    if (p.ours) {
      f.position = p.significance;
      f.position_text = PositionText(s, m, average);
    }
  }
  f.method = fmt::format(
      "funnel plot: {} control limits at 95% and 99.8% around the overall proportion of the {} "
      "peers with a numerator and denominator in {} (Σ numerators / Σ denominators); OHID/PHE "
      "method as PHEindicatormethods 2.1.0",
      limits->method, f.peers.size(), f.period.ToString());
  return f;
}

}  // namespace barometer::measures::internal
