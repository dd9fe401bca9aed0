// Directly standardised rates with Dobson et al. limits.
#include <cmath>

#include <fmt/format.h>

#include "core/number.h"
#include "stats/indicators.h"
#include "stats/internal/phe_common.h"

namespace barometer::stats {
namespace {

Status CheckDsrInput(const DsrInput& in) {
  size_t n = in.counts.size();
  if (n == 0) return Status::InvalidInput("a DSR needs at least one row");
  if (in.populations.size() != n || in.standard.size() != n ||
      (!in.frequency_squares.empty() && in.frequency_squares.size() != n)) {
    return Status::InvalidInput(
        fmt::format("counts, populations and standard populations must be of equal length "
                    "(got {}, {} and {})",
                    n, in.populations.size(), in.standard.size()));
  }
  for (size_t i = 0; i < n; ++i) {
    if (!IsMissing(in.counts[i]) && in.counts[i] < 0) {
      return Status::InvalidInput(fmt::format("row {}: the count must be 0 or more (got {})", i + 1,
                                              internal::Got(in.counts[i])));
    }
    if (IsMissing(in.populations[i]) || in.populations[i] <= 0) {
      return Status::InvalidInput(
          fmt::format("row {}: the population must be more than 0 for a DSR (got {})", i + 1,
                      internal::Got(in.populations[i])));
    }
    if (IsMissing(in.standard[i]) || in.standard[i] < 0) {
      return Status::InvalidInput(
          fmt::format("row {}: the standard population must be 0 or more (got {})", i + 1,
                      internal::Got(in.standard[i])));
    }
  }
  return Status::Ok();
}

double OrZero(double v) { return IsMissing(v) ? 0 : v; }

}  // namespace

Result<DsrResult> Dsr(const DsrInput& in, const DsrOptions& options) {
  if (Status s = ValidateConfidence(options.confidence); !s.ok()) return s;
  if (Status s = CheckDsrInput(in); !s.ok()) return s;
  DsrResult r;
  double weighted = 0, variance_sum = 0, standard_total = 0;
  bool independent = in.frequency_squares.empty();
  for (size_t i = 0; i < in.counts.size(); ++i) {
    double x = OrZero(in.counts[i]);
    double w = in.standard[i] / in.populations[i];
    r.total_count += x;
    r.total_pop += in.populations[i];
    standard_total += in.standard[i];
    weighted += x * w;
    variance_sum += (independent ? x : OrZero(in.frequency_squares[i])) * w * w;
  }
  Estimate& e = r.estimate;
  e.method = "Dobson";
  e.limits = internal::MissingLimits(options.confidence);
  if (r.total_count < options.min_total_count) {
    e.note = fmt::format("dsr NA for total count < {}", FormatShortest(options.min_total_count));
    return r;
  }
  if (standard_total <= 0) {
    e.note = "the standard populations sum to 0";
    return r;
  }
  e.value = weighted / standard_total * options.multiplier;
  double var = variance_sum / (standard_total * standard_total);
  double spread = std::sqrt(var / r.total_count) * options.multiplier;
  for (Limits& l : e.limits) {
    l.lower = e.value + spread * (ByarsLower(r.total_count, l.confidence) - r.total_count);
    l.upper = e.value + spread * (ByarsUpper(r.total_count, l.confidence) - r.total_count);
  }
  return r;
}

}  // namespace barometer::stats
