#include "synth/internal/measures_model.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "core/number.h"

namespace barometer::synth::internal {

using strategy::MeasureUnit;
using strategy::TargetKind;

uint64_t HashId(std::string_view id) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : id) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

namespace {

constexpr uint64_t kValueStream = 2, kMissingStream = 3, kMilestoneStream = 5;

// A count of components in a quartile ("top quartile for two access
// standards"): the targets' counts.
bool CountsComponents(const strategy::Target& t) {
  return t.kind == TargetKind::kRank && t.count.has_value();
}

MeasureUnit UnitOf(const strategy::Measure& m) { return m.unit.value_or(MeasureUnit::kScore); }

bool IsShare(MeasureUnit u) { return u == MeasureUnit::kPercent || u == MeasureUnit::kProportion; }

double Years(Date from, Date to) {
  return static_cast<double>(to.ToDays() - from.ToDays()) / 365.25;
}

}  // namespace

MeasureModel::MeasureModel(const strategy::Strategy& s, const strategy::Measure& m,
                           MeasureScenario scenario, uint64_t seed, Date until,
                           std::vector<MilestoneOutcome> milestones)
    : s_(s),
      m_(m),
      scenario_(scenario),
      seed_(seed),
      until_(until),
      milestones_(std::move(milestones)) {
  start_ = strategy::StrategyYear(s, 1).start;
  better_ = m.direction == strategy::Direction::kLower ? -1 : 1;
  decimals_ = m.decimals.value_or(strategy::DefaultDecimals(UnitOf(m)));
  base_ = Clamp(BaseLevel());
  BuildPath();
  step_day_ = until.AddDays(-365).ToDays();
}

// The level before the strategy: the file's baseline, else one step back
// from the first thresholds, else a typical value for the unit.
double MeasureModel::BaseLevel() const {
  if (m_.baseline.value) return *m_.baseline.value;
  for (const strategy::Target& t : m_.targets) {
    if (CountsComponents(t)) return std::max(0, *t.count - 1);
  }
  std::vector<std::pair<Date, double>> goals;
  for (const strategy::Target& t : m_.targets) {
    bool numeric = t.kind == TargetKind::kThreshold || t.kind == TargetKind::kMaintain;
    if (numeric && t.value) {
      if (auto due = strategy::DueDate(s_, t)) goals.emplace_back(*due, *t.value);
    }
  }
  std::sort(goals.begin(), goals.end());
  if (goals.size() >= 2) {
    // One year's step back from the first target, at most 10% of it.
    double step =
        std::min(std::fabs(goals[1].second - goals[0].second), 0.1 * std::fabs(goals[0].second));
    return goals[0].second - better_ * step;
  }
  if (goals.size() == 1) return goals[0].second * (1 - better_ * 0.08);
  switch (UnitOf(m_)) {
    case MeasureUnit::kPercent:  // a share to raise, or a prevalence to lower
      return better_ > 0 ? 65 : 20;
    case MeasureUnit::kProportion:
      return better_ > 0 ? 0.65 : 0.2;
    case MeasureUnit::kCount:
      return m_.frequency == strategy::Frequency::kAnnual ? 400 : 60;
    case MeasureUnit::kRate:
      return m_.per && *m_.per >= 10000 ? 150 : 5;
    case MeasureUnit::kScore:
      return m_.range ? m_.range->min + 0.68 * (m_.range->max - m_.range->min) : 7;
    case MeasureUnit::kYears:
      return 3;
    case MeasureUnit::kDays:
      return 30;
    case MeasureUnit::kGbp:
      return 1e6;
    case MeasureUnit::kRatio:
      return 1;
    case MeasureUnit::kRank:
      return 50;
    case MeasureUnit::kMilestone:
      return 0;
  }
  return 1;
}

