// stats/internal/phe_common.h — helpers shared by the indicator methods.
// Not part of the public face; include only from src/stats.
#pragma once

#include <span>
#include <string>

#include "stats/indicators.h"

namespace barometer::stats::internal {

// Two-sided z for a confidence fraction: 0.95 -> 1.959964.
double Z(double confidence);

// Poisson limits of a count as the reference picks them: exact (chi-square)
// below 10, Byar's from 10. `method` receives "Exact" or "Byars".
Limits PoissonLimits(double count, double confidence);
const char* PoissonMethod(double count);

// Limits of every level set to missing.
std::vector<Limits> MissingLimits(std::span<const double> confidence);

// "`name` must be ... (got v)"-style message helpers.
std::string Got(double v);

}  // namespace barometer::stats::internal
