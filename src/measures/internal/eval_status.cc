// The status rules (docs/evaluation.md, "Statuses"), with the reason for
// each in words a Board member reads.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "measures/internal/eval.h"
#include "stats/indicators.h"

namespace barometer::measures::internal {

using strategy::TargetKind;

namespace {

// Everything a rule needs about the measure being judged.
struct Judge {
  const strategy::Strategy& s;
  const strategy::Measure& m;
  const DataIndex& data;
  const EvaluateOptions& options;
  Date as_of;
  MeasureEvaluation& e;

  std::string Value(double v) const { return FormatValue(v, m); }

  void Set(MeasureStatus status, std::string reason) const {
    e.status = status;
    e.reason = std::move(reason);
  }

  // "the Year 2 (2022-23) target" or "the target for 31 March 2024".
  std::string Which(const TargetView& t) const {
    const strategy::Target& raw = m.targets[t.index];
    if (raw.year) return fmt::format("the {} target", YearLabel(s, *raw.year));
    return fmt::format("the target for {}", LongDate(t.due));
  }

  // "at least 7.2", "a 10% reduction on the baseline (at most 10.8)".
  std::string Goal(const TargetView& t, double goal) const {
    const strategy::Target& raw = m.targets[t.index];
    std::string bound = OpWords(t.op) + Value(goal);
    if (t.kind == TargetKind::kChange && raw.change) {
      bool percent = raw.change_unit.value_or(strategy::ChangeUnit::kPercent) ==
                     strategy::ChangeUnit::kPercent;
      double c = std::fabs(*raw.change);
      std::string size = percent ? fmt::format("{}%", c) : Value(c);
      return fmt::format("a {} {} on the baseline of {} ({})", size,
                         *raw.change < 0 ? "reduction" : "increase", Value(*e.baseline.value),
                         bound);
    }
    if (t.kind == TargetKind::kMaintain) return "to hold " + bound;
    return bound;
  }

  static std::string OpWords(const std::string& op) {
    if (op == ">=") return "at least ";
    if (op == "<=") return "at most ";
    if (op == ">") return "above ";
    if (op == "<") return "below ";
    return "";
  }

  // The latest value settles the target: its period is the last one before
  // the due date, or the due date has passed at the evaluation period.
  bool Final(const Period& p, const TargetView& t) const {
    return p.end >= t.due || NextPeriodEnd(p) > t.due || as_of >= t.due;
  }

  const ForecastInfo* ForecastFor(const TargetView& t) const {
    for (const ForecastInfo& f : e.forecasts) {
      if (f.target_index == t.index) return &f;
    }
    return nullptr;
  }

  std::string ForecastWords(const ForecastInfo& f) const {
    return fmt::format("the trend projects {} by {} ({:.0f}% chance of meeting it)", Value(f.value),
                       LongDate(f.due), 100 * f.probability);
  }

