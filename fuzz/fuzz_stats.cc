// Fuzzes the stats input path: any bytes, read as the CSV a user gives
// `barometer stats`, parsed into numbers and grouped by the first column, then
// run through every indicator method and the funnel-plot functions. Each must
// give a value or a Status, never a crash, a hang or an exception.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/number.h"
#include "core/table.h"
#include "stats/funnels.h"
#include "stats/indicators.h"

namespace st = barometer::stats;

namespace {

// Column c of every row as numbers ("" / "NA" / text -> missing).
std::vector<double> Column(const barometer::CsvTable& t, size_t c,
                           const std::vector<size_t>& rows) {
  std::vector<double> v;
  for (size_t r : rows) {
    auto x = barometer::ParseDouble(t.cell(r, c % t.header().names().size()));
    v.push_back(x ? *x : st::kMissing);
  }
  return v;
}

// Funnel limits, significance and points for each statistic; the options
// vary with the group's size so every branch is reached.
void RunFunnels(const std::vector<double>& a, const std::vector<double>& b,
                const std::vector<double>& c, size_t n) {
  st::FunnelOptions o;
  o.statistic = static_cast<st::FunnelStatistic>(n % 3);
  o.ratio_type = n % 2 == 0 ? st::RatioType::kCount : st::RatioType::kIsr;
  o.rate_type = n % 4 < 2 ? st::RateType::kDsr : st::RateType::kCrude;
  o.multiplier = n % 5 == 0 ? 1 : 100000;
  o.years_of_data = static_cast<double>(n % 3 + 1);
  st::FunnelData d{a, b, c};
  (void)st::CalculateFunnelLimits(d, o);
  (void)st::AssignFunnelSignificance(d, o);
  (void)st::CalculateFunnelPoints(d, o);
}

void RunMethods(const barometer::CsvTable& t, const std::vector<size_t>& rows) {
  auto a = Column(t, 1, rows), b = Column(t, 2, rows), c = Column(t, 3, rows),
       d = Column(t, 4, rows);
  for (size_t i = 0; i < a.size() && i < 64; ++i) {
    (void)st::CrudeRate(a[i], b[i], {});
    (void)st::Proportion(a[i], b[i], {100, {0.95, 0.998}});
  }
  (void)st::Mean(a, st::kDefaultConfidence);
  (void)st::Dsr({a, b, c, {}}, {});
  (void)st::Dsr({a, b, c, d}, {});
  (void)st::IsRate({a, b, c, d}, {});
  (void)st::IsRatio({a, b, c, d}, {});
  std::vector<int> ages;
  // As `stats life-expectancy` reads them: a whole number of years 0 to 150,
  // else the row is refused (here: -1, which LifeExpectancy rejects).
  for (double x : c)
    ages.push_back(st::IsMissing(x) || !(x >= 0 && x <= 150) ? -1 : static_cast<int>(x));
  (void)st::LifeExpectancy(ages, a, b, st::kDefaultConfidence);
  std::vector<st::SiiQuantile> q;
  for (size_t i = 0; i < a.size() && i < 20; ++i) q.push_back({a[i], b[i], c[i]});
  st::SiiOptions o;
  o.repetitions = 1000;
  o.value_type = static_cast<st::ValueType>(rows.size() % 3);
  o.transform = rows.size() % 2 == 0;
  (void)st::Sii(q, o);
  (void)st::AssignQuantiles(a, static_cast<int>(rows.size() % 12) + 1, rows.size() % 2 == 0);
  RunFunnels(a, b, c, rows.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto t = barometer::ParseCsvTable(std::string(reinterpret_cast<const char*>(data), size), "f");
  if (!t.ok() || t->header().names().empty()) return 0;
  std::map<std::string, std::vector<size_t>> groups;
  for (size_t r = 0; r < t->rows(); ++r) groups[std::string(t->cell(r, 0))].push_back(r);
  for (const auto& [key, rows] : groups) RunMethods(*t, rows);
  return 0;
}
