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

std::string_view StatusSymbol(measures::MeasureStatus s) {
  using M = measures::MeasureStatus;
  switch (s) {
    case M::kOffTrack:
    case M::kMilestoneOverdue:
      return "✖";
    case M::kAtRisk:
      return "▲";
    case M::kOnTrack:
    case M::kMilestoneComplete:
      return "✔";
    case M::kAchieved:
      return "★";
    case M::kNotYetDue:
      return "○";
    case M::kNoData:
      break;
  }
  return "–";
}

std::string StatusPill(measures::MeasureStatus s) {
  // The word, a symbol and a colour: the status reads without colour too.
  return "<span class=\"pill " + std::string(ToneClass(StatusTone(s))) +
         "\"><span class=\"sym\" aria-hidden=\"true\">" + std::string(StatusSymbol(s)) + "</span>" +
         Esc(measures::StatusLabel(s)) + "</span>";
}

bool IsException(measures::MeasureStatus s) {
  return measures::StatusSeverity(s) >= measures::StatusSeverity(measures::MeasureStatus::kAtRisk);
}

}  // namespace barometer::report
