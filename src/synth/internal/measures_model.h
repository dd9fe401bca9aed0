// synth/internal/measures_model.h — one measure's synthetic series: its
// level, the path its targets ask for, its scenario's mean at any date, the
// noise its unit has, and its peers' values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "strategy/strategy.h"
#include "synth/internal/population_rng.h"
#include "synth/measures.h"

namespace barometer::synth::internal {

// FNV-1a: a stable hash of a measure id, so each measure has its own streams.
uint64_t HashId(std::string_view id);

// The stream of random numbers for one use (`kind`) on one measure.
inline uint64_t MeasureStream(uint64_t kind, std::string_view id) {
  return Mix64(HashId(id) + kind * 0x9e3779b97f4a7c15ULL);
}

// What happens to a milestone: done by its due date, done late, or not done.
enum class MilestoneOutcome { kDone, kLate, kNotDone };

struct SyntheticValue {
  Period period;
  double value = 0;
  std::optional<double> numerator;
  std::optional<double> denominator;
  std::string note;
};

class MeasureModel {
 public:
  // `milestones`: the outcome of each milestone target in due-date order
  // (missing ones are done).
  MeasureModel(const strategy::Strategy& s, const strategy::Measure& m, MeasureScenario scenario,
               uint64_t seed, Date until, std::vector<MilestoneOutcome> milestones = {});

  // The measure's values up to `until`, in period order.
  std::vector<SyntheticValue> Generate() const;
  // A peer's value for the period: the national level, the peer's lasting
  // difference (`effect`, a standard normal draw) and noise.
  double PeerValue(const Period& p, double effect, Rng& rng) const;
  // "11.2%", "7.3", "2.6 years": for commentary.
  std::string Format(double v) const;

  const strategy::Measure& measure() const { return m_; }
  MeasureScenario scenario() const { return scenario_; }

 private:
  double BaseLevel() const;
  void BuildPath();
  double PathAt(Date d) const;
  double Mean(Date d) const;
  double NoiseSd() const;
  double Clamp(double v) const;
  double Round(double v) const;
  std::vector<Period> Periods() const;
  std::optional<Period> CompletionPeriod(Date d) const;
  std::vector<SyntheticValue> Milestones() const;
  SyntheticValue Draw(const Period& p, Rng& rng) const;

  const strategy::Strategy& s_;
  const strategy::Measure& m_;
  MeasureScenario scenario_;
  uint64_t seed_;
  Date until_;
  Date start_;         // strategy year 1's first day
  double better_ = 1;  // +1 when higher is better, -1 when lower is
  double base_ = 0;
  int decimals_ = 1;
  std::vector<std::pair<int64_t, double>> path_;  // (day, level), by day
  int64_t step_day_ = 0;
  std::vector<MilestoneOutcome> milestones_;
};

}  // namespace barometer::synth::internal
