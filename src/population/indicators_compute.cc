// ComputeIndicators: the public entry point of the indicator engine.
#include <exception>

#include <fmt/format.h>

#include "population/indicators.h"
#include "population/internal/indicator_builder.h"

namespace barometer::population {

Result<std::vector<IndicatorRow>> ComputeIndicators(const Extract& x, const IndicatorRequest& req) {
  try {
    internal::IndicatorBuilder builder(x, req);
    return builder.Build();
  } catch (const std::exception& e) {
    return Status::Internal(fmt::format("computing indicators: {}", e.what()));
  }
}

}  // namespace barometer::population
