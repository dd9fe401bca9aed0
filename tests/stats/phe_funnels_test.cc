// Funnel plots against PHEindicatormethods v2.1.0 (reference/phe/funnels/):
// every file, every row, every limit column and every significance label.
//
// The reference files print their numbers to a fixed number of digits (6
// decimal places in prop_limits.csv, 10 significant digits elsewhere), so a
// value is compared within 1e-9 relative or half a unit in its last printed
// digit, whichever is larger; integers (axis points, capped limits) within
// 1e-9. Labels must match exactly.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stats/distributions.h"
#include "stats/funnels.h"
#include "tests/stats/phe_reference.h"

namespace barometer::stats {
namespace {

using testing::Reference;

// How far the printed reference value allows `got` to be from it.
double PrintedTolerance(const std::string& text, double want) {
  double tol = testing::kTolerance * std::fabs(want);
  size_t point = text.find('.');
  if (point == std::string::npos) return want == 0 ? testing::kTolerance : tol;
  int decimals = static_cast<int>(text.size() - point - 1);
  return std::max(tol, 0.5 * std::pow(10.0, -decimals) * (1 + 1e-9));
}

// Compares with a reference cell, keeping the largest relative difference
// seen so the test can say how close we are.
class Checker {
 public:
  explicit Checker(const Reference& ref) : ref_(ref) {}
  ~Checker() {
    std::printf("[ reference ] %zu values, largest relative difference %.3g\n", count_, worst_);
  }
  void Expect(double got, size_t r, const std::string& col) {
    std::string text = ref_.Str(r, col);
    double want = ref_.Num(r, col);
    ++count_;
    if (std::isnan(want) || std::isnan(got)) {
      EXPECT_EQ(std::isnan(want), std::isnan(got)) << col << " row " << r + 2 << ": got " << got;
      return;
    }
    double diff = std::fabs(got - want);
    worst_ = std::max(worst_, diff / (want == 0 ? 1 : std::fabs(want)));
    EXPECT_LE(diff, PrintedTolerance(text, want))
        << col << " at line " << r + 2 << ": got " << FormatShortest(got) << ", want " << text;
  }

