// The 2013 European Standard Population (Eurostat 2013), band labels; the
// weights are the constexpr kEsp2013 in indicators.h.
#include "stats/indicators.h"

namespace barometer::stats {

const std::array<std::string_view, 19> kEsp2013Bands = {
    "0-4",   "5-9",   "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
    "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+"};

static_assert(
    [] {
      double total = 0;
      for (double w : kEsp2013) total += w;
      return total == 100000;
    }(),
    "the 2013 ESP sums to 100,000");

}  // namespace barometer::stats
