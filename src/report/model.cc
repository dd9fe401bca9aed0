#include "report/model.h"

#include <array>

namespace barometer::report {
namespace {

struct StatusInfo {
  MeasureStatus status;
  std::string_view name;
  std::string_view label;
  Tone tone;
  int severity;
};

constexpr std::array<StatusInfo, 8> kStatuses = {{
    {MeasureStatus::kOffTrack, "off_track", "Off track", Tone::kBad, 3},
    {MeasureStatus::kMilestoneOverdue, "milestone_overdue", "Milestone overdue", Tone::kBad, 3},
    {MeasureStatus::kAtRisk, "at_risk", "At risk", Tone::kWarn, 2},
    {MeasureStatus::kOnTrack, "on_track", "On track", Tone::kGood, 0},
    {MeasureStatus::kAchieved, "achieved", "Achieved", Tone::kGood, 0},
    {MeasureStatus::kMilestoneComplete, "milestone_complete", "Milestone complete", Tone::kGood, 0},
    {MeasureStatus::kNotYetDue, "not_yet_due", "Not yet due", Tone::kInfo, 0},
    {MeasureStatus::kNoData, "no_data", "No data", Tone::kNeutral, 1},
}};

const StatusInfo& Info(MeasureStatus s) { return kStatuses[static_cast<size_t>(s)]; }

}  // namespace

std::string_view StatusLabel(MeasureStatus s) { return Info(s).label; }
std::string_view StatusName(MeasureStatus s) { return Info(s).name; }
Tone StatusTone(MeasureStatus s) { return Info(s).tone; }
int StatusSeverity(MeasureStatus s) { return Info(s).severity; }

std::optional<MeasureStatus> ParseStatus(std::string_view name) {
  for (const StatusInfo& i : kStatuses)
    if (i.name == name) return i.status;
  return std::nullopt;
}

const MeasureResult* Evaluation::Find(std::string_view measure_id) const {
  for (const MeasureResult& m : measures)
    if (m.measure_id == measure_id) return &m;
  return nullptr;
}

}  // namespace barometer::report
