// measures/internal/eval.h — the steps of evaluating one measure, each a
// pure function (docs/evaluation.md gives the rules they implement).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "measures/evaluate.h"
#include "strategy/strategy.h"

namespace barometer::measures::internal {

// The evaluation's input grouped once, so each measure finds its own rows
// without scanning everything (benchmark files hold millions of rows).
struct DataIndex {
  template <typename T>
  using ById = std::map<std::string, std::vector<const T*>, std::less<>>;
  ById<BenchmarkValue> benchmarks;      // by indicator
  ById<Observation> observations;       // by measure id
  ById<Commentary> commentary;          // by measure id
  ById<ProcessChange> process_changes;  // by measure id

  explicit DataIndex(const EvaluationData& data);
};

// The strategy year holding `d`, counting on either side of the period:
// 0 is the financial year before Year 1, -1 the one before that, and so on.
int YearIndex(const strategy::Strategy& s, Date d);

// The end of a baseline's period text: a period core/date.h reads, or pooled
// years as public health publishes them ("2015-17" ends 2017-12-31).
std::optional<Date> PeriodTextEnd(std::string_view text);

// The baseline evaluation uses (docs/evaluation.md, "Baselines").
// REQUIRES: `series` sorted by period and holds only values up to `as_of`.
BaselineUsed ResolveBaseline(const strategy::Strategy& s, const strategy::Measure& m,
                             const std::vector<Observation>& series, Date as_of);

// Every target with its due date, goal and comparison.
std::vector<TargetView> ResolveTargets(const strategy::Strategy& s, const strategy::Measure& m,
                                       const BaselineUsed& baseline);

// Index (into `targets`) of the target applying to a value whose period ends
// on `d`: the first target of the strategy year holding `d`; else the next
// one falling due after `d`; else the last one due. -1 when there are none.
int ApplicableTarget(const strategy::Strategy& s, const std::vector<TargetView>& targets, Date d);

// The trajectory's value at `d` for target `i` (docs/evaluation.md,
// "Trajectories"): straight-line between the previous numeric target (or the
// baseline) and this one; nullopt when the target has no goal.
std::optional<double> Trajectory(const std::vector<TargetView>& targets, int i,
                                 const BaselineUsed& baseline, Date d);

// Whether target i has a trajectory: a numeric goal and somewhere to start
// from (an earlier numeric target or a dated baseline).
bool HasTrajectory(const std::vector<TargetView>& targets, int i, const BaselineUsed& baseline);

// Whether `v` meets `goal` under `op` ("=" within half the last shown decimal).
bool Meets(double v, const std::string& op, double goal, int decimals);

// The end of the period after `p` of the same kind (a week after a day).
Date NextPeriodEnd(const Period& p);

// The periods of the measure's frequency (weekly, monthly, quarterly,
// annual) between consecutive values of the series with no value, in order;
// none for a one-off or milestone measure. At most kMaxMissingPeriods.
inline constexpr size_t kMaxMissingPeriods = 1000;
std::vector<Period> MissingPeriods(const std::vector<Observation>& series,
                                   const strategy::Measure& m);

// A trend to each target still to fall due after the latest value.
std::vector<ForecastInfo> Forecasts(const std::vector<Observation>& series,
                                    const std::vector<TargetView>& targets,
                                    const strategy::Measure& m, const EvaluateOptions& options);

// SPC of the series with the measure's settings, the applicable goal as the
// target, rebased at the strategy's `spc.rebase` dates and at each recorded
// process change up to the series' end (docs/evaluation.md, "SPC"); sets
// e.spc, e.spc_note, e.spc_rebases, e.spc_phase_points and
// e.spc_provisional_limits. No SPC (with a note) when there are too few
// values or an error.
void MeasureSpc(const std::vector<const ProcessChange*>& changes, const strategy::Measure& m,
                std::optional<double> target, const EvaluateOptions& options, MeasureEvaluation& e);

// Was the latest value a significant improvement on the baseline?
SignificanceInfo JudgeSignificance(const MeasureEvaluation& e, const strategy::Measure& m,
                                   const std::vector<Observation>& series,
                                   const EvaluateOptions& options);

// The organisation's rank among the measure's peer group at the latest
// benchmark period up to `as_of`; nullopt when there is none.
std::optional<RankInfo> RankMeasure(const strategy::Strategy& s, const strategy::Measure& m,
                                    const std::string& peer_group, const DataIndex& data,
                                    const std::string& org_code, Date as_of);

// The funnel plot of a proportion among the peers of the ranked period
// (docs/evaluation.md, "Funnel plot"): nullopt unless the measure is a
// percentage, was ranked, and at least kFunnelMinPeers peers (the
// organisation included) give a numerator and denominator.
inline constexpr int kFunnelMinPeers = 5;
std::optional<FunnelInfo> FunnelMeasure(const strategy::Measure& m, const RankInfo& rank,
                                        const DataIndex& data);

// Sets e.status and e.reason (docs/evaluation.md, "Statuses").
void JudgeStatus(const strategy::Strategy& s, const strategy::Measure& m, const DataIndex& data,
                 const EvaluateOptions& options, Date as_of, MeasureEvaluation& e);

// Counts and headlines for objectives, priorities, committees, organisation.
void RollUpAll(const strategy::Strategy& s, Evaluation& e);

// "Year 2 (2022-23)".
std::string YearLabel(const strategy::Strategy& s, int year);
// "31 March 2024".
std::string LongDate(Date d);

}  // namespace barometer::measures::internal