// Anchors at the start (the base) and at each target's due date.
void MeasureModel::BuildPath() {
  path_.emplace_back(start_.ToDays(), base_);
  std::vector<const strategy::Target*> ts;
  for (const strategy::Target& t : m_.targets) ts.push_back(&t);
  std::stable_sort(ts.begin(), ts.end(),
                   [this](const strategy::Target* a, const strategy::Target* b) {
                     return strategy::DueDate(s_, *a) < strategy::DueDate(s_, *b);
                   });
  int k = 0;
  for (const strategy::Target* t : ts) {
    std::optional<Date> due = strategy::DueDate(s_, *t);
    if (!due || !t->kind) continue;
    std::optional<double> goal;
    ++k;
    switch (*t->kind) {
      case TargetKind::kThreshold:
      case TargetKind::kMaintain:
        goal = t->value ? *t->value : base_;
        break;
      case TargetKind::kChange:
        if (t->change) {
          bool percent = t->change_unit.value_or(strategy::ChangeUnit::kPercent) ==
                         strategy::ChangeUnit::kPercent;
          goal = percent ? base_ * (1 + *t->change / 100) : base_ + *t->change;
        }
        break;
      case TargetKind::kImprovement:
        goal = base_ + better_ * std::fabs(base_) * (t->significant ? 0.06 : 0.03) * k;
        break;
      case TargetKind::kRank:
        if (CountsComponents(*t) || (!t->must_include.empty() && path_.size() > 1)) {
          goal = t->count ? *t->count : path_.back().second + 2;
        } else {
          goal = base_ + better_ * std::fabs(base_) * 0.04 * k;
        }
        break;
      default:
        break;
    }
    if (goal && due->ToDays() > path_.back().first) path_.emplace_back(due->ToDays(), Clamp(*goal));
  }
  if (path_.size() == 1) {
    // No numeric target: a modest 3% a year the better way, as a plan would.
    Date end = s_.organisation.period.end;
    path_.emplace_back(end.ToDays(),
                       Clamp(base_ + better_ * 0.03 * std::fabs(base_) * Years(start_, end)));
  }
}

double MeasureModel::PathAt(Date d) const {
  int64_t day = d.ToDays();
  if (day <= path_.front().first) return path_.front().second;
  for (size_t i = 1; i < path_.size(); ++i) {
    if (day <= path_[i].first) {
      double f = static_cast<double>(day - path_[i - 1].first) /
                 static_cast<double>(path_[i].first - path_[i - 1].first);
      return path_[i - 1].second + f * (path_[i].second - path_[i - 1].second);
    }
  }
  return path_.back().second;
}

double MeasureModel::Mean(Date d) const {
  double delta = PathAt(d) - base_;
  double sd = NoiseSd();
  switch (scenario_) {
    case MeasureScenario::kOnCourse:
      return base_ + 1.1 * delta + 0.3 * better_ * sd;
    case MeasureScenario::kAhead: {
      // Better than the targets all along: above the whole path by a margin.
      // A baseline stated with its period holds the series to it until the
      // strategy starts (the lead comes over its first year), so the chart
      // agrees with the baseline the strategy file states.
      double lead = std::fabs(PathAt(until_) - base_) + 4.5 * sd;
      bool stated = m_.baseline.value.has_value() && !m_.baseline.period.empty();
      double ramp = stated ? std::clamp(Years(start_, d), 0.0, 1.0) : 1.0;
      return base_ + delta + better_ * lead * ramp;
    }
    case MeasureScenario::kBehind:
      return base_ + 0.45 * delta;
    case MeasureScenario::kStuck:
      return base_;
    case MeasureScenario::kWorsening: {
      double drift = 0.08 * std::fabs(base_) * std::max(0.0, Years(start_, d));
      return base_ - better_ * std::max(0.8 * std::fabs(delta), drift);
    }
    case MeasureScenario::kStep: {
      if (d.ToDays() < step_day_) return base_;
      double size = std::max(1.3 * std::fabs(PathAt(until_) - base_), 4 * sd);
      return base_ + better_ * size;
    }
    case MeasureScenario::kNoData:
      break;
  }
  return base_;
}

// The noise one value has, in the unit's terms.
double MeasureModel::NoiseSd() const {
  double b = std::fabs(base_);
  switch (UnitOf(m_)) {
    case MeasureUnit::kPercent:
      return m_.frequency == strategy::Frequency::kAnnual ? 1.6 : 0.6;
    case MeasureUnit::kProportion:
      return m_.frequency == strategy::Frequency::kAnnual ? 0.016 : 0.006;
    case MeasureUnit::kCount:
      return std::sqrt(std::max(b, 1.0));
    case MeasureUnit::kScore:
      return 0.012 * b + 0.02;
    case MeasureUnit::kRate:
    case MeasureUnit::kYears:
      return 0.04 * b;
    case MeasureUnit::kDays:
      return 0.05 * b;
    default:
      return 0.03 * b;
  }
}

double MeasureModel::Clamp(double v) const {
  strategy::NumberRange r = strategy::DefaultRange(UnitOf(m_));
  if (m_.range) {
    r.min = std::max(r.min, m_.range->min);
    r.max = std::min(r.max, m_.range->max);
  }
  if (UnitOf(m_) == MeasureUnit::kPercent) r = {std::max(r.min, 0.5), std::min(r.max, 99.5)};
  // A count of components in a quartile cannot exceed the components: those
  // listed, else (a document that does not list them) two above the largest
  // count a target asks for.
  int most_asked = 0;
  for (const strategy::Target& t : m_.targets) {
    if (CountsComponents(t)) most_asked = std::max(most_asked, *t.count);
  }
  if (most_asked > 0) {
    int components = static_cast<int>(m_.components.size());
    r.max = std::min(r.max, static_cast<double>(components > 0 ? components : most_asked + 2));
  }
  return std::clamp(v, r.min, r.max);
}