 private:
  const Reference& ref_;
  size_t count_ = 0;
  double worst_ = 0;
};

std::vector<double> Column(const Reference& ref, const std::string& col) {
  std::vector<double> v;
  for (size_t r = 0; r < ref.rows(); ++r) v.push_back(ref.Num(r, col));
  return v;
}

// The limit table against a reference file whose limit columns are
// <lower|upper>_<2s|3s>_<suffix> and denominator columns <...>_<den_suffix>.
void ExpectLimits(const FunnelLimitTable& t, const std::string& file, const std::string& x_col,
                  const std::string& suffix, const std::string& den_suffix) {
  Reference ref("funnels/" + file);
  ASSERT_EQ(t.rows.size(), ref.rows());
  Checker check(ref);
  for (size_t r = 0; r < ref.rows(); ++r) {
    const FunnelLimitRow& row = t.rows[r];
    EXPECT_EQ(row.x, ref.Num(r, x_col)) << "line " << r + 2;
    for (const auto& [sigma, l] : {std::pair{"2s", row.limit95}, std::pair{"3s", row.limit998}}) {
      std::string s = sigma;
      check.Expect(l.lower, r, "lower_" + s + "_" + suffix);
      check.Expect(l.upper, r, "upper_" + s + "_" + suffix);
      if (!den_suffix.empty()) {
        check.Expect(l.lower_denominator, r, "lower_" + s + "_" + den_suffix);
        check.Expect(l.upper_denominator, r, "upper_" + s + "_" + den_suffix);
      }
    }
    if (x_col == "Observed_events") {
      EXPECT_TRUE(std::isnan(row.baseline));  // a ratio has no baseline column
    } else {
      check.Expect(row.baseline, r, "baseline");
    }
  }
}

void ExpectLabels(const std::vector<FunnelSignificance>& got, const Reference& ref,
                  const std::vector<size_t>& rows, const std::string& col) {
  ASSERT_EQ(got.size(), rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(FunnelSignificanceName(got[i]), ref.Str(rows[i], col)) << "line " << rows[i] + 2;
  }
}

// ---- proportions ------------------------------------------------------------------

TEST(PheFunnels, ProportionLimits) {
  Reference in("funnels/prop_inputs.csv");
  ASSERT_EQ(in.rows(), 303u);
  auto x = Column(in, "numerator"), n = Column(in, "denominator");
  FunnelOptions opt;  // proportion, multiplier 100
  auto t = CalculateFunnelLimits({x, n, {}}, opt);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->statistic, "proportion");
  EXPECT_EQ(t->method, "Wilson");
  ExpectLimits(*t, "prop_limits.csv", "Population", "limit", "");
}

TEST(PheFunnels, ProportionLimitsAxisFromSmallestDenominator) {
  Reference in("funnels/prop_inputs.csv");
  std::vector<double> x, n;
  for (size_t r = 0; r < in.rows(); ++r) {
    if (in.Num(r, "denominator") >= 31000) continue;
    x.push_back(in.Num(r, "numerator"));
    n.push_back(in.Num(r, "denominator"));
  }
  auto t = CalculateFunnelLimits({x, n, {}}, {});
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ExpectLimits(*t, "prop_limits_denominator_lt_31000.csv", "Population", "limit", "");
}

TEST(PheFunnels, ProportionSignificance) {
  Reference in("funnels/prop_inputs.csv");
  auto x = Column(in, "numerator"), n = Column(in, "denominator");
  auto s = AssignFunnelSignificance({x, n, {}}, {});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  std::vector<size_t> rows(in.rows());
  for (size_t r = 0; r < rows.size(); ++r) rows[r] = r;
  ExpectLabels(*s, in, rows, "significance");
}

// ---- ratios -----------------------------------------------------------------------

TEST(PheFunnels, RatioLimitsCountAndIsr) {
  Reference in("funnels/ratio_inputs.csv");
  ASSERT_EQ(in.rows(), 300u);
  auto obs = Column(in, "obs"), exp = Column(in, "expected");
  for (RatioType type : {RatioType::kCount, RatioType::kIsr}) {
    bool count = type == RatioType::kCount;
    SCOPED_TRACE(count ? "count" : "isr");
    FunnelOptions opt;
    opt.statistic = FunnelStatistic::kRatio;
    opt.ratio_type = type;
    auto t = CalculateFunnelLimits({obs, exp, {}}, opt);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    EXPECT_EQ(t->statistic, count ? "ratio (count)" : "ratio (isr)");
    EXPECT_EQ(t->method, "Poisson");
    ExpectLimits(*t, "ratio_limits.csv", "Observed_events", count ? "count" : "isr", "exp_events");
  }
}

TEST(PheFunnels, RatioSignificance) {
  Reference in("funnels/ratio_inputs.csv");
  auto obs = Column(in, "obs"), exp = Column(in, "expected");
  FunnelOptions opt;
  opt.statistic = FunnelStatistic::kRatio;
  auto s = AssignFunnelSignificance({obs, exp, {}}, opt);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  std::vector<size_t> rows(in.rows());
  for (size_t r = 0; r < rows.size(); ++r) rows[r] = r;
  ExpectLabels(*s, in, rows, "significance");
}

// ---- rates --------------------------------------------------------------------------

FunnelOptions RateOptions(RateType type, double multiplier, double years) {
  FunnelOptions o;
  o.statistic = FunnelStatistic::kRate;
  o.rate_type = type;
  o.multiplier = multiplier;
  o.years_of_data = years;
  return o;
}

// The row of rate_limits_inputs.csv with the most events (the one the package's
// tests change).
size_t MaxEventsRow(const std::vector<double>& ev) {
  return static_cast<size_t>(std::max_element(ev.begin(), ev.end()) - ev.begin());
}

void ExpectRateLimits(const FunnelLimitTable& t, const std::string& file, const char* label) {
  EXPECT_EQ(t.statistic, label);
  EXPECT_EQ(t.method, "Poisson");
  ExpectLimits(t, file, "Events", "limit", "population_1_year");
  Reference ref("funnels/" + file);
  for (size_t r = 0; r < ref.rows(); ++r) {
    EXPECT_EQ(ref.Str(r, "statistic"), label);
    EXPECT_EQ(ref.Str(r, "method"), "Poisson");
  }
}

TEST(PheFunnels, RateLimitsDsr) {
  Reference in("funnels/rate_limits_inputs.csv");
  ASSERT_EQ(in.rows(), 50u);
  auto ev = Column(in, "ev"), rate = Column(in, "rate");
  auto t = CalculateFunnelLimits({ev, {}, rate}, RateOptions(RateType::kDsr, 1e5, 3));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ExpectRateLimits(*t, "rate_limits_dsr.csv", "rate (dsr per 100,000)");
}

TEST(PheFunnels, RateLimitsCrudeWithFewerThanTenEvents) {
  Reference in("funnels/rate_limits_inputs.csv");
  auto ev = Column(in, "ev"), rate = Column(in, "rate");
  ev[MaxEventsRow(ev)] = 5;
  auto t = CalculateFunnelLimits({ev, {}, rate}, RateOptions(RateType::kCrude, 1e5, 3));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ExpectRateLimits(*t, "rate_limits_crude_max_ev_set_to_5.csv", "rate (crude per 100,000)");
}

TEST(PheFunnels, RateLimitsCrudeWithZeroEventsAndDenominator) {
  Reference in("funnels/rate_limits_inputs.csv");
  auto ev = Column(in, "ev"), rate = Column(in, "rate");
  // As the package's test: pop = 1e5 ev / rate; the largest ev (and its rate)
  // set to 0; only rows with pop above half the largest kept.
  std::vector<double> pop(ev.size());
  for (size_t r = 0; r < ev.size(); ++r) pop[r] = 1e5 * ev[r] / rate[r];
  size_t top = MaxEventsRow(ev);
  ev[top] = rate[top] = 0;
  double half = *std::max_element(pop.begin(), pop.end()) / 2;
  std::vector<double> e, p, r;
  for (size_t i = 0; i < ev.size(); ++i) {
    if (pop[i] <= half) continue;
    e.push_back(ev[i]);
    p.push_back(pop[i]);
    r.push_back(rate[i]);
  }
  ASSERT_TRUE(std::find(e.begin(), e.end(), 0.0) != e.end()) << "the zero row is kept";
  auto t = CalculateFunnelLimits({e, p, r}, RateOptions(RateType::kCrude, 1e5, 3));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ExpectRateLimits(*t, "rate_limits_crude_with_zero_and_denominator.csv",
                   "rate (crude per 100,000)");
}

TEST(PheFunnels, RateSignificanceEveryVariant) {
  Reference in("funnels/rate_significance.csv");
  ASSERT_EQ(in.rows(), 40u);
  struct Case {
    RateType type;
    double multiplier;
    const char* rate_col;
    const char* label;
  } cases[] = {{RateType::kDsr, 1e5, "rate_dsr", "dsr_per_100000"},
               {RateType::kDsr, 100, "rate_dsr", "dsr_per_100"},
               {RateType::kCrude, 1e5, "rate_crude_per_100000", "crude_per_100000"},
               {RateType::kCrude, 100, "rate_crude_per_100", "crude_per_100"}};
  for (const Case& c : cases) {
    for (bool with_zero : {true, false}) {
      std::string col = std::string(c.label) + (with_zero ? "_with_0" : "_without_0");
      SCOPED_TRACE(col);
      std::vector<double> count, pop, rate;
      std::vector<size_t> rows;
      for (size_t r = 0; r < in.rows(); ++r) {
        if (!with_zero && in.Num(r, "count") == 0) continue;
        rows.push_back(r);
        count.push_back(in.Num(r, "count"));
        pop.push_back(in.Num(r, "pop"));
        rate.push_back(in.Num(r, c.rate_col));
      }
      auto s = AssignFunnelSignificance({count, pop, rate}, RateOptions(c.type, c.multiplier, 1));
      ASSERT_TRUE(s.ok()) << s.status().ToString();
      ExpectLabels(*s, in, rows, col);
    }
  }
}

// calculate_funnel_points, as the package's three tests call it.
TEST(PheFunnels, RatePoints) {
  Reference in("funnels/rate_limits_inputs.csv");
  struct Case {
    RateType type;
    double years, max_ev;
    bool denominator;
    const char* suffix;
  } cases[] = {{RateType::kDsr, 3, 5, false, ""},
               {RateType::kCrude, 3, -1, false, "_crude"},
               {RateType::kCrude, 5, 0, true, "_crude_with_denom"}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.suffix);
    auto ev = Column(in, "ev"), rate = Column(in, "rate"), pop = Column(in, "pop");
    if (c.max_ev >= 0) ev[MaxEventsRow(ev)] = c.max_ev;
    FunnelData d{ev, c.denominator ? std::span<const double>(pop) : std::span<const double>(),
                 rate};
    auto p = CalculateFunnelPoints(d, RateOptions(c.type, 1e5, c.years));
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    ASSERT_EQ(p->size(), in.rows());
    Checker check(in);
    for (size_t r = 0; r < in.rows(); ++r) {
      check.Expect((*p)[r].rate, r, std::string("rate_chart") + c.suffix);
      check.Expect((*p)[r].denominator, r, std::string("denominator_derived") + c.suffix);
    }
  }
}

