// measures/evaluate.h — evaluating every measure of a strategy at a period:
// the latest value, the target that applies to it, the baseline, a status
// with its reason in plain words, SPC (Making Data Count), rank among peers,
// a forecast to each future target, and roll-ups to objective, priority,
// committee and organisation. Every rule is written in docs/evaluation.md.
//
//   Result<EvaluationData> data = ReadEvaluationData(store, strategy);
//   EvaluateOptions opt;
//   opt.period = Period::Parse("2022-23 Q3");
//   Result<Evaluation> e = Evaluate(strategy, *data, opt);
//   if (!e.ok()) return e.status();
//   for (const MeasureEvaluation& m : e->measures) Show(m.measure_id, StatusName(m.status));
//
// Evaluate is a pure function: no I/O, no clock (pass `today`), no globals;
// safe to call from several threads at once on different inputs.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "measures/store.h"
#include "stats/spc.h"
#include "strategy/strategy.h"

namespace barometer::measures {

// ---- statuses ----

enum class MeasureStatus {
  kAchieved,           // the target is met by the value that settles it
  kOnTrack,            // meeting the trajectory, the target not yet settled
  kAtRisk,             // behind, but the trend could still meet the target
  kOffTrack,           // missed, or behind with the trend projected to miss
  kNotYetDue,          // no target applies yet (or a milestone not yet due)
  kNoData,             // no value to judge (or no baseline / peers it needs)
  kMilestoneComplete,  // the milestone is done
  kMilestoneOverdue,   // the milestone's due date has passed, not done
};
inline constexpr int kStatusCount = 8;

// "achieved", "on_track", ... (the machine names used in CSV and JSON).
std::string_view StatusName(MeasureStatus s);
// "Achieved", "On track", ... (for people).
std::string_view StatusLabel(MeasureStatus s);
// How bad a status is for roll-ups: higher is worse (docs/evaluation.md).
int StatusSeverity(MeasureStatus s);

// ---- inputs ----

// What the store holds that evaluation reads (current revisions only).
struct EvaluationData {
  std::vector<Observation> observations;
  std::vector<BenchmarkValue> benchmarks;
  std::vector<Commentary> commentary;
  // Recorded process changes: each rebases the measure's SPC (new mean and
  // limits from the first value on or after its date).
  std::vector<ProcessChange> process_changes;
};

// Reads what evaluating `strategy` needs from the store: observations,
// commentary and process changes, and the peer values of every measure's
// indicator — current, or as they stood after load `as_of_load` (how a
// locked period's record is read back).
Result<EvaluationData> ReadEvaluationData(Store& store, const strategy::Strategy& strategy,
                                          int64_t as_of_load = kAllLoads);

struct EvaluateOptions {
  // The period to evaluate at; default the latest financial quarter with data
  // (or, with no data at all, the quarter holding `today`).
  std::optional<Period> period;
  std::optional<Date> today;
  // The organisation's code in benchmark files; default organisation.ods_code.
  std::string org_code;
  int min_spc_points = 12;                // SPC for series with at least this many values
  int forecast_min_points = 6;            // a trend needs at least this many values
  int forecast_max_points = 24;           // ... and uses at most the latest this many
  double forecast_confidence = 0.80;      // the prediction interval's level
  double significance_confidence = 0.95;  // for confidence-interval comparisons
};

// ---- per-measure results ----

enum class BaselineSource {
  kNone,               // no baseline could be found
  kStrategy,           // the value in the strategy file
  kEstablishedInYear,  // the mean of a strategy year's values ("to be established in year N")
  kBeforeStrategy,     // the mean of the financial year before the strategy period
};
std::string_view BaselineSourceName(BaselineSource s);  // "strategy", "established_in_year", ...

struct BaselineUsed {
  BaselineSource source = BaselineSource::kNone;
  std::optional<double> value;
  std::string period;           // "2020-21", "2020", "Year 1 (2021-22)"
  std::optional<Date> date;     // the end of the baseline period
  int points = 0;               // values averaged (data baselines)
  bool provisional = false;     // its year is not over yet
  std::optional<double> lower;  // confidence limits where the data give them
  std::optional<double> upper;
};

// One of the measure's targets as evaluation reads it.
struct TargetView {
  int index = -1;  // into Measure::targets
  strategy::TargetKind kind = strategy::TargetKind::kThreshold;
  std::optional<int> year;
  Date due;
  std::string text;
  std::optional<double> goal;  // the value to reach at `due` (threshold, change, maintain,
                               // improvement: the baseline to beat)
  std::string op;              // ">=", "<=", ">", "<", "=" for goal
  std::optional<double> goal_for_period;  // the trajectory's value at the latest value's period
  bool numeric = false;  // `goal` is a value to reach (threshold, change, maintain): a point
                         // of the trajectory; otherwise (improvement) the baseline to beat
};

struct RankInfo {
  std::string indicator;
  std::string peer_group;
  Period period;
  std::string org_code;
  double value = 0;  // the organisation's value ranked
  int peers = 0;     // organisations with a value, the organisation included
  int missing = 0;   // peers without a value (blank rows, and short of the group's size)
  int rank = 0;      // 1 = best; ties share the best rank
  int tied = 0;      // organisations on exactly the same value
  int quartile = 0;  // 1 = best; 0 when too few peers
  std::array<std::optional<double>, 3> cut_points;  // worst value in quartiles 1, 2, 3
  // Composite rank targets (`count`, `must_include` over `components`):
  int components_in_quartile = 0;
  int components_ranked = 0;
  std::vector<double> peer_values;  // every value ranked (the organisation's included)
};

// A proportion among its peers as a funnel plot (docs/evaluation.md, "Funnel
// plot"): every peer with a numerator and denominator in the ranked period
// against its denominator, with the 95% and 99.8% control limits around the
// peers' overall proportion, computed once here (stats/funnels.h, matched to
// PHEindicatormethods) so every output only draws them.
struct FunnelLimitPoint {
  double x = 0;  // the denominator (population)
  double lower95 = 0, upper95 = 0, lower998 = 0, upper998 = 0;
};
struct FunnelPeer {
  std::string org_code;
  std::string org_name;
  double numerator = 0, denominator = 0;
  double value = 0;  // numerator / denominator × multiplier
  bool ours = false;
  std::string significance;  // the package's label: "High (0.001)", ..., "Not significant"
};
struct FunnelInfo {
  std::string indicator;
  std::string peer_group;
  Period period;
  double multiplier = 100;  // percent
  double average = 0;       // Σ numerators / Σ denominators × multiplier: the centre line
  std::vector<FunnelLimitPoint> limits;  // ascending x (100 points)
  std::vector<FunnelPeer> peers;         // the organisation's included (ours = true)
  // The organisation's position: the package's label, and in words with the
  // measure's direction ("significantly better than the peers' average:
  // above the 99.8% limit").
  std::string position;
  std::string position_text;
  int above998 = 0, above95 = 0, below95 = 0, below998 = 0;  // peers outside each limit
  std::string method;  // how it was made, for every output to say
};

struct ForecastInfo {
  int target_index = -1;
  Date due;
  double goal = 0;
  std::string op;
  double value = 0;  // the trend's projection at `due`
  double lower = 0;  // prediction interval (EvaluateOptions::forecast_confidence)
  double upper = 0;
  double probability = 0;          // of meeting the goal at `due`
  bool projected_to_meet = false;  // probability >= 0.5
  int points = 0;                  // values the trend was fitted to
  double slope_per_year = 0;
  // How it was made, for every output to label it: the method's machine name
  // ("linear_trend"), the first and last periods fitted, the interval's level
  // and the method in words ("linear trend (least squares) over the last 12
  // values, Apr 2022 to Mar 2023; 80% prediction interval").
  std::string method = "linear_trend";
  Period fitted_from, fitted_to;
  double confidence = 0;
  std::string method_text;
};

// One milestone of a milestone measure with its state at the period:
// kMilestoneComplete (a value recorded as done completed it, in `done_in`),
// kMilestoneOverdue (due by the period's end, not done) or kNotYetDue.
struct MilestoneView {
  int target_index = -1;  // into Measure::targets
  std::optional<int> year;
  Date due;
  std::string text;
  MeasureStatus status = MeasureStatus::kNotYetDue;
  std::optional<Period> done_in;
  bool late = false;  // done after its due date
};

struct SignificanceInfo {
  bool judged = false;       // false when neither method could be used
  bool significant = false;  // a significant improvement on the baseline
  std::string method;        // "spc", "wilson", "confidence_limits"
  std::string detail;        // in words
};

// Where an SPC rebase came from.
enum class RebaseSource {
  kStrategy,       // the measure's `spc.rebase` dates in the strategy file
  kProcessChange,  // a process change recorded with the data (`ingest --updates`)
};
std::string_view RebaseSourceName(RebaseSource s);  // "strategy", "process_change"

// One point where the SPC mean and limits were recalculated (Making Data
// Count: only at a known change to the process, never because the data moved).
struct SpcRebase {
  Date date;                   // as recorded
  std::optional<Date> starts;  // the first value of the new phase; nullopt: no value yet
  RebaseSource source = RebaseSource::kStrategy;
  std::string description;  // what changed (process changes; empty for the strategy's)
  int points = 0;           // values in the phase it starts, up to the period
};

// Limits from fewer values than this in the latest phase are provisional.
inline constexpr int kProvisionalLimitPoints = 15;

struct MeasureEvaluation {
  std::string measure_id;
  std::string name;
  std::string objective_id;  // empty for a priority-level measure
  std::string priority_id;
  std::string committee_id;  // the objective's effective committee
  std::string unit;          // "percent", ...
  std::string direction;     // "higher", "lower", "neutral"
  std::string frequency;
  int decimals = 1;
  // The executive owner: the objective's owner, or the priority's lead for a
  // priority-level measure; `owner` is OwnerName (never blank).
  std::string owner_role;
  std::string owner;