double MeasureModel::Round(double v) const {
  double f = std::pow(10.0, decimals_);
  return std::round(v * f) / f;
}

std::string MeasureModel::Format(double v) const {
  std::string fixed = FormatFixed(v, decimals_);
  switch (UnitOf(m_)) {
    case MeasureUnit::kPercent:
      return fixed + "%";
    case MeasureUnit::kYears:
      return fixed + " years";
    case MeasureUnit::kDays:
      return fixed + " days";
    case MeasureUnit::kGbp:
      return "£" + fixed;
    default:
      return fixed;
  }
}

// Every period of the measure's frequency from the start of its history to
// `until`: two years before the strategy for monthly and quarterly
// measures, one for weekly, ten for annual ones; none before the strategy
// when the baseline is to be established in it.
std::vector<Period> MeasureModel::Periods() const {
  std::vector<Period> out;
  bool established =
      m_.baseline.kind == strategy::Baseline::Kind::kEstablishInYear ||
      std::any_of(m_.targets.begin(), m_.targets.end(), [](const strategy::Target& t) {
        return t.kind == TargetKind::kEstablishBaseline;
      });
  Date first = start_;
  switch (m_.frequency.value_or(strategy::Frequency::kAnnual)) {
    case strategy::Frequency::kMonthly:
      for (Date d = established ? first : first.AddMonths(-24); d <= until_; d = d.AddMonths(1)) {
        Period p = Period::Month(d.year, d.month);
        if (p.end <= until_) out.push_back(p);
      }
      break;
    case strategy::Frequency::kQuarterly:
      for (Date d = established ? first : first.AddMonths(-24); d <= until_; d = d.AddMonths(3)) {
        Period p = Period::FinancialQuarter(d.FinancialYear(), d.FinancialQuarter());
        if (p.end <= until_) out.push_back(p);
      }
      break;
    case strategy::Frequency::kWeekly: {
      // Weeks ending on Sunday (1970-01-04 was a Sunday).
      int64_t day = (established ? first : first.AddDays(-364)).ToDays();
      day += ((3 - day) % 7 + 7) % 7;
      for (; day <= until_.ToDays(); day += 7) out.push_back(Period::Day(Date::FromDays(day)));
      break;
    }
    case strategy::Frequency::kAnnual:
      for (int y = established ? first.year : first.year - 10; y <= until_.year; ++y) {
        Period p = Period::CalendarYear(y);
        if (p.end <= until_) out.push_back(p);
      }
      break;
    case strategy::Frequency::kOneOff:
      out.push_back(Period::Day(until_));
      break;
  }
  return out;
}

SyntheticValue MeasureModel::Draw(const Period& p, Rng& rng) const {
  SyntheticValue v;
  v.period = p;
  double mean = Clamp(Mean(p.end));
  MeasureUnit unit = UnitOf(m_);
  if (IsShare(unit)) {
    double scale = unit == MeasureUnit::kPercent ? 100 : 1;
    double sd = NoiseSd() / scale, share = mean / scale;
    // A denominator whose binomial noise is about the unit's noise.
    double den = std::round(std::clamp(share * (1 - share) / (sd * sd), 50.0, 20000.0));
    double num = std::round(share * den + rng.Normal() * std::sqrt(den * share * (1 - share)));
    num = std::clamp(num, 0.0, den);
    v.numerator = num;
    v.denominator = den;
    v.value = Clamp(Round(scale * num / den));
    return v;
  }
  double x = mean + rng.Normal() * NoiseSd();
  if (unit == MeasureUnit::kCount || unit == MeasureUnit::kRank) x = std::round(x);
  v.value = Clamp(Round(x));
  return v;
}

std::vector<SyntheticValue> MeasureModel::Generate() const {
  if (UnitOf(m_) == MeasureUnit::kMilestone) return Milestones();
  std::vector<SyntheticValue> out;
  std::vector<Period> periods = Periods();
  bool sub_annual = m_.frequency == strategy::Frequency::kMonthly ||
                    m_.frequency == strategy::Frequency::kQuarterly ||
                    m_.frequency == strategy::Frequency::kWeekly;
  bool step_noted = false;
  for (size_t i = 0; i < periods.size(); ++i) {
    Rng missing(seed_, MeasureStream(kMissingStream, m_.id), i);
    if (sub_annual && i + 1 < periods.size() && missing.Bernoulli(0.03)) continue;
    Rng rng(seed_, MeasureStream(kValueStream, m_.id), i);
    SyntheticValue v = Draw(periods[i], rng);
    if (scenario_ == MeasureScenario::kStep && !step_noted &&
        periods[i].end.ToDays() >= step_day_) {
      v.note = "new pathway from this period";
      step_noted = true;
    }
    out.push_back(std::move(v));
  }
  return out;
}

