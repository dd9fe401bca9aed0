// The population outcomes report: one trend chart per ambition with as many
// area points as years given, decile charts that leave suppressed deciles
// unplotted, the segments table and the Lorenz curve.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>

#include "report/report.h"
#include "test_util.h"

namespace barometer::report {
namespace {

PopulationView View() {
  PopulationView p;
  p.area = "Testville (synthetic)";
  p.period = "2015–2023";
  p.population = 200000;
  for (int k = 0; k < 2; ++k) {
    OutcomeView o;
    o.id = "u75_" + std::to_string(k);
    o.name = "Under 75 mortality " + std::to_string(k);
    o.unit = " per 100,000";
    for (int y = 2015; y <= 2023; ++y) {
      o.area.push_back({static_cast<double>(y), 400.0 - 5 * (y - 2015), 380.0 - 5 * (y - 2015),
                        420.0 - 5 * (y - 2015)});
      o.comparator.push_back({static_cast<double>(y), 330.0 - 3 * (y - 2015)});
    }
    o.projection = {{2023, 360}, {2029, 330}};
    o.ambition = 320;
    o.ambition_year = 2029;
    o.ambition_text = "Reduce by 40%";
    o.status = k == 0 ? MeasureStatus::kAtRisk : MeasureStatus::kOnTrack;
    for (int d = 1; d <= 10; ++d) {
      GroupValue g{std::to_string(d), 500.0 - 20 * d, 480.0 - 20 * d, 520.0 - 20 * d};
      if (d == 7 && k == 1) g.value.reset();
      o.deciles.push_back(g);
    }
    o.sii = -180;
    p.outcomes.push_back(o);
  }
  p.segments = {{"Healthy", 150000, 75, 30, 20},
                {"End of life", std::nullopt, std::nullopt, 900, 30}};
  for (int i = 0; i <= 20; ++i) p.lorenz.push_back({i / 20.0, std::pow(i / 20.0, 3)});
  p.gini = 0.5;
  p.disclosure_note = "Counts of 7 or fewer suppressed; others rounded to the nearest 5.";
  return p;
}

TEST(ReportPopulation, OneTrendPerAmbitionDecilesAndLorenz) {
  PopulationView p = View();
  auto d = PopulationReport(p, {});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  if (const char* dir = std::getenv("BAROMETER_REPORT_DUMP"))
    std::ofstream(std::string(dir) + "/population.html") << d->html;
  EXPECT_EQ(testing::CheckBalanced(d->html), "");
  for (const OutcomeView& o : p.outcomes) {
    size_t at = d->html.find("id=\"o-" + o.id + "-trend\"");
    ASSERT_NE(at, std::string::npos);
    std::string svg = d->html.substr(at, d->html.find("</svg>", at) - at);
    EXPECT_EQ(testing::Count(svg, "class=\"obs\""), o.area.size() + o.comparator.size());
    at = d->html.find("id=\"o-" + o.id + "-deciles\"");
    ASSERT_NE(at, std::string::npos);
    svg = d->html.substr(at, d->html.find("</svg>", at) - at);
    size_t shown = 0;
    for (const GroupValue& g : o.deciles) shown += g.value ? 1 : 0;
    EXPECT_EQ(testing::Count(svg, "class=\"obs\""), shown);
  }
  EXPECT_EQ(d->charts, 5);  // 2 trends, 2 decile charts, 1 Lorenz
  EXPECT_NE(d->html.find("id=\"lorenz\""), std::string::npos);
  EXPECT_NE(d->html.find(p.disclosure_note), std::string::npos);
  // Suppressed segment cells read "s", never a number.
  EXPECT_NE(d->html.find("<td>End of life</td><td class=\"num\">s</td>"), std::string::npos);
  EXPECT_EQ(d->tables.size(), 5u);
}

// Charts that tell the truth, as on the other papers' cards: the trend's
// title states the status, a subtitle names the measure, unit, periods and
// source, and the caption names the projection's method.
TEST(ReportPopulation, EachTrendStatesItsMessageSubtitleAndProjectionMethod) {
  PopulationView p = View();
  p.data_note = "Synthetic extract, seed 7: not real patients";
  p.outcomes[0].projection_method = "linear trend (least squares) over the last 9 values";
  p.outcomes[0].source = "the measure store";
  p.outcomes[1].projection.clear();
  auto d = PopulationReport(p, {});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  const std::string& h = d->html;
  for (const OutcomeView& o : p.outcomes) {
    SCOPED_TRACE(o.id);
    size_t at = h.find("id=\"o-" + o.id + "\"");
    ASSERT_NE(at, std::string::npos);
    std::string section = h.substr(at, h.find("</article>", at) - at);
    size_t t = section.find("<title");
    ASSERT_NE(t, std::string::npos);
    std::string first_title = section.substr(t, section.find("</title>", t) - t);
    EXPECT_NE(first_title.find(o.name + ": " + std::string(measures::StatusLabel(o.status))),
              std::string::npos)
        << first_title;
    size_t sub = section.find("<p class=\"subtitle small muted\">");
    ASSERT_NE(sub, std::string::npos);
    std::string subtitle = section.substr(sub, section.find("</p>", sub) - sub);
    EXPECT_NE(subtitle.find("unit: per 100,000"), std::string::npos) << subtitle;
    EXPECT_NE(subtitle.find("2015 to 2023 (9 values)"), std::string::npos) << subtitle;
    EXPECT_NE(subtitle.find("Testville (synthetic)"), std::string::npos) << subtitle;
    EXPECT_NE(subtitle.find("not real patients"), std::string::npos) << subtitle;
    size_t cap = section.find("<figcaption>");
    ASSERT_NE(cap, std::string::npos);
    std::string caption = section.substr(cap, section.find("</figcaption>", cap) - cap);
    if (o.projection.empty()) {
      EXPECT_EQ(caption.find("projection"), std::string::npos) << caption;
    } else {
      EXPECT_NE(caption.find("projection (dashed): linear trend (least squares) over the last 9"),
                std::string::npos)
          << caption;
    }
  }
  EXPECT_NE(h.find("source: the measure store"), std::string::npos);
}

TEST(ReportPopulation, NoOutcomesIsAnError) {
  EXPECT_EQ(PopulationReport({}, {}).status().code(), StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace barometer::report
