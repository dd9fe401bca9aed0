#include "strategy/internal/describe.h"

#include <cmath>

#include <fmt/format.h>

#include "core/number.h"

namespace barometer::strategy::internal {

std::string Humanise(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (c == '_') c = ' ';
  }
  return out;
}

std::string OpSymbol(Op op) {
  switch (op) {
    case Op::kGreaterEqual:
      return "≥";
    case Op::kLessEqual:
      return "≤";
    case Op::kGreater:
      return ">";
    case Op::kLess:
      return "<";
    case Op::kEqual:
      return "=";
  }
  return "?";
}

std::string FormatValue(const Measure& m, double v) {
  int decimals = m.decimals.value_or(m.unit ? DefaultDecimals(*m.unit) : 2);
  std::string s = FormatFixed(v, decimals);
  // Never hide precision the file gave: 7.25 with one decimal stays 7.25.
  if (ParseDouble(s) != v) s = FormatShortest(v);
  if (m.unit == MeasureUnit::kPercent) s += "%";
  return s;
}

namespace {
std::string RangeOf(const Measure& m) {
  if (!m.range) return {};
  return fmt::format(" ({} to {})", FormatShortest(m.range->min), FormatShortest(m.range->max));
}

std::string DirectionWords(Direction d) {
  switch (d) {
    case Direction::kHigher:
      return "higher is better";
    case Direction::kLower:
      return "lower is better";
    case Direction::kNeutral:
      return "no better direction";
  }
  return {};
}

std::string Ordinal(int q) {
  switch (q) {
    case 1:
      return "top";
    case 2:
      return "second";
    case 3:
      return "third";
    case 4:
      return "bottom";
  }
  return fmt::format("{}th", q);
}

std::string PeerGroupName(const Strategy& s, const std::string& id) {
  const PeerGroup* g = FindPeerGroup(s, id);
  return g == nullptr ? id : g->name;
}

std::string Signed(double v) { return (v > 0 ? "+" : "") + FormatShortest(v); }
}  // namespace

std::string DescribeMeasureKind(const Measure& m) {
  std::string unit = m.unit ? std::string(EnumName(*m.unit)) : "?";
  if (m.unit == MeasureUnit::kRate && m.per) {
    unit += " per " + FormatShortest(*m.per);
  }
  std::string out = unit + RangeOf(m);
  if (m.direction) out += ", " + DirectionWords(*m.direction);
  if (m.frequency) out += ", " + Humanise(EnumName(*m.frequency));
  return out;
}

std::string DescribeBaseline(const Measure& m) {
  const Baseline& b = m.baseline;
  switch (b.kind) {
    case Baseline::Kind::kNone:
      return "none";
    case Baseline::Kind::kToBeEstablished:
      return "to be established";
    case Baseline::Kind::kEstablishInYear:
      return fmt::format("to be established in year {}", b.establish_year);
    case Baseline::Kind::kValue:
      break;
  }
  std::string out = b.value ? FormatValue(m, *b.value) : "?";
  if (!b.period.empty()) out += fmt::format(" ({})", b.period);
  return out;
}

std::string DescribeWhen(const Strategy& s, const Target& t) {
  if (t.year) return fmt::format("Year {} {}", *t.year, StrategyYear(s, *t.year).ToString());
  if (t.by) {
    auto y = YearOf(s, *t.by);
    if (y) return fmt::format("by {} (year {})", t.by->ToString(), *y);
    bool after = s.organisation.period.start < s.organisation.period.end &&
                 s.organisation.period.end < *t.by;
    return fmt::format("by {}{}", t.by->ToString(), after ? " (after the strategy period)" : "");
  }
  return "undated";
}

std::string DescribeTarget(const Strategy& s, const Measure& m, const Target& t) {
  if (!t.kind) return "?";
  switch (*t.kind) {
    case TargetKind::kThreshold:
      return t.value ? fmt::format("{} {}", OpSymbol(EffectiveOp(t, m)), FormatValue(m, *t.value))
                     : "threshold";
    case TargetKind::kChange: {
      std::string c = t.change ? Signed(*t.change) : "?";
      if (t.change_unit == ChangeUnit::kPercent) c += "%";
      return c + " from baseline";
    }
    case TargetKind::kRank: {
      std::string group = PeerGroupName(s, EffectivePeerGroup(t, m));
      std::string what = t.quartile ? fmt::format("{} quartile", Ordinal(*t.quartile))
                                    : fmt::format("rank ≤ {}", t.rank.value_or(0));
      if (!group.empty()) what += " of " + group;
      if (t.count) what += fmt::format(" for {} of its components", *t.count);
      if (!t.must_include.empty()) {
        std::string inc;
        for (const std::string& x : t.must_include) inc += (inc.empty() ? "" : ", ") + x;
        what += fmt::format(", including {}", inc);
      }
      return what;
    }
    case TargetKind::kImprovement:
      return t.significant ? "significant improvement on baseline" : "improvement on baseline";
    case TargetKind::kMilestone:
      return t.due ? fmt::format("milestone due {}", t.due->ToString()) : "milestone";
    case TargetKind::kEstablishBaseline:
      return "establish the baseline";
    case TargetKind::kMaintain:
      return t.value ? fmt::format("maintain {} {}", OpSymbol(EffectiveOp(t, m)),
                                   FormatValue(m, *t.value))
                     : "maintain the baseline";
  }
  return "?";
}

std::string RoleName(const Strategy& s, const std::string& id) {
  if (id == kUnnamed) return "not named";
  const Role* r = FindRole(s, id);
  if (r == nullptr) return id;
  return r->person.empty() ? r->title : fmt::format("{} ({})", r->title, r->person);
}

std::string CommitteeName(const Strategy& s, const std::string& id) {
  const Committee* c = FindCommittee(s, id);
  return c == nullptr ? id : c->name;
}

}  // namespace barometer::strategy::internal
