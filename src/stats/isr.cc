// Indirectly standardised rates and ratios.
#include <fmt/format.h>

#include "stats/indicators.h"
#include "stats/internal/phe_common.h"

namespace barometer::stats {
namespace {

double OrZero(double v) { return IsMissing(v) ? 0 : v; }

Status CheckIsrInput(const IsrInput& in) {
  size_t n = in.counts.size();
  if (n == 0) return Status::InvalidInput("an ISR needs at least one row");
  if (in.populations.size() != n || in.reference_counts.size() != n ||
      in.reference_populations.size() != n) {
    return Status::InvalidInput(
        "counts, populations, reference counts and reference populations must be of equal "
        "length");
  }
  for (size_t i = 0; i < n; ++i) {
    auto bad = [&](const char* what, double v) {
      return Status::InvalidInput(fmt::format(
          "row {}: the {} must be {} (got {})", i + 1, what,
          std::string_view(what).starts_with("reference pop") ? "more than 0" : "0 or more",
          internal::Got(v)));
    };
    if (!IsMissing(in.counts[i]) && in.counts[i] < 0) return bad("count", in.counts[i]);
    if (!IsMissing(in.populations[i]) && in.populations[i] < 0) {
      return bad("population", in.populations[i]);
    }
    if (!IsMissing(in.reference_counts[i]) && in.reference_counts[i] < 0) {
      return bad("reference count", in.reference_counts[i]);
    }
    double rp = in.reference_populations[i];
    if (IsMissing(rp) || rp <= 0) return bad("reference population", rp);
  }
  return Status::Ok();
}

// Fills observed, expected and the estimate scaled by `scale` (the reference
// rate or value).
Result<IsrResult> Standardise(const IsrInput& in, const std::vector<double>& confidence,
                              double scale) {
  IsrResult r;
  for (size_t i = 0; i < in.counts.size(); ++i) {
    r.observed += OrZero(in.counts[i]);
    r.expected +=
        OrZero(in.populations[i]) * OrZero(in.reference_counts[i]) / in.reference_populations[i];
  }
  Estimate& e = r.estimate;
  e.method = internal::PoissonMethod(r.observed);
  e.limits = internal::MissingLimits(confidence);
  if (r.expected <= 0) {
    e.note = "the expected count is 0";
    return r;
  }
  double k = scale / r.expected;
  e.value = r.observed * k;
  for (Limits& l : e.limits) {
    Limits c = internal::PoissonLimits(r.observed, l.confidence);
    l.lower = c.lower * k;
    l.upper = c.upper * k;
  }
  return r;
}

}  // namespace

Result<IsrResult> IsRate(const IsrInput& in, const IsrOptions& options) {
  if (Status s = ValidateConfidence(options.confidence); !s.ok()) return s;
  if (Status s = CheckIsrInput(in); !s.ok()) return s;
  double ref_count = 0, ref_pop = 0;
  for (size_t i = 0; i < in.counts.size(); ++i) {
    ref_count += OrZero(in.reference_counts[i]);
    ref_pop += in.reference_populations[i];
  }
  double ref_rate = ref_count / ref_pop * options.multiplier;
  auto r = Standardise(in, options.confidence, ref_rate);
  if (r.ok()) r->reference_rate = ref_rate;
  return r;
}

Result<IsrResult> IsRatio(const IsrInput& in, const IsrOptions& options) {
  if (Status s = ValidateConfidence(options.confidence); !s.ok()) return s;
  if (Status s = CheckIsrInput(in); !s.ok()) return s;
  return Standardise(in, options.confidence, options.reference_value);
}

}  // namespace barometer::stats