  std::vector<Observation> series;  // every value up to the period, in period order
  std::optional<Observation> latest;
  std::optional<int> latest_year;  // strategy year of the latest value (0 = before)
  // Periods of the measure's frequency between its first value and its latest
  // with no value (weekly, monthly, quarterly and annual measures): charts
  // break their line there, and the SPC series keeps each as a missing point
  // (which breaks a run) rather than bridging it.
  std::vector<Period> missing_periods;

  BaselineUsed baseline;
  std::vector<TargetView> targets;   // all of them, in file order
  std::optional<TargetView> target;  // the one applying to the latest value
  MeasureStatus status = MeasureStatus::kNoData;
  std::string reason;  // why, in words a Board member understands

  std::optional<SignificanceInfo> significance;  // for improvement targets
  std::optional<stats::SpcSeries> spc;           // with enough values
  std::string spc_note;                          // why there is no SPC, or what was adjusted
  std::vector<SpcRebase> spc_rebases;            // in date order (with spc, and without)
  int spc_phase_points = 0;                      // values in the latest phase (the limits' base)
  bool spc_provisional_limits = false;           // spc_phase_points < kProvisionalLimitPoints
  std::optional<RankInfo> rank;
  std::optional<FunnelInfo> funnel;     // a proportion whose peers give numerators and denominators
  std::vector<ForecastInfo> forecasts;  // one per future numeric target
  std::optional<Commentary> commentary;  // the latest up to the period
  // A milestone measure's milestones by due date, each with its state.
  std::vector<MilestoneView> milestones;
};

// ---- roll-ups ----

enum class RollUpLevel { kObjective, kPriority, kCommittee, kOrganisation };
std::string_view RollUpLevelName(RollUpLevel l);  // "objective", ...

struct RollUp {
  RollUpLevel level = RollUpLevel::kObjective;
  std::string id;
  std::string name;
  std::array<int, kStatusCount> counts{};  // by MeasureStatus
  int measures = 0;
  MeasureStatus headline = MeasureStatus::kNoData;
  std::vector<std::string> measure_ids;
  // Objective: its owner; priority: its lead; committee: its chair; empty
  // role for the organisation. `owner` is OwnerName (never blank).
  std::string owner_role;
  std::string owner;
};

struct Evaluation {
  Period period;                     // evaluated at
  bool period_defaulted = false;     // chosen as the latest quarter with data
  std::optional<int> strategy_year;  // of the period's end; nullopt outside the strategy
  std::string org_code;
  std::vector<MeasureEvaluation> measures;  // in strategy file order
  std::vector<RollUp> objectives;           // in file order
  std::vector<RollUp> priorities;           // in display order
  std::vector<RollUp> committees;           // in file order
  RollUp organisation;
};

// Evaluates every measure of `strategy` at the period. Errors (InvalidInput):
// a forecast or SPC option out of range.
Result<Evaluation> Evaluate(const strategy::Strategy& strategy, const EvaluationData& data,
                            const EvaluateOptions& options);

// The period Evaluate chooses when none is given: the latest quarter with
// data, else the quarter holding `today` kept within the strategy period.
Period DefaultPeriod(const strategy::Strategy& strategy,
                     const std::vector<Observation>& observations, std::optional<Date> today);

// The forecast every output shows for a measure: to the applicable target
// when it is still to come, else to the next target; null without one.
const ForecastInfo* MainForecast(const MeasureEvaluation& m);

// The latest financial quarter holding a value's period end; nullopt
// without values.
std::optional<Period> LatestQuarterWithData(const std::vector<Observation>& observations);

// A value as people read it for the measure's unit: "11.2%", "7.2", "4.1 per
// 1,000", "2.9 years", "£1,250", "done".
std::string FormatValue(double v, const strategy::Measure& m);

// A value's period as every output names it: "2026-03", or "2026-03,
// provisional" for a provisional release.
std::string PeriodLabel(const Observation& o);

}  // namespace barometer::measures