// The period a milestone's completion (or progress) on `d` is recorded in:
// the measure's own kind of period holding `d`, ending by `until`. Annual
// measures use the financial year when it has ended, else the calendar year.
std::optional<Period> MeasureModel::CompletionPeriod(Date d) const {
  std::optional<Period> p;
  switch (m_.frequency.value_or(strategy::Frequency::kOneOff)) {
    case strategy::Frequency::kMonthly:
      p = Period::Month(d.year, d.month);
      break;
    case strategy::Frequency::kQuarterly:
      p = Period::FinancialQuarter(d.FinancialYear(), d.FinancialQuarter());
      break;
    case strategy::Frequency::kAnnual:
      p = Period::FinancialYear(d.FinancialYear());
      if (p->end > until_) p = Period::CalendarYear(d.year);
      break;
    default:
      p = Period::Day(d);
      break;
  }
  if (p->end > until_) return std::nullopt;
  return p;
}

std::vector<SyntheticValue> MeasureModel::Milestones() const {
  std::vector<std::pair<Date, const strategy::Target*>> ms;
  for (const strategy::Target& t : m_.targets) {
    std::optional<Date> due = t.due ? t.due : strategy::DueDate(s_, t);
    if (t.kind == TargetKind::kMilestone && due) ms.emplace_back(*due, &t);
  }
  std::stable_sort(ms.begin(), ms.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  Rng rng(seed_, MeasureStream(kMilestoneStream, m_.id), 0);
  std::vector<SyntheticValue> out;
  Date window = start_.AddDays(-1);
  // A milestone left undone stalls the ones after it (a later "done" would
  // otherwise complete the open one: docs/evaluation.md).
  bool stalled = false;
  for (size_t j = 0; j < ms.size(); ++j) {
    const Date due = ms[j].first;
    MilestoneOutcome outcome = j < milestones_.size() ? milestones_[j] : MilestoneOutcome::kDone;
    if (stalled) outcome = MilestoneOutcome::kNotDone;
    stalled = outcome == MilestoneOutcome::kNotDone;
    int64_t span = std::max<int64_t>(1, std::min<int64_t>(330, due.ToDays() - window.ToDays()));
    Date done = outcome == MilestoneOutcome::kDone
                    ? due.AddDays(-static_cast<int64_t>(rng.Below(span)))
                : outcome == MilestoneOutcome::kLate
                    ? due.AddDays(20 + static_cast<int64_t>(rng.Below(100)))
                    : Date{9999, 12, 31};
    int progress = 20 + static_cast<int>(rng.Below(70));
    if (std::optional<Period> p = done.year < 9999 ? CompletionPeriod(done) : std::nullopt) {
      out.push_back({*p, 1, std::nullopt, std::nullopt, "done"});
    } else if (due.AddDays(-400) <= until_) {
      // Not done (yet): progress so far, recorded up to `until`.
      Date at = std::min(until_, due);
      if (std::optional<Period> q = CompletionPeriod(at)) {
        out.push_back({*q, static_cast<double>(progress), std::nullopt, std::nullopt,
                       fmt::format("{}% complete", progress)});
      }
    }
    window = due;
  }
  std::stable_sort(out.begin(), out.end(), [](const SyntheticValue& a, const SyntheticValue& b) {
    return a.period < b.period;
  });
  // One value a period: a completion outranks progress in the same period.
  std::vector<SyntheticValue> unique;
  for (SyntheticValue& v : out) {
    if (!unique.empty() && unique.back().period == v.period) {
      if (v.value == 1) unique.back() = std::move(v);
    } else {
      unique.push_back(std::move(v));
    }
  }
  return unique;
}

double MeasureModel::PeerValue(const Period& p, double effect, Rng& rng) const {
  double b = std::fabs(base_);
  double spread = 0.1 * b;
  switch (UnitOf(m_)) {
    case MeasureUnit::kPercent:
      spread = 5;
      break;
    case MeasureUnit::kProportion:
      spread = 0.05;
      break;
    case MeasureUnit::kScore:
      spread = 0.03 * b + 0.05;
      break;
    case MeasureUnit::kCount:
      spread = 0.25 * b;
      break;
    default:
      spread = 0.12 * b;
      break;
  }
  double national = base_ + better_ * 0.01 * b * Years(start_, p.end);
  double x = national + effect * spread + rng.Normal() * NoiseSd() * 0.5;
  if (UnitOf(m_) == MeasureUnit::kCount || UnitOf(m_) == MeasureUnit::kRank) x = std::round(x);
  return Clamp(Round(x));
}

}  // namespace barometer::synth::internal