  void Numeric(const TargetView& t) const;
  void Improvement(const TargetView& t) const;
  void Rank(const TargetView& t, const strategy::Target& criteria) const;
  void Composite(const TargetView& t, const strategy::Target& criteria) const;
  void Establish(const TargetView& t) const;
  void Milestones() const;
};

void Judge::Numeric(const TargetView& t) const {
  const Observation& v = *e.latest;
  if (!t.goal) {
    Set(MeasureStatus::kNoData,
        fmt::format("{} is set against a baseline, and there is none yet: the strategy gives no "
                    "value and no values were loaded for the baseline period.",
                    Which(t)));
    return;
  }
  // A value that settles the target meets the goal itself, not the trajectory.
  const bool final = Final(v.period, t);
  if (final) e.target->goal_for_period = t.goal;
  double gp = *e.target->goal_for_period;
  std::string at = fmt::format("{} in {}", Value(v.value), v.period.ToString());
  bool meets = Meets(v.value, t.op, gp, e.decimals);
  if (final) {
    if (meets) {
      Set(MeasureStatus::kAchieved,
          fmt::format("{} meets {} of {}.", at, Which(t), Goal(t, *t.goal)));
    } else {
      Set(MeasureStatus::kOffTrack,
          fmt::format("{} misses {} of {}.", at, Which(t), Goal(t, *t.goal)));
    }
    return;
  }
  std::string trajectory =
      gp == *t.goal ? ""
                    : fmt::format(" (the trajectory is {} for {})", Value(gp), v.period.ToString());
  const ForecastInfo* f = ForecastFor(t);
  if (meets && f != nullptr && !f->projected_to_meet) {
    Set(MeasureStatus::kAtRisk,
        fmt::format("{} is on the trajectory to {} of {}{}, but {}.", at, Which(t),
                    Goal(t, *t.goal), trajectory, ForecastWords(*f)));
    return;
  }
  if (meets) {
    Set(MeasureStatus::kOnTrack, fmt::format("{} is on track for {} of {}, due {}{}.", at, Which(t),
                                             Goal(t, *t.goal), LongDate(t.due), trajectory));
    return;
  }
  std::string behind = fmt::format("{} is behind {} of {}, due {}{}", at, Which(t),
                                   Goal(t, *t.goal), LongDate(t.due), trajectory);
  if (f == nullptr) {
    Set(MeasureStatus::kAtRisk,
        behind + "; there are too few values to project a trend, so it may still be met.");
  } else if (f->projected_to_meet) {
    Set(MeasureStatus::kAtRisk, fmt::format("{}, but {}.", behind, ForecastWords(*f)));
  } else {
    Set(MeasureStatus::kOffTrack, fmt::format("{}, and {}.", behind, ForecastWords(*f)));
  }
}

void Judge::Improvement(const TargetView& t) const {
  const Observation& v = *e.latest;
  if (!t.goal) {
    Set(MeasureStatus::kNoData,
        t.op.empty() && e.baseline.value
            ? std::string("An improvement cannot be judged for a measure with no better direction.")
            : fmt::format("{} is an improvement on the baseline, and there is no baseline: the "
                          "strategy gives no value and no values were loaded before the "
                          "strategy or in Year 1.",
                          Which(t)));
    return;
  }
  const strategy::Target& raw = m.targets[t.index];
  bool better = Meets(v.value, t.op, *t.goal, e.decimals);
  bool final = Final(v.period, t);
  std::string at = fmt::format("{} in {} against a baseline of {} ({})", Value(v.value),
                               v.period.ToString(), Value(*t.goal), e.baseline.period);
  if (raw.significant) {
    const SignificanceInfo& sig = *e.significance;
    if (sig.judged && sig.significant) {
      Set(final ? MeasureStatus::kAchieved : MeasureStatus::kOnTrack,
          fmt::format("{}: a significant improvement ({}), as {} asks.", at, sig.detail, Which(t)));
    } else if (final || !better) {
      Set(MeasureStatus::kOffTrack,
          fmt::format("{}: {} asks for a significant improvement, and {}.", at, Which(t),
                      better ? "the improvement is not significant (" + sig.detail + ")"
                             : "there is no improvement"));
    } else {
      Set(MeasureStatus::kAtRisk,
          fmt::format("{}: better, but not yet a significant improvement ({}), which {} asks for "
                      "by {}.",
                      at, sig.detail, Which(t), LongDate(t.due)));
    }
    return;
  }
  if (better) {
    Set(final ? MeasureStatus::kAchieved : MeasureStatus::kOnTrack,
        fmt::format("{}: an improvement, as {} asks.", at, Which(t)));
  } else if (final) {
    Set(MeasureStatus::kOffTrack,
        fmt::format("{}: no improvement, which {} asked for.", at, Which(t)));
  } else if (const ForecastInfo* f = ForecastFor(t); f != nullptr && !f->projected_to_meet) {
    Set(MeasureStatus::kOffTrack,
        fmt::format("{}: no improvement yet, and {}.", at, ForecastWords(*f)));
  } else {
    Set(MeasureStatus::kAtRisk, fmt::format("{}: no improvement yet; {} asks for one by {}.", at,
                                            Which(t), LongDate(t.due)));
  }
}

std::string QuartileWords(int q) {
  static constexpr const char* kWords[] = {"", "top", "second", "third", "bottom"};
  return q >= 1 && q <= 4 ? kWords[q] : "no";
}

void Judge::Rank(const TargetView& t, const strategy::Target& criteria) const {
  if (criteria.count || !criteria.must_include.empty()) return Composite(t, criteria);
  if (!e.rank) {
    Set(MeasureStatus::kNoData,
        fmt::format("{} is a rank among peers, and there are no peer benchmark values for this "
                    "organisation up to {}.",
                    Which(t), e.latest ? e.latest->period.ToString() : LongDate(as_of)));
    return;
  }
  const RankInfo& r = *e.rank;
  if (r.quartile == 0 && criteria.quartile) {
    Set(MeasureStatus::kNoData,
        fmt::format("Only {} peers have values in {}: too few for quartiles.", r.peers,
                    r.period.ToString()));
    return;
  }
  bool meets = criteria.quartile ? r.quartile <= *criteria.quartile
               : criteria.rank   ? r.rank <= *criteria.rank
                                 : false;
  std::string want =
      criteria.quartile
          ? fmt::format("the {} quartile or better", QuartileWords(*criteria.quartile))
          : fmt::format("a rank of {} or better", criteria.rank.value_or(0));
  std::string at = fmt::format("Ranked {} of {} ({} quartile) in {} for {}", r.rank, r.peers,
                               QuartileWords(r.quartile), r.peer_group, r.period.ToString());
  bool final = Final(r.period, t);
  if (meets) {
    Set(final ? MeasureStatus::kAchieved : MeasureStatus::kOnTrack,
        fmt::format("{}: {} asks for {}.", at, Which(t), want));
  } else {
    Set(final ? MeasureStatus::kOffTrack : MeasureStatus::kAtRisk,
        fmt::format("{}: {} asks for {}{}.", at, Which(t), want,
                    final ? "" : fmt::format(" by {}", LongDate(t.due))));
  }
}

void Judge::Composite(const TargetView& t, const strategy::Target& criteria) const {
  const int q = criteria.quartile.value_or(1);
  if (m.components.empty()) {
    // The measure's own value counts the components in the quartile.
    if (!criteria.count) {
      Set(MeasureStatus::kNoData,
          fmt::format("{} asks for all of them in the {} quartile, and the strategy does not list "
                      "them (`components`), so it cannot be judged.",
                      Which(t), QuartileWords(q)));
      return;
    }
    const Observation& v = *e.latest;
    bool meets = v.value >= *criteria.count;
    bool final = Final(v.period, t);
    std::string including = criteria.must_include.empty()
                                ? ""
                                : fmt::format(
                                      ", including {} (not checked: the strategy does not list the "
                                      "components)",
                                      fmt::join(criteria.must_include, " and "));
    Set(meets ? (final ? MeasureStatus::kAchieved : MeasureStatus::kOnTrack)
              : (final ? MeasureStatus::kOffTrack : MeasureStatus::kAtRisk),
        fmt::format("{} in the {} quartile in {}: {} asks for {}{}.", Value(v.value),
                    QuartileWords(q), v.period.ToString(), Which(t), *criteria.count, including));
    return;
  }
  int in = 0, ranked = 0;
  std::vector<std::string> missing_required;
  for (const std::string& id : m.components) {
    const strategy::Measure* c = strategy::FindMeasure(s, id);
    if (c == nullptr) continue;
    auto r = RankMeasure(s, *c, strategy::EffectivePeerGroup(criteria, *c), data, options.org_code,
                         as_of);
    bool top = r && r->quartile >= 1 && r->quartile <= q;
    if (r) ++ranked;
    if (top) ++in;
    for (const std::string& need : criteria.must_include) {
      if (!top && id.find(need) != std::string::npos) missing_required.push_back(id);
    }
  }
  if (e.rank) {
    e.rank->components_in_quartile = in;
    e.rank->components_ranked = ranked;
  }
  if (ranked == 0) {
    Set(MeasureStatus::kNoData, "None of the component measures has peer benchmark values.");
    return;
  }
  int need = criteria.count.value_or(static_cast<int>(m.components.size()));
  bool meets = in >= need && missing_required.empty();
  bool final = as_of >= t.due;
  std::string at = fmt::format("{} of {} components in the {} quartile", in, m.components.size(),
                               QuartileWords(q));
  std::string lacking = missing_required.empty()
                            ? ""
                            : fmt::format(", and {} is not", fmt::join(missing_required, ", "));
  Set(meets ? (final ? MeasureStatus::kAchieved : MeasureStatus::kOnTrack)
            : (final ? MeasureStatus::kOffTrack : MeasureStatus::kAtRisk),
      fmt::format("{}{}: {} asks for {}.", at, lacking, Which(t), need));
}

void Judge::Establish(const TargetView& t) const {
  int year = t.year.value_or(1);
  const BaselineUsed& b = e.baseline;
  if (!b.value) {
    Set(as_of >= t.due ? MeasureStatus::kOffTrack : MeasureStatus::kNoData,
        fmt::format("{} is to establish the baseline, and no values were loaded in {}.", Which(t),
                    YearLabel(s, year)));
    return;
  }
  if (!b.provisional) {
    Set(MeasureStatus::kAchieved,
        fmt::format("Baseline established: {} (the mean of {} value{} in {}).", Value(*b.value),
                    b.points, b.points == 1 ? "" : "s", YearLabel(s, year)));
  } else {
    Set(MeasureStatus::kOnTrack,
        fmt::format("Baseline being established: {} so far (the mean of {} value{} in {}, which "
                    "ends {}).",
                    Value(*b.value), b.points, b.points == 1 ? "" : "s", YearLabel(s, year),
                    LongDate(t.due)));
  }
}

bool Done(double v) { return v == 1 || v >= 100; }

void Judge::Milestones() const {
  std::vector<const TargetView*> ms;
  for (const TargetView& t : e.targets) {
    if (t.kind == TargetKind::kMilestone) ms.push_back(&t);
  }
  std::stable_sort(ms.begin(), ms.end(),
                   [](const TargetView* a, const TargetView* b) { return a->due < b->due; });
  // Each value recorded as done completes the earliest milestone still open,
  // in due-date order (docs/evaluation.md): a late completion still counts,
  // and one "done" never completes two milestones.
  std::vector<const Observation*> completed(ms.size(), nullptr);
  size_t open = 0;
  for (const Observation& o : e.series) {
    if (open < ms.size() && Done(o.value)) completed[open++] = &o;
  }
  auto done_in = [&](size_t j) { return completed[j]; };
  e.milestones.clear();
  for (size_t j = 0; j < ms.size(); ++j) {
    MilestoneView v;
    v.target_index = ms[j]->index;
    v.year = ms[j]->year;
    v.due = ms[j]->due;
    v.text = ms[j]->text;
    if (const Observation* o = completed[j]) {
      v.status = MeasureStatus::kMilestoneComplete;
      v.done_in = o->period;
      v.late = o->period.end > ms[j]->due;
    } else if (ms[j]->due <= as_of) {
      v.status = MeasureStatus::kMilestoneOverdue;
    }
    e.milestones.push_back(std::move(v));
  }
  for (size_t j = 0; j < ms.size(); ++j) {
    if (ms[j]->due <= as_of && done_in(j) == nullptr) {
      Set(MeasureStatus::kMilestoneOverdue,
          fmt::format("Due {}, not recorded as done: {}", LongDate(ms[j]->due), ms[j]->text));
      e.target = *ms[j];
      return;
    }
  }
  std::vector<TargetView> only;
  for (const TargetView* t : ms) only.push_back(*t);
  int i = ApplicableTarget(s, only, as_of);
  if (i < 0) return;
  e.target = only[i];
  if (const Observation* o = done_in(i)) {
    bool late = o->period.end > only[i].due;
    Set(MeasureStatus::kMilestoneComplete,
        fmt::format("Done ({}{}): {}", o->period.ToString(), late ? ", late" : "", only[i].text));
    return;
  }
  std::string progress;
  if (e.latest && e.latest->value > 1 && e.latest->value < 100) {
    progress = fmt::format(" ({:g}% complete in {})", e.latest->value, e.latest->period.ToString());
  }
  Set(MeasureStatus::kNotYetDue,
      fmt::format("Due {}{}: {}", LongDate(only[i].due), progress, only[i].text));
}

// The maintain target's criterion when it names no value: the previous
// target's ("stay in the top quartile").
const strategy::Target* MaintainedCriterion(const strategy::Measure& m, const TargetView& t,
                                            const std::vector<TargetView>& all) {
  const TargetView* prev = nullptr;
  for (const TargetView& p : all) {
    if (p.due < t.due && p.kind != TargetKind::kMaintain && (!prev || p.due > prev->due)) prev = &p;
  }
  return prev == nullptr ? nullptr : &m.targets[prev->index];
}

}  // namespace

SignificanceInfo JudgeSignificance(const MeasureEvaluation& e, const strategy::Measure& m,
                                   const std::vector<Observation>& series,
                                   const EvaluateOptions& options) {
  SignificanceInfo out;
  if (e.spc && !e.spc->points.empty()) {
    const stats::SpcPoint& last = e.spc->points.back();
    out.judged = true;
    out.method = "spc";
    out.significant = last.point_type == stats::PointType::kSpecialCauseImprovement;
    out.detail = out.significant
                     ? fmt::format("SPC special cause: {}", last.special_cause_type)
                     : fmt::format("SPC: the latest value is {}",
                                   last.point_type == stats::PointType::kSpecialCauseConcern
                                       ? "a special cause of concern"
                                       : "common-cause variation");
    return out;
  }
  const Observation* latest = series.empty() ? nullptr : &series.back();
  const Observation* base = nullptr;
  for (const Observation& o : series) {
    if (&o != latest && o.period.ToString() == e.baseline.period) base = &o;
  }
  if (base == nullptr && e.baseline.points == 1) {
    for (const Observation& o : series) {
      if (&o != latest && o.value == e.baseline.value) base = &o;
    }
  }
  if (latest == nullptr || base == nullptr) {
    out.detail = "too few values for SPC and no baseline value with confidence limits";
    return out;
  }
  double scale = m.unit == strategy::MeasureUnit::kPercent ? 100 : 1;
  auto limits = [&](const Observation& o, double* lo, double* hi) {
    bool share =
        m.unit == strategy::MeasureUnit::kPercent || m.unit == strategy::MeasureUnit::kProportion;
    if (share && o.numerator && o.denominator && *o.denominator > 0 &&
        *o.numerator <= *o.denominator && *o.numerator >= 0) {
      *lo =
          scale * stats::WilsonLower(*o.numerator, *o.denominator, options.significance_confidence);
      *hi =
          scale * stats::WilsonUpper(*o.numerator, *o.denominator, options.significance_confidence);
      out.method = "wilson";
      return true;
    }
    if (o.lower && o.upper) {
      *lo = *o.lower;
      *hi = *o.upper;
      if (out.method.empty()) out.method = "confidence_limits";
      return true;
    }
    return false;
  };
  double blo = 0, bhi = 0, llo = 0, lhi = 0;
  if (!limits(*base, &blo, &bhi) || !limits(*latest, &llo, &lhi)) {
    out.method.clear();
    out.detail =
        "too few values for SPC and no confidence limits (numerator and denominator, "
        "or lower and upper) for the baseline and the latest value";
    return out;
  }
  out.judged = true;
  bool higher = m.direction != strategy::Direction::kLower;
  out.significant = higher ? llo > bhi : lhi < blo;
  out.detail = fmt::format("{:g}% intervals {} to {} against {} to {} {}",
                           100 * options.significance_confidence, FormatValue(llo, m),
                           FormatValue(lhi, m), FormatValue(blo, m), FormatValue(bhi, m),
                           out.significant ? "do not overlap" : "overlap or are worse");
  return out;
}

void JudgeStatus(const strategy::Strategy& s, const strategy::Measure& m, const DataIndex& data,
                 const EvaluateOptions& options, Date as_of, MeasureEvaluation& e) {
  Judge j{s, m, data, options, as_of, e};
  if (e.targets.empty()) {
    j.Set(e.latest ? MeasureStatus::kNotYetDue : MeasureStatus::kNoData,
          e.latest ? "The strategy sets no target for this measure."
                   : "No values loaded, and the strategy sets no target for this measure.");
    return;
  }
  bool milestones = m.unit == strategy::MeasureUnit::kMilestone ||
                    std::all_of(e.targets.begin(), e.targets.end(), [](const TargetView& t) {
                      return t.kind == TargetKind::kMilestone;
                    });
  if (milestones) return j.Milestones();
  if (!e.latest) {
    j.Set(MeasureStatus::kNoData, fmt::format("No values loaded up to {}.", LongDate(as_of)));
    return;
  }
  int i = ApplicableTarget(s, e.targets, e.latest->period.end);
  TargetView t = e.targets[i];
  t.goal_for_period = Trajectory(e.targets, i, e.baseline, e.latest->period.end);
  e.target = t;
  const strategy::Target* criteria = &m.targets[t.index];
  if (t.kind == TargetKind::kMaintain && !t.goal) {
    criteria = MaintainedCriterion(m, t, e.targets);
    if (criteria == nullptr) {
      j.Set(MeasureStatus::kNoData, "The target is to maintain the baseline, and there is none.");
      return;
    }
  }
  TargetKind kind = criteria->kind.value_or(TargetKind::kThreshold);
  bool later = t.year && e.latest_year && *t.year > *e.latest_year;
  bool trajectory = HasTrajectory(e.targets, i, e.baseline);
  if (later && !trajectory && kind != TargetKind::kEstablishBaseline) {
    bool beyond = t.due > s.organisation.period.end;  // an outcome ambition after the period
    j.Set(MeasureStatus::kNotYetDue,
          beyond
              ? fmt::format("The first target is due {}, after the strategy period: {}",
                            LongDate(t.due), t.text)
              : fmt::format("The first target applies in {}: {}", YearLabel(s, *t.year), t.text));
    return;
  }
  switch (kind) {
    case TargetKind::kEstablishBaseline:
      return j.Establish(t);
    case TargetKind::kImprovement:
      if (m.targets[t.index].significant)
        e.significance = JudgeSignificance(e, m, e.series, options);
      return j.Improvement(t);
    case TargetKind::kRank:
      return j.Rank(t, *criteria);
    case TargetKind::kMilestone:
      return j.Milestones();
    default:
      return j.Numeric(t);
  }
}

}  // namespace barometer::measures::internal
