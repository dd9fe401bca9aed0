#include "report/model.h"

namespace barometer::report {

Tone StatusTone(measures::MeasureStatus s) {
  using M = measures::MeasureStatus;
  switch (s) {
    case M::kOffTrack:
    case M::kMilestoneOverdue:
      return Tone::kBad;
    case M::kAtRisk:
      return Tone::kWarn;
    case M::kOnTrack:
    case M::kAchieved:
    case M::kMilestoneComplete:
      return Tone::kGood;
    case M::kNotYetDue:
      return Tone::kInfo;
    case M::kNoData:
      break;
  }
  return Tone::kNeutral;
}

std::string StatusPill(measures::MeasureStatus s) {
  return Pill(measures::StatusLabel(s), StatusTone(s));
}

bool IsException(measures::MeasureStatus s) {
  return measures::StatusSeverity(s) >= measures::StatusSeverity(measures::MeasureStatus::kAtRisk);
}

}  // namespace barometer::report