// ---- building blocks and bad input ------------------------------------------------

// The bisection converges on the exact Poisson limits (chi-square quantiles,
// byars_wilson.csv's "exact" rows are the same numbers) to within its step.
TEST(PheFunnels, PoissonFunnelApproachesTheExactLimits) {
  // 1 event: exact 95% limits 0.0253178 and 5.5716434 (crude_rate.csv, per 1).
  EXPECT_NEAR(PoissonFunnel(1, 0.025, true), 5.571643, 1e-5);
  EXPECT_NEAR(PoissonFunnel(1, 0.025, false), 0.025318, 1e-5);
}

// Beyond the counts in the reference, the bisection still lands on the exact
// limit (a chi-square quantile) to within its last step (~2.4e-7 relative),
// also where each step compares with the exact root (means above 1e6).
TEST(PheFunnels, PoissonFunnelForLargeCounts) {
  for (double events : {5e4, 5e6, 1.2e9}) {
    double exact_upper = ChiSquareQuantile(0.975, 2 * events + 2) / 2;
    double exact_lower = ChiSquareQuantile(0.025, 2 * events) / 2;
    EXPECT_NEAR(PoissonFunnel(events, 0.025, true), exact_upper, 5e-7 * exact_upper);
    EXPECT_NEAR(PoissonFunnel(events, 0.025, false), exact_lower, 5e-7 * exact_lower);
  }
}

