#include "core/number.h"

#include <charconv>
#include <cmath>

#include <fast_float/fast_float.h>
#include <fmt/format.h>

namespace barometer {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<double> ParseDouble(std::string_view s) {
  s = Trim(s);
  if (s.empty()) return std::nullopt;
  // fast_float rejects a leading '+'; accept it as people write "+2.5".
  if (s.front() == '+') s.remove_prefix(1);
  double v = 0;
  auto [ptr, ec] = fast_float::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<int64_t> ParseInt(std::string_view s) {
  s = Trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string FormatShortest(double v) {
  if (std::isnan(v)) return "";
  return fmt::format("{}", v);
}

std::string FormatFixed(double v, int decimals) {
  if (std::isnan(v)) return "";
  if (decimals < 0) return FormatShortest(v);
  return fmt::format("{:.{}f}", v, decimals);
}

}  // namespace barometer
