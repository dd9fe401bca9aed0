// DSR (independent and non-independent events) and the built-in 2013 ESP,
// against PHEindicatormethods v2.1.0.
#include <map>

#include <gtest/gtest.h>

#include "stats/indicators.h"
#include "tests/stats/phe_reference.h"

namespace barometer::stats {
namespace {

using testing::Near;
using testing::Reference;
constexpr double kTol = testing::kTolerance;

TEST(PheEsp2013, BuiltInTableMatchesTheReferenceFile) {
  Reference ref("esp2013.csv");
  ASSERT_EQ(ref.rows(), kEsp2013.size());
  for (size_t r = 0; r < ref.rows(); ++r) {
    EXPECT_EQ(kEsp2013[r], ref.Num(r, "esp2013")) << r;
    EXPECT_EQ(kEsp2013Bands[r], ref.Str(r, "ageband_19")) << r;
  }
}

struct Bands {
  std::vector<double> counts, pops, standard, freq_sq;
};

// One entry per age band; for non-independent events the rows of a band
// (one per event frequency) are summed into events and Σ persons × f².
Bands CollectBands(const Reference& ref, const std::vector<size_t>& rows, bool independent) {
  Bands b;
  std::map<std::string, size_t> band_index;
  for (size_t r : rows) {
    double x = ref.Num(r, "x");
    if (std::isnan(x)) x = 0;
    double f = independent ? 1 : ref.Num(r, "eventfreq");
    auto [it, added] = band_index.emplace(ref.Str(r, "ageband"), b.counts.size());
    if (added) {
      b.counts.push_back(0);
      b.freq_sq.push_back(0);
      b.pops.push_back(ref.Num(r, "n"));
      b.standard.push_back(ref.Num(r, "stdpop"));
    }
    b.counts[it->second] += x * f;
    b.freq_sq[it->second] += x * f * f;
  }
  if (independent) b.freq_sq.clear();
  return b;
}

TEST(PheDsr, EveryReferenceGroup) {
  Reference ref("dsr.csv");
  ASSERT_EQ(ref.rows(), 379u);
  auto groups = ref.Groups({"case_id", "group"});
  EXPECT_EQ(groups.size(), 11u);
  for (const auto& g : groups) {
    size_t r = g.front();
    SCOPED_TRACE(ref.Str(r, "case_id") + " " + ref.Str(r, "group"));
    bool independent = ref.Bool(r, "independent_events");
    Bands b = CollectBands(ref, g, independent);
    DsrOptions opt;
    opt.multiplier = ref.Num(r, "multiplier");
    auto d = Dsr({b.counts, b.pops, b.standard, b.freq_sq}, opt);
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    EXPECT_TRUE(Near(d->total_count, ref.Num(r, "expected_total_count"), kTol));
    EXPECT_TRUE(Near(d->total_pop, ref.Num(r, "expected_total_pop"), kTol));
    const Estimate& e = d->estimate;
    EXPECT_TRUE(Near(e.value, ref.Num(r, "expected_value"), kTol));
    EXPECT_TRUE(Near(e.limits[0].lower, ref.Num(r, "expected_lower95_0cl"), kTol));
    EXPECT_TRUE(Near(e.limits[0].upper, ref.Num(r, "expected_upper95_0cl"), kTol));
    EXPECT_TRUE(Near(e.limits[1].lower, ref.Num(r, "expected_lower99_8cl"), kTol));
    EXPECT_TRUE(Near(e.limits[1].upper, ref.Num(r, "expected_upper99_8cl"), kTol));
    if (std::isnan(e.value)) {
      EXPECT_EQ(e.note, ref.Str(r, "expected_statistic"));
    }
  }
}

TEST(PheDsr, ZeroPopulationIsAnError) {
  std::vector<double> x = {5, 6}, n = {100, 0}, w = {1, 1};
  auto d = Dsr({x, n, w, {}}, {});
  EXPECT_EQ(d.status().message(), "row 2: the population must be more than 0 for a DSR (got 0)");
}

TEST(PheDsr, NegativeCountIsAnError) {
  std::vector<double> x = {5, -6}, n = {100, 100}, w = {1, 1};
  EXPECT_EQ(Dsr({x, n, w, {}}, {}).status().message(),
            "row 2: the count must be 0 or more (got -6)");
}

TEST(PheDsr, UnequalLengthsAreAnError) {
  std::vector<double> x = {5, 6}, n = {100}, w = {1, 1};
  EXPECT_FALSE(Dsr({x, n, w, {}}, {}).ok());
}

}  // namespace
}  // namespace barometer::stats
