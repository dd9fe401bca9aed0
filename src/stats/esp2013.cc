// The 2013 European Standard Population (Eurostat 2013), band labels; the
// weights are the constexpr kEsp2013 in indicators.h.
#include "stats/indicators.h"

#include <string>

namespace barometer::stats {

const std::array<std::string_view, 19> kEsp2013Bands = {
    "0-4",   "5-9",   "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
    "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+"};

int Esp2013BandIndex(std::string_view label) {
  std::string t;
  for (char c : label) {
    if (c == ' ' || c == '\t' || c == '"') continue;
    t += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  if (t.starts_with("aged")) t = t.substr(4);
  if (t.starts_with("age")) t = t.substr(3);
  for (std::string_view open : {"andover", "plus", "+", "andolder"}) {
    if (t.size() > open.size() && t.ends_with(open)) {
      t = t.substr(0, t.size() - open.size()) + "+";
      break;
    }
  }
  if (size_t to = t.find("to"); to != std::string::npos) t.replace(to, 2, "-");
  // Leading zeros of each number ("05-09").
  std::string norm;
  for (size_t i = 0; i < t.size(); ++i) {
    bool start = i == 0 || t[i - 1] < '0' || t[i - 1] > '9';
    if (start && t[i] == '0' && i + 1 < t.size() && t[i + 1] >= '0' && t[i + 1] <= '9') continue;
    norm += t[i];
  }
  for (size_t b = 0; b < kEsp2013Bands.size(); ++b) {
    if (kEsp2013Bands[b] == norm) return static_cast<int>(b);
  }
  return -1;
}

static_assert(
    [] {
      double total = 0;
      for (double w : kEsp2013) total += w;
      return total == 100000;
    }(),
    "the 2013 ESP sums to 100,000");

}  // namespace barometer::stats
