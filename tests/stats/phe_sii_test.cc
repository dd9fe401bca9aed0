// SII and RII against PHEindicatormethods v2.1.0 (the PHE Excel SII tool's
// answers): point estimates to 1e-9 relative, simulated limits within 5% of
// the expected interval's width (as the reference README prescribes).
#include <algorithm>

#include <gtest/gtest.h>

#include "core/text.h"
#include "stats/indicators.h"
#include "tests/stats/phe_reference.h"

namespace barometer::stats {
namespace {

using testing::Near;
using testing::Reference;
constexpr double kTol = testing::kTolerance;

struct SiiCase {
  std::vector<SiiQuantile> quantiles;
  SiiOptions options;
};

// Quantiles of one group in order; the se comes from the `se` column or,
// with use_limits, from the 95% limits as the reference derives it.
SiiCase Collect(const Reference& ref, std::vector<size_t> rows, bool use_limits) {
  std::sort(rows.begin(), rows.end(),
            [&](size_t a, size_t b) { return ref.Num(a, "quantile") < ref.Num(b, "quantile"); });
  SiiCase c;
  size_t r0 = rows.front();
  c.options.value_type = static_cast<ValueType>(static_cast<int>(ref.Num(r0, "value_type")));
  c.options.transform = ref.Bool(r0, "transform");
  c.options.multiplier = ref.Num(r0, "multiplier");
  double reps = ref.Num(r0, "repetitions_in_test");
  c.options.repetitions = std::isnan(reps) ? 10000 : static_cast<int>(reps);
  c.options.confidence.clear();
  std::string levels = ref.Str(r0, "confidence");
  for (auto level : Split(levels, ';')) {
    c.options.confidence.push_back(*ParseDouble(level));
  }
  for (size_t r : rows) {
    SiiQuantile q;
    q.population = ref.Num(r, "population");
    q.value = ref.Num(r, "value");
    q.se = use_limits ? SiiStandardError(ref.Num(r, "lower_cl"), ref.Num(r, "upper_cl"),
                                         c.options.value_type)
                      : ref.Num(r, "se");
    c.quantiles.push_back(q);
  }
  return c;
}

::testing::AssertionResult WithinWidth(double got, double want, double lower, double upper) {
  if (std::isnan(want)) return ::testing::AssertionSuccess();
  double allowed = 0.05 * (upper - lower);
  if (std::fabs(got - want) <= allowed) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "got " << got << ", want " << want << " ± " << allowed;
}

void CheckCase(const Reference& ref, size_t r0, const SiiResult& s, size_t levels) {
  EXPECT_TRUE(Near(s.sii, ref.Num(r0, "expected_sii"), kTol));
  if (!std::isnan(ref.Num(r0, "expected_rii"))) {
    EXPECT_TRUE(Near(s.rii, ref.Num(r0, "expected_rii"), kTol));
  }
  if (!std::isnan(ref.Num(r0, "expected_intercept"))) {
    EXPECT_TRUE(Near(s.intercept, ref.Num(r0, "expected_intercept"), kTol));
  }
  ASSERT_EQ(s.sii_limits.size(), levels);
  for (size_t k = 0; k < levels; ++k) {
    std::string n = std::to_string(k + 1);
    for (std::string which : {"sii", "rii"}) {
      double lo = ref.Num(r0, "expected_" + which + "_lower_" + n);
      double hi = ref.Num(r0, "expected_" + which + "_upper_" + n);
      const Limits& got = which == "sii" ? s.sii_limits[k] : s.rii_limits[k];
      EXPECT_TRUE(WithinWidth(got.lower, lo, lo, hi)) << which << " lower " << n;
      EXPECT_TRUE(WithinWidth(got.upper, hi, lo, hi)) << which << " upper " << n;
    }
  }
}

TEST(PheSii, EveryReferenceCaseFromSeAndFromLimits) {
  Reference ref("sii.csv");
  ASSERT_EQ(ref.rows(), 514u);
  int checked = 0;
  for (const auto& g : ref.Groups({"case_id", "area", "grouping1", "grouping2"})) {
    size_t r0 = g.front();
    std::string id = ref.Str(r0, "case_id");
    if (id.starts_with("sii_err_") || id.starts_with("sii_warn_")) continue;
    std::string inputs = ref.Str(r0, "inputs_tested");
    for (bool use_limits : {false, true}) {
      if (use_limits ? inputs.find("lower_cl") == std::string::npos
                     : inputs.find("+se") == std::string::npos) {
        continue;
      }
      SCOPED_TRACE(id + " " + ref.Str(r0, "area") + (use_limits ? " (limits)" : " (se)"));
      SiiCase c = Collect(ref, g, use_limits);
      auto s = Sii(c.quantiles, c.options);
      ASSERT_TRUE(s.ok()) << s.status().ToString();
      CheckCase(ref, r0, *s, c.options.confidence.size());
      ++checked;
    }
  }
  EXPECT_GE(checked, 44);
}

TEST(PheSii, SameSeedSameLimitsOtherSeedOtherDraws) {
  Reference ref("sii.csv");
  auto g = ref.Groups({"case_id", "area"}).front();
  SiiCase c = Collect(ref, g, false);
  auto a = Sii(c.quantiles, c.options), b = Sii(c.quantiles, c.options);
  c.options.seed = 2;
  auto d = Sii(c.quantiles, c.options);
  ASSERT_TRUE(a.ok() && b.ok() && d.ok());
  EXPECT_EQ(a->sii_limits[0].lower, b->sii_limits[0].lower);
  EXPECT_NE(a->sii_limits[0].lower, d->sii_limits[0].lower);
}

TEST(PheSii, ReferenceErrorCasesAreErrors) {
  Reference ref("sii.csv");
  for (const auto& g : ref.Groups({"case_id", "area"})) {
    size_t r0 = g.front();
    std::string id = ref.Str(r0, "case_id");
    if (id != "sii_err_negative_population" && id != "sii_err_negative_se" &&
        id != "sii_err_missing_se") {
      continue;
    }
    SCOPED_TRACE(id);
    SiiCase c = Collect(ref, g, false);
    EXPECT_FALSE(Sii(c.quantiles, c.options).ok());
  }
}

TEST(PheSii, FewRepetitionsAreAnError) {
  std::vector<SiiQuantile> q = {{100, 1, 0.1}, {100, 2, 0.1}};
  SiiOptions o;
  o.repetitions = 10;
  EXPECT_EQ(Sii(q, o).status().message(), "repetitions must be 1000 or more (got 10)");
}

}  // namespace
}  // namespace barometer::stats
