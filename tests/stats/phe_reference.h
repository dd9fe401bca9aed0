// tests/stats/phe_reference.h — loads the PHEindicatormethods v2.1.0 vectors in
// reference/phe/ (an outside oracle) for the indicator tests.
#pragma once

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/number.h"
#include "core/table.h"

namespace barometer::stats::testing {

class Reference {
 public:
  explicit Reference(const std::string& name) {
    auto t = ReadCsvTable(std::string(BAROMETER_REFERENCE_DIR) + "/phe/" + name);
    if (!t.ok()) {
      ADD_FAILURE() << t.status().ToString();
      return;
    }
    table_ = std::move(*t);
  }
  size_t rows() const { return table_.rows(); }
  std::string Str(size_t r, std::string_view col) const {
    auto c = table_.Column(col);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? std::string(table_.cell(r, *c)) : std::string();
  }
  // "NA" (or an empty cell) is NaN.
  double Num(size_t r, std::string_view col) const {
    std::string s = Str(r, col);
    if (s == "NA" || s.empty()) return std::nan("");
    auto v = ParseDouble(s);
    EXPECT_TRUE(v.has_value()) << col << " = " << s;
    return v.value_or(std::nan(""));
  }
  bool Bool(size_t r, std::string_view col) const { return Str(r, col) == "TRUE"; }
  // Row indices grouped by the values of `cols`, in order of first appearance.
  std::vector<std::vector<size_t>> Groups(const std::vector<std::string>& cols) const {
    std::map<std::string, size_t> index;
    std::vector<std::vector<size_t>> groups;
    for (size_t r = 0; r < rows(); ++r) {
      std::string key;
      for (const auto& c : cols) key += Str(r, c) + '\x1f';
      auto [it, added] = index.emplace(key, groups.size());
      if (added) groups.emplace_back();
      groups[it->second].push_back(r);
    }
    return groups;
  }

 private:
  CsvTable table_;
};

// Both missing, or equal within `rel` relative (absolute when `want` is 0).
inline ::testing::AssertionResult Near(double got, double want, double rel) {
  if (std::isnan(want) && std::isnan(got)) return ::testing::AssertionSuccess();
  if (std::isnan(want) != std::isnan(got)) {
    return ::testing::AssertionFailure() << "got " << got << ", want " << want;
  }
  double scale = want == 0 ? 1 : std::fabs(want);
  if (std::fabs(got - want) <= rel * scale) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "got " << FormatShortest(got) << ", want " << FormatShortest(want)
         << " (relative difference " << std::fabs(got - want) / scale << ")";
}

inline constexpr double kTolerance = 1e-9;

}  // namespace barometer::stats::testing
