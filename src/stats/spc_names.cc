// The reference's names for SPC labels, point types and icons.
#include <fmt/format.h>

#include "stats/spc.h"

namespace barometer::stats {

std::string_view ImprovementName(Improvement i) {
  switch (i) {
    case Improvement::kIncrease:
      return "increase";
    case Improvement::kDecrease:
      return "decrease";
    case Improvement::kNeutral:
      return "neutral";
  }
  return "";
}

std::optional<Improvement> ParseImprovement(std::string_view s) {
  for (Improvement i : {Improvement::kIncrease, Improvement::kDecrease, Improvement::kNeutral}) {
    if (ImprovementName(i) == s) return i;
  }
  return std::nullopt;
}

std::string_view TwoInThreeRuleName(TwoInThreeRule r) {
  return r == TwoInThreeRule::kMdc2023 ? "mdc2023" : "reference";
}

std::optional<TwoInThreeRule> ParseTwoInThreeRule(std::string_view s) {
  if (s == "reference") return TwoInThreeRule::kReference;
  if (s == "mdc2023") return TwoInThreeRule::kMdc2023;
  return std::nullopt;
}

std::string SpecialCauseLabel(SpecialCause c, int shift_length, int trend_length) {
  switch (c) {
    case SpecialCause::kAboveUpl:
      return "Above UCL";
    case SpecialCause::kBelowLpl:
      return "Below LCL";
    case SpecialCause::kTrendIncreasing:
      return fmt::format("{} Point Trend (Increasing)", trend_length);
    case SpecialCause::kTrendDecreasing:
      return fmt::format("{} Point Trend (Decreasing)", trend_length);
    case SpecialCause::kTwoInThreeAbove:
      return "2 in 3 Above CL";
    case SpecialCause::kTwoInThreeBelow:
      return "2 in 3 Below CL";
    case SpecialCause::kShiftAbove:
      return fmt::format("{} Points Above CL", shift_length);
    case SpecialCause::kShiftBelow:
      return fmt::format("{} Points Below CL", shift_length);
    case SpecialCause::kNone:
      return "Common Cause";
  }
  return "";
}

std::string_view PointTypeName(PointType t) {
  switch (t) {
    case PointType::kCommonCause:
      return "common_cause";
    case PointType::kSpecialCauseImprovement:
      return "special_cause_improvement";
    case PointType::kSpecialCauseConcern:
      return "special_cause_concern";
    case PointType::kSpecialCauseNeutralHigh:
      return "special_cause_neutral_high";
    case PointType::kSpecialCauseNeutralLow:
      return "special_cause_neutral_low";
  }
  return "";
}

std::string_view VariationIconName(VariationIcon v) {
  switch (v) {
    case VariationIcon::kCommonCause:
      return "common_cause";
    case VariationIcon::kImprovementHigh:
      return "improvement_high";
    case VariationIcon::kImprovementLow:
      return "improvement_low";
    case VariationIcon::kConcernHigh:
      return "concern_high";
    case VariationIcon::kConcernLow:
      return "concern_low";
    case VariationIcon::kNeutralHigh:
      return "neutral_high";
    case VariationIcon::kNeutralLow:
      return "neutral_low";
  }
  return "";
}

std::string_view AssuranceIconName(AssuranceIcon a) {
  switch (a) {
    case AssuranceIcon::kPass:
      return "pass";
    case AssuranceIcon::kFail:
      return "fail";
    case AssuranceIcon::kInconsistent:
      return "inconsistent";
    case AssuranceIcon::kNone:
      return "";
  }
  return "";
}

std::string_view AssuranceTypeName(AssuranceIcon a) {
  switch (a) {
    case AssuranceIcon::kPass:
      return "consistent_pass";
    case AssuranceIcon::kFail:
      return "consistent_fail";
    case AssuranceIcon::kInconsistent:
      return "inconsistent";
    case AssuranceIcon::kNone:
      return "";
  }
  return "";
}

std::string_view VariationIconDescription(VariationIcon v) {
  switch (v) {
    case VariationIcon::kCommonCause:
      return "Common cause variation: no significant change";
    case VariationIcon::kImprovementHigh:
      return "Special cause variation: improvement (higher values)";
    case VariationIcon::kImprovementLow:
      return "Special cause variation: improvement (lower values)";
    case VariationIcon::kConcernHigh:
      return "Special cause variation: concern (higher values)";
    case VariationIcon::kConcernLow:
      return "Special cause variation: concern (lower values)";
    case VariationIcon::kNeutralHigh:
      return "Special cause variation: neither improvement nor concern (higher values)";
    case VariationIcon::kNeutralLow:
      return "Special cause variation: neither improvement nor concern (lower values)";
  }
  return "";
}

std::string_view AssuranceIconDescription(AssuranceIcon a) {
  switch (a) {
    case AssuranceIcon::kPass:
      return "The system is expected to consistently meet the target";
    case AssuranceIcon::kFail:
      return "The system is expected to consistently fail the target";
    case AssuranceIcon::kInconsistent:
      return "The system may achieve or fail the target subject to random variation";
    case AssuranceIcon::kNone:
      return "No target, or no direction of improvement: no assurance";
  }
  return "";
}

VariationIcon VariationIconFor(PointType t, Improvement improvement) {
  bool increase = improvement == Improvement::kIncrease;
  switch (t) {
    case PointType::kCommonCause:
      return VariationIcon::kCommonCause;
    case PointType::kSpecialCauseNeutralHigh:
      return VariationIcon::kNeutralHigh;
    case PointType::kSpecialCauseNeutralLow:
      return VariationIcon::kNeutralLow;
    case PointType::kSpecialCauseImprovement:
      return increase ? VariationIcon::kImprovementHigh : VariationIcon::kImprovementLow;
    case PointType::kSpecialCauseConcern:
      return increase ? VariationIcon::kConcernLow : VariationIcon::kConcernHigh;
  }
  return VariationIcon::kCommonCause;
}

}  // namespace barometer::stats