// The package measures a number's digits with R's nchar(), which counts
// as.character(12000000) = "1.2e+07" as 7 characters: the axis for
// denominators from 12,631,579 starts at 12,000,000, not 10,000,000.
TEST(PheFunnels, AxisStartFollowsRsDigitCount) {
  std::vector<double> x = {1000, 1000}, n = {12631579, 20000000};
  auto t = CalculateFunnelLimits({x, n, {}}, {});
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->rows.front().x, 12000000);
  n = {1263158, 2000000};  // 1,200,000.1 x 0.95: "1200000" has 7 characters, starts at 1e6
  t = CalculateFunnelLimits({x, n, {}}, {});
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->rows.front().x, 1000000);
}

TEST(PheFunnels, BadInputNamesTheRow) {
  std::vector<double> x = {5, -1, 3}, n = {10, 10, 10};
  auto s = AssignFunnelSignificance({x, n, {}}, {});
  EXPECT_EQ(s.status().message(), "row 2: the numerator must be 0 or more (got -1)");
  x = {5, 1, 3};
  n = {10, 10, 0};
  EXPECT_EQ(CalculateFunnelLimits({x, n, {}}, {}).status().message(),
            "row 3: the denominator must be more than 0 (got 0)");
  n = {10, 10, 2};
  EXPECT_EQ(AssignFunnelSignificance({x, n, {}}, {}).status().message(),
            "row 3: the numerator (3) is more than the denominator (2); a proportion needs "
            "numerator <= denominator");
  std::vector<double> rate = {10, 20, 30}, ev = {5, 0, 3};
  auto crude = RateOptions(RateType::kCrude, 1e5, 1);
  EXPECT_EQ(AssignFunnelSignificance({ev, {}, rate}, crude).status().message(),
            "row 2: the denominator must be more than 0 (got missing) (a crude rate with 0 "
            "events needs its population)");
  ev = {0, 0, 0};
  EXPECT_EQ(
      CalculateFunnelLimits({ev, {}, rate}, RateOptions(RateType::kDsr, 1e5, 1)).status().message(),
      "every row has 0 events; a DSR funnel needs some events");
  EXPECT_FALSE(CalculateFunnelLimits({}, {}).ok());
}

}  // namespace
}  // namespace barometer::stats
