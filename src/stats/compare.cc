// Comparison of an indicator value with a comparator, as Fingertips shows it.
#include "stats/indicators.h"
#include "stats/internal/phe_common.h"

namespace barometer::stats {
namespace {

Comparison Judge(bool higher, Polarity polarity) {
  switch (polarity) {
    case Polarity::kHighIsGood:
      return higher ? Comparison::kBetter : Comparison::kWorse;
    case Polarity::kLowIsGood:
      return higher ? Comparison::kWorse : Comparison::kBetter;
    case Polarity::kNoJudgement:
      break;
  }
  return higher ? Comparison::kHigher : Comparison::kLower;
}

}  // namespace

std::string_view ComparisonName(Comparison c) {
  switch (c) {
    case Comparison::kBetter:
      return "better";
    case Comparison::kSimilar:
      return "similar";
    case Comparison::kWorse:
      return "worse";
    case Comparison::kHigher:
      return "higher";
    case Comparison::kLower:
      return "lower";
    case Comparison::kNotCompared:
      break;
  }
  return "not compared";
}

Comparison CompareInterval(double lower, double upper, double comparator, Polarity polarity) {
  if (IsMissing(lower) || IsMissing(upper) || IsMissing(comparator)) {
    return Comparison::kNotCompared;
  }
  if (lower > comparator) return Judge(true, polarity);
  if (upper < comparator) return Judge(false, polarity);
  return Comparison::kSimilar;
}

Comparison CompareCount(double observed, double expected, double confidence, Polarity polarity) {
  if (IsMissing(observed) || IsMissing(expected) || observed < 0 || expected <= 0 ||
      !(confidence > 0 && confidence < 1)) {
    return Comparison::kNotCompared;
  }
  Limits l = internal::PoissonLimits(observed, confidence);
  // A Byar's lower limit below zero is undefined; zero is then the honest bound.
  double lower = IsMissing(l.lower) ? 0 : l.lower;
  return CompareInterval(lower, l.upper, expected, polarity);
}

}  // namespace barometer::stats
