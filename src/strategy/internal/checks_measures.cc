// Checks of measures, their baselines and their targets.
#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "core/number.h"
#include "strategy/internal/checks.h"
#include "strategy/publications.h"

namespace barometer::strategy::internal {

namespace {
std::string RangeText(NumberRange r) {
  bool lo = std::isfinite(r.min), hi = std::isfinite(r.max);
  if (lo && hi) return fmt::format("{} to {}", FormatShortest(r.min), FormatShortest(r.max));
  if (lo) return fmt::format("at least {}", FormatShortest(r.min));
  if (hi) return fmt::format("at most {}", FormatShortest(r.max));
  return "any value";
}

std::string KindName(const Target& t) {
  return t.kind ? std::string(EnumName(*t.kind)) : std::string("?");
}

// "a `threshold` target", "an `improvement` target".
std::string ATarget(const Target& t) {
  std::string k = KindName(t);
  bool vowel = std::string_view("aeiou").find(k[0]) != std::string_view::npos;
  return fmt::format("{} `{}` target", vowel ? "an" : "a", k);
}

// A period as core/date.h reads it, or pooled calendar years as public
// health publishes them ("2015-17": 2015 to 2017).
bool ValidPeriodText(std::string_view text) {
  if (Period::Parse(text)) return true;
  auto first = ParseInt(text.substr(0, 4)), last = ParseInt(text.substr(text.size() >= 5 ? 5 : 0));
  return text.size() == 7 && text[4] == '-' && first && last && *last > (*first + 1) % 100 &&
         *last - *first % 100 <= 20;
}

// An outcome ambition: a value to reach (or hold) by a date, the one kind of
// target that may be dated after the strategy period ("by 2023-25").
bool IsValueByDate(const Target& t) {
  return t.by && (t.kind == TargetKind::kThreshold || t.kind == TargetKind::kChange ||
                  t.kind == TargetKind::kMaintain);
}

// "in year 2" or "by 2026-12-31".
std::string WhenText(const Target& t) {
  if (t.year) return fmt::format("in year {}", *t.year);
  if (t.by) return fmt::format("by {}", t.by->ToString());
  return "undated";
}

// The keys each target kind uses beyond year/by/kind/text/todo.
std::vector<std::string_view> KeysOfKind(TargetKind k) {
  switch (k) {
    case TargetKind::kThreshold:
      return {"value", "op"};
    case TargetKind::kChange:
      return {"change", "change_unit"};
    case TargetKind::kRank:
      return {"quartile", "rank", "peer_group", "count", "must_include"};
    case TargetKind::kImprovement:
      return {"significant"};
    case TargetKind::kMilestone:
      return {"due"};
    case TargetKind::kEstablishBaseline:
      return {};
    case TargetKind::kMaintain:
      return {"value"};
  }
  return {};
}

std::string_view KindsUsing(std::string_view key) {
  if (key == "value") return "`threshold` and `maintain`";
  if (key == "op") return "`threshold`";
  if (key == "change" || key == "change_unit") return "`change`";
  if (key == "significant") return "`improvement`";
  if (key == "due") return "`milestone`";
  return "`rank`";
}
}  // namespace

void Checker::CheckMeasures() {
  for (const Measure& m : s_.measures) CheckMeasure(m);
}

void Checker::CheckMeasure(const Measure& m) {
  if (m.objective.empty() && m.priority.empty() && !m.Written("objective") &&
      !m.Written("priority")) {
    d_.Error(m.where, fmt::format("measure `{}` names no objective", m.id),
             "add objective = \"...\" (or priority = \"...\" for a priority's headline measure)");
  } else if (!m.objective.empty() && !m.priority.empty()) {
    d_.Error(m.At("priority"),
             fmt::format("measure `{}` names both an objective and a priority", m.id),
             "keep `objective` alone: a measure under an objective belongs to its priority");
  }
  Ref(m, "objective", m.objective, "objective", objectives_);
  Ref(m, "priority", m.priority, "priority", priorities_);
  RefList(m, "also_objectives", m.also_objectives, "objective", objectives_);
  Ref(m, "peer_group", m.peer_group, "peer group", peer_groups_);
  RefList(m, "components", m.components, "measure", measures_);
  if (m.unit == MeasureUnit::kRate && !m.per && !m.Written("per")) {
    d_.Error(m.At("unit"), fmt::format("measure `{}` is a rate but has no `per`", m.id),
             "add per = 100000 (or whatever the rate is per)");
  } else if (m.per && m.unit && m.unit != MeasureUnit::kRate) {
    d_.Error(m.At("per"), "`per` applies only to measures with unit = \"rate\"");
  }
  if (m.per && *m.per <= 0) {
    d_.Error(m.At("per"), fmt::format("`per` must be positive, found {}", FormatShortest(*m.per)));
  }
  if (m.range && !(m.range->min < m.range->max)) {
    d_.Error(m.At("range"), "`range` must be [min, max] with min below max");
  }
  if (m.decimals && (*m.decimals < 0 || *m.decimals > 10)) {
    d_.Error(m.At("decimals"), fmt::format("`decimals` must be 0 to 10, found {}", *m.decimals));
  }
  if (m.spc) {
    for (auto [key, v] : {std::pair{"baseline_points", m.spc->baseline_points},
                          std::pair{"shift_length", m.spc->shift_length},
                          std::pair{"trend_length", m.spc->trend_length}}) {
      if (v && *v < 2) {
        d_.Error(m.spc->At(key), fmt::format("`{}` must be at least 2, found {}", key, *v));
      }
    }
  }
  CheckBaseline(m);
  if (m.binding) CheckBinding(m, *m.binding);
  for (const Target& t : m.targets) CheckTarget(m, t);
  CheckYearCoverage(m);
  CheckTrajectory(m);
  CheckPopulationSource(m);
}

namespace {
std::string Quoted(const std::vector<std::string>& items) {
  std::string t;
  for (const std::string& i : items) t += (t.empty() ? "" : ", ") + ("\"" + i + "\"");
  return t;
}
}  // namespace

void Checker::CheckBinding(const Measure& m, const SourceBinding& b) {
  if (!b.publication) return;  // missing or unknown: reported by the reader
  const Publication p = *b.publication;
  if (p == Publication::kFingertips) {
    if (!b.series.empty() && !std::all_of(b.series.begin(), b.series.end(),
                                          [](char c) { return c >= '0' && c <= '9'; })) {
      d_.Error(b.At("series"),
               fmt::format("Fingertips series `{}` is not an indicator id", b.series),
               "write the indicator's number from the export's `Indicator ID` column, e.g. "
               "series = \"90813\"");
    }
  } else if (!b.series.empty()) {
    if (const PublishedSeries* ps = FindSeries(p, b.series)) {
      if (m.unit && *m.unit != ps->unit) {
        d_.Error(m.At("unit"),
                 fmt::format("measure `{}` has unit \"{}\", but the series `{}` is a {}", m.id,
                             EnumName(*m.unit), b.series, EnumName(ps->unit)),
                 fmt::format("write unit = \"{}\"", EnumName(ps->unit)));
      }
    } else {
      std::vector<std::string> ids;
      for (const PublishedSeries& x : SeriesOf(p)) ids.emplace_back(x.id);
      d_.Error(b.At("series"), fmt::format("`{}` is not a series of {}", b.series, EnumName(p)),
               "write one of: " + Quoted(ids));
    }
  }
  std::vector<Frequency> fits = PublicationFrequencies(p);
  if (m.frequency && std::find(fits.begin(), fits.end(), *m.frequency) == fits.end()) {
    std::vector<std::string> names;
    for (Frequency f : fits) names.emplace_back(EnumName(f));
    d_.Error(m.At("frequency"),
             fmt::format("measure `{}` is {}, but {} is published {}", m.id, EnumName(*m.frequency),
                         EnumName(p), Quoted(names)),
             fmt::format("write frequency = \"{}\"", names.front()));
  }
  if (BoundOrg(s_, b).empty()) {
    d_.Error(b.where, fmt::format("the source of measure `{}` names no organisation", m.id),
             "add org = \"<ODS code>\" here, or ods_code under [organisation]");
  }
  if (!b.peers.empty()) {
    std::vector<std::string> sets = PeerSets(p);
    if (std::find(sets.begin(), sets.end(), b.peers) == sets.end()) {
      d_.Error(b.At("peers"), fmt::format("`{}` is not a peer set of {}", b.peers, EnumName(p)),
               "write one of: " + Quoted(sets));
    }
  }
  if ((!b.sex.empty() || !b.age.empty()) && p != Publication::kFingertips) {
    d_.Error(b.At(b.sex.empty() ? "age" : "sex"),
             "`sex` and `age` apply only to publication = \"fingertips\"");
  }
  for (size_t i = 0; i < b.predecessors.size(); ++i) {
    if (b.predecessors[i] == BoundOrg(s_, b)) {
      d_.Error(
          b.At(fmt::format("predecessors[{}]", i)),
          fmt::format("`{}` is the organisation itself, not a predecessor", b.predecessors[i]));
    }
  }
}

void Checker::CheckValueInRange(const Measure& m, const Element& e, std::string_view key, double v,
                                std::string_view what) {
  if (!m.unit) return;
  NumberRange r = DefaultRange(*m.unit);
  if (m.range && m.range->min < m.range->max) r = *m.range;
  if (v >= r.min && v <= r.max) return;
  d_.Error(e.At(key),
           fmt::format("{} {} is outside the range of measure `{}` ({})", what, FormatShortest(v),
                       m.id, RangeText(r)),
           r.min != DefaultRange(*m.unit).min || r.max != DefaultRange(*m.unit).max
               ? ""
               : fmt::format("a {} is {}", EnumName(*m.unit), RangeText(r)));
}

void Checker::CheckBaseline(const Measure& m) {
  const Baseline& b = m.baseline;
  switch (b.kind) {
    case Baseline::Kind::kToBeEstablished:
      d_.Warning(m.At("baseline"),
                 fmt::format("measure `{}` has no baseline (\"to be established\")", m.id),
                 "fill in { value = ..., period = \"...\" } when it is known");
      break;
    case Baseline::Kind::kEstablishInYear:
      if (PeriodKnown() && b.establish_year > StrategyYearCount(s_)) {
        d_.Error(m.At("baseline"), fmt::format("baseline year {} is outside the strategy period {}",
                                               b.establish_year, PeriodText()));
      }
      break;
    case Baseline::Kind::kValue:
      if (b.value) CheckValueInRange(m, b, "value", *b.value, "baseline");
      if (b.period.empty()) {
        d_.Warning(b.where, fmt::format("the baseline of measure `{}` has no period", m.id),
                   "add period = \"...\" (e.g. \"2020\" or \"2020-21\") saying when it was");
      } else if (!ValidPeriodText(b.period)) {
        std::string fixed = b.period;
        std::replace(fixed.begin(), fixed.end(), '/', '-');
        d_.Error(b.At("period"), fmt::format("baseline period `{}` is not a period", b.period),
                 Period::Parse(fixed) ? fmt::format("write \"{}\"", fixed)
                                      : "write e.g. \"2020\", \"2020-21\", \"2020-21 Q3\", "
                                        "\"2020-07\" or \"2020-07-31\"");
      }
      break;
    case Baseline::Kind::kNone:
      if (m.where_of.count("baseline")) break;  // written but unreadable: reported
      for (const Target& t : m.targets) {
        bool relative = t.kind == TargetKind::kChange || t.kind == TargetKind::kImprovement ||
                        (t.kind == TargetKind::kMaintain && !t.value);
        if (!relative) continue;
        d_.Warning(m.where,
                   fmt::format("measure `{}` has no baseline, but its `{}` target {} is "
                               "measured against one",
                               m.id, KindName(t), WhenText(t)),
                   "add baseline = { value = ..., period = \"...\" } or baseline = \"to be "
                   "established\"");
        break;
      }
      break;
  }
}

void Checker::CheckTarget(const Measure& m, const Target& t) {
  CheckTargetWhen(m, t);
  CheckTargetKeys(m, t);
  CheckTargetValues(m, t);
}

void Checker::CheckTargetWhen(const Measure& m, const Target& t) {
  if (t.year && t.by) {
    d_.Error(t.At("by"), "a target has both `year` and `by`; give one");
  } else if (!t.year && !t.by && !t.Written("year") && !t.Written("by")) {
    d_.Error(t.where, fmt::format("a target of measure `{}` has neither `year` nor `by`", m.id),
             "add year = N (a strategy year) or by = YYYY-MM-DD");
  }
  if (!PeriodKnown()) return;
  const StrategyPeriod& p = s_.organisation.period;
  int n = StrategyYearCount(s_);
  if (t.year && (*t.year < 1 || *t.year > n)) {
    d_.Error(t.At("year"),
             fmt::format("target year {} is outside the strategy period {}", *t.year, PeriodText()),
             fmt::format("the period has years 1 to {}", n));
  }
  if (t.by && *t.by < p.start) {
    d_.Error(t.At("by"), fmt::format("target date {} is before the strategy period starts ({})",
                                     t.by->ToString(), p.start.ToString()));
  } else if (t.by && *t.by > p.end) {
    std::string msg = fmt::format("target date {} is after the strategy period ends ({})",
                                  t.by->ToString(), p.end.ToString());
    if (IsValueByDate(t)) {
      d_.Warning(t.At("by"), msg,
                 "an outcome ambition (a value by a date) may look beyond the period; it counts "
                 "in no strategy year");
    } else {
      d_.Error(t.At("by"), msg,
               fmt::format("move it into the period; only a value by a date (a `threshold`, "
                           "`change` or `maintain` target) may fall after it, not {}",
                           ATarget(t)));
    }
  }
  if (t.due && (*t.due < p.start || *t.due > p.end)) {
    d_.Error(t.At("due"), fmt::format("milestone date {} is outside the strategy period ({} to {})",
                                      t.due->ToString(), p.start.ToString(), p.end.ToString()));
  } else if (t.due && t.year && YearOf(s_, *t.due) != t.year) {
    d_.Warning(t.At("due"),
               fmt::format("milestone date {} is not in year {} ({})", t.due->ToString(), *t.year,
                           StrategyYear(s_, *t.year).ToString()));
  }
}

void Checker::CheckTargetKeys(const Measure& m, const Target& t) {
  if (!t.kind) return;
  auto present = [&t](std::string_view key) {
    if (t.where_of.count(key)) return true;
    if (key == "value") return t.value.has_value();
    if (key == "op") return t.op.has_value();
    if (key == "change") return t.change.has_value();
    if (key == "change_unit") return t.change_unit.has_value();
    if (key == "quartile") return t.quartile.has_value();
    if (key == "rank") return t.rank.has_value();
    if (key == "peer_group") return !t.peer_group.empty();
    if (key == "count") return t.count.has_value();
    if (key == "must_include") return !t.must_include.empty();
    if (key == "significant") return t.significant;
    if (key == "due") return t.due.has_value();
    return false;
  };
  std::vector<std::string_view> own = KeysOfKind(*t.kind);
  for (std::string_view key : {"value", "op", "change", "change_unit", "quartile", "rank",
                               "peer_group", "count", "must_include", "significant", "due"}) {
    if (!present(key) || std::find(own.begin(), own.end(), key) != own.end()) continue;
    d_.Error(t.At(key), fmt::format("`{}` does not apply to {}", key, ATarget(t)),
             fmt::format("`{}` belongs to {} targets", key, KindsUsing(key)));
  }
  auto need = [&](bool ok, std::string_view what, std::string hint) {
    if (!ok && t.unreadable.empty()) {
      d_.Error(t.At("kind"), fmt::format("{} needs {}", ATarget(t), what), std::move(hint));
    }
  };
  switch (*t.kind) {
    case TargetKind::kThreshold:
      need(t.value.has_value(), "`value`", "add value = N (the level to reach)");
      break;
    case TargetKind::kChange:
      need(t.change.has_value(), "`change`", "add change = -10 for a 10% reduction");
      need(t.change_unit.has_value(), "`change_unit`",
           "add change_unit = \"percent\" or \"absolute\"");
      break;
    case TargetKind::kRank:
      need(t.quartile || t.rank, "`quartile` or `rank`",
           "add quartile = 1 for the top quartile, or rank = N for at most N-th");
      if (t.quartile && t.rank) {
        d_.Error(t.At("rank"), "a `rank` target has both `quartile` and `rank`; give one");
      }
      need(!EffectivePeerGroup(t, m).empty(), "a peer group",
           fmt::format("set peer_group = \"...\" on measure `{}` (or on the target)", m.id));
      break;
    default:
      break;
  }
}

void Checker::CheckTargetValues(const Measure& m, const Target& t) {
  if (t.value) CheckValueInRange(m, t, "value", *t.value, "target value");
  Direction dir = m.direction.value_or(Direction::kNeutral);
  if (t.op && t.kind == TargetKind::kThreshold) {
    bool up = *t.op == Op::kGreater || *t.op == Op::kGreaterEqual;
    bool down = *t.op == Op::kLess || *t.op == Op::kLessEqual;
    if ((dir == Direction::kHigher && down) || (dir == Direction::kLower && up)) {
      d_.Warning(t.At("op"), fmt::format("op `{}` contradicts the direction of measure `{}` ({})",
                                         EnumName(*t.op), m.id, DirectionText(dir)));
    }
  }
  if (t.change && t.kind == TargetKind::kChange) {
    if ((dir == Direction::kHigher && *t.change < 0) ||
        (dir == Direction::kLower && *t.change > 0)) {
      d_.Warning(t.At("change"), fmt::format("a change of {} contradicts the direction of "
                                             "measure `{}` ({})",
                                             FormatShortest(*t.change), m.id, DirectionText(dir)));
    }
  }
  if (t.quartile && (*t.quartile < 1 || *t.quartile > 4)) {
    d_.Error(t.At("quartile"), fmt::format("quartile {} is not 1-4 (1 = top)", *t.quartile));
  }
  if (t.rank && *t.rank < 1) {
    d_.Error(t.At("rank"), fmt::format("rank {} must be at least 1", *t.rank));
  }
  if (t.count && *t.count < 1) {
    d_.Error(t.At("count"), fmt::format("count {} must be at least 1", *t.count));
  }
  Ref(t, "peer_group", t.peer_group, "peer group", peer_groups_);
}

void Checker::CheckYearCoverage(const Measure& m) {
  if (!PeriodKnown() || m.frequency == Frequency::kOneOff) return;
  bool any_year = std::any_of(m.targets.begin(), m.targets.end(),
                              [](const Target& t) { return t.year.has_value(); });
  bool all_milestones = std::all_of(m.targets.begin(), m.targets.end(), [](const Target& t) {
    return t.kind == TargetKind::kMilestone;
  });
  // A target whose year could not be read was reported; its year is unknown.
  bool unknown_year = std::any_of(m.targets.begin(), m.targets.end(), [](const Target& t) {
    return !t.year && !t.by && (t.Written("year") || t.Written("by"));
  });
  int n = StrategyYearCount(s_);
  if (!any_year || all_milestones || unknown_year || n > 50) return;
  std::vector<std::string> missing;
  for (int y = 1; y <= n; ++y) {
    if (TargetsInYear(s_, m, y).empty()) {
      missing.push_back(fmt::format("{} ({})", y, StrategyYear(s_, y).ToString()));
    }
  }
  if (missing.empty()) return;
  std::string list = missing.back();
  if (missing.size() > 1) {
    list = missing[0];
    for (size_t i = 1; i + 1 < missing.size(); ++i) list += ", " + missing[i];
    list += " and " + missing.back();
  }
  d_.Warning(m.where, fmt::format("measure `{}` has no target for year{} {}", m.id,
                                  missing.size() > 1 ? "s" : "", list));
}

void Checker::CheckTrajectory(const Measure& m) {
  Direction dir = m.direction.value_or(Direction::kNeutral);
  if (dir == Direction::kNeutral) return;
  struct Point {
    Date due;
    double v;
    const Target* t;
    const char* key;
  };
  // Thresholds, and changes in each unit, each form their own trajectory.
  std::map<std::string, std::vector<Point>> lines;
  for (const Target& t : m.targets) {
    auto due = DueDate(s_, t);
    if (!due) continue;
    if (t.kind == TargetKind::kThreshold && t.value) {
      lines["threshold"].push_back({*due, *t.value, &t, "value"});
    } else if (t.kind == TargetKind::kChange && t.change && t.change_unit) {
      lines[std::string(EnumName(*t.change_unit))].push_back({*due, *t.change, &t, "change"});
    }
  }
  for (auto& [name, points] : lines) {
    std::stable_sort(points.begin(), points.end(),
                     [](const Point& a, const Point& b) { return a.due < b.due; });
    for (size_t i = 1; i < points.size(); ++i) {
      const Point &a = points[i - 1], &b = points[i];
      if (!(a.due < b.due)) continue;
      bool against = dir == Direction::kHigher ? b.v < a.v : b.v > a.v;
      if (!against) continue;
      d_.Warning(b.t->At(b.key),
                 fmt::format("targets for `{}` move against its direction ({}): {} {}, then {} {}",
                             m.id, DirectionText(dir), FormatShortest(a.v), WhenText(*a.t),
                             FormatShortest(b.v), WhenText(*b.t)));
    }
  }
}

}  // namespace barometer::strategy::internal
