// The chart primitives: what is drawn matches the data given (point counts,
// SPC point colours by the NHSRplotthedots reference classification), every
// chart carries a text alternative, and the markup is well formed.
#include "report/svg.h"

#include <gtest/gtest.h>

#include <map>

#include "core/number.h"
#include "core/table.h"
#include "test_util.h"

namespace barometer::report {
namespace {

using testing::CheckBalanced;
using testing::Count;

void ExpectAccessible(const std::string& svg, const std::string& id) {
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("aria-labelledby=\"" + id + "-t " + id + "-d\""), std::string::npos);
  EXPECT_NE(svg.find("<title id=\"" + id + "-t\">"), std::string::npos);
  EXPECT_NE(svg.find("<desc id=\"" + id + "-d\">"), std::string::npos);
  EXPECT_EQ(CheckBalanced(svg), "");
  EXPECT_EQ(svg.find("http://", 0), svg.find("http://www.w3.org/2000/svg"));
  EXPECT_EQ(svg.find("<script"), std::string::npos);
}

TEST(ReportLineChart, DrawsOneMarkerPerObservationAndOneDiamondPerTarget) {
  LineChart c;
  c.text = {"t1", "Staff engagement & morale", "Rose <steadily>"};
  LineSeries actual{"Actual", SeriesStyle::kActual, {}};
  for (int m = 0; m < 17; ++m)
    actual.points.push_back(
        {static_cast<double>(Date{2021, 4, 1}.AddMonths(m).ToDays()), 6.9 + m * 0.01});
  LineSeries traj{"Trajectory",
                  SeriesStyle::kTrajectory,
                  {{static_cast<double>(Date{2021, 4, 1}.ToDays()), 6.9},
                   {static_cast<double>(Date{2024, 3, 31}.ToDays()), 7.5}}};
  c.series = {traj, actual};
  for (int y = 0; y < 3; ++y)
    c.targets.push_back(
        {static_cast<double>(Date{2022 + y, 3, 31}.ToDays()), 7.0 + 0.25 * y, "T", ""});
  std::string svg = RenderLineChart(c);
  ExpectAccessible(svg, "t1");
  EXPECT_EQ(Count(svg, "class=\"obs\""), 17u);
  EXPECT_EQ(Count(svg, "class=\"target\""), 3u);
  EXPECT_NE(svg.find("Staff engagement &amp; morale"), std::string::npos);
  EXPECT_NE(svg.find("Rose &lt;steadily&gt;"), std::string::npos);
}

// Two targets on one date (a percentage reduction and a rate, as One
// Liverpool sets for 2023-25) are told apart by their values beside the
// diamonds; a target alone on its date needs no label.
TEST(ReportLineChart, TargetsSharingADateAreLabelledWithTheirValues) {
  LineChart c;
  c.text = {"t2", "Premature cancer mortality", "Two goals for 2025"};
  double day = static_cast<double>(Date{2025, 12, 31}.ToDays());
  c.series = {{"Actual", SeriesStyle::kActual, {{day - 2000, 150}, {day - 1000, 140}}}};
  c.targets = {{day, 121.3, "Year 7 target 121.3: by 25%", "121.3"},
               {day, 127, "Year 7 target 127.0: 127 per 100,000", "127.0"},
               {day - 365, 135, "Year 6 target 135.0", "135.0"}};
  std::string svg = RenderLineChart(c);
  EXPECT_EQ(CheckBalanced(svg), "");
  EXPECT_EQ(Count(svg, "class=\"target\""), 3u);
  EXPECT_EQ(Count(svg, "class=\"target-label\""), 2u);
  EXPECT_NE(svg.find(">121.3</text>"), std::string::npos);
  EXPECT_NE(svg.find(">127.0</text>"), std::string::npos);
  EXPECT_EQ(svg.find(">135.0</text>"), std::string::npos);
}

TEST(ReportLineChart, EmptyAndSinglePointDoNotBreak) {
  LineChart c;
  c.text = {"t2", "Empty", "No data"};
  EXPECT_EQ(CheckBalanced(RenderLineChart(c)), "");
  c.series.push_back({"Actual", SeriesStyle::kActual, {{100, 5}}});
  std::string svg = RenderLineChart(c);
  EXPECT_EQ(Count(svg, "class=\"obs\""), 1u);
  EXPECT_EQ(svg.find("nan"), std::string::npos);
  EXPECT_EQ(svg.find("inf"), std::string::npos);
}

// The reference's points for one case as a chartable series.
stats::SpcSeries ReferenceSeries(const std::string& case_name, std::map<std::string, int>* types) {
  auto t = ReadCsvTable(std::string(BAROMETER_REFERENCE_DIR) + "/spc/points.csv");
  EXPECT_TRUE(t.ok());
  stats::SpcSeries s;
  if (!t.ok()) return s;
  auto col = [&](std::string_view n) { return t->header().Find(n).value_or(0); };
  for (size_t r = 0; r < t->rows(); ++r) {
    if (t->cell(r, col("case")) != case_name) continue;
    stats::SpcPoint p;
    p.date = Date::Parse(t->cell(r, col("date"))).value_or(Date{});
    p.value = ParseDouble(t->cell(r, col("y")));
    p.mean = ParseDouble(t->cell(r, col("mean"))).value_or(0);
    p.lpl = ParseDouble(t->cell(r, col("lpl"))).value_or(0);
    p.upl = ParseDouble(t->cell(r, col("upl"))).value_or(0);
    std::string type(t->cell(r, col("point_type")));
    if (type == "special_cause_improvement")
      p.point_type = stats::PointType::kSpecialCauseImprovement;
    if (type == "special_cause_concern") p.point_type = stats::PointType::kSpecialCauseConcern;
    if (p.value) ++(*types)[type];
    s.points.push_back(p);
  }
  stats::SpcGroup g;
  g.end = s.points.size();
  if (!s.points.empty())
    g.mean = s.points[0].mean, g.lpl = s.points[0].lpl, g.upl = s.points[0].upl;
  s.groups.push_back(g);
  return s;
}

SpcChart Spec(const std::string& id) {
  SpcChart c;
  c.text = {id, "SPC", "d"};
  return c;
}

TEST(ReportSpcChart, ColoursEachPointByItsReferenceClassification) {
  for (const char* name : {"syn_2in3_above", "pr24_trend7_dec", "issue200_overlap"}) {
    SCOPED_TRACE(name);
    std::map<std::string, int> types;
    stats::SpcSeries s = ReferenceSeries(name, &types);
    ASSERT_FALSE(s.points.empty());
    std::string svg = RenderSpcChart(s, Spec("spc"));
    ExpectAccessible(svg, "spc");
    int total = 0;
    for (auto& [k, n] : types) total += n;
    EXPECT_EQ(Count(svg, "class=\"obs\""), static_cast<size_t>(total));
    EXPECT_EQ(Count(svg, "class=\"obs\" cx=\""), static_cast<size_t>(total));
    // Making Data Count's colours (NHSRplotthedots' ptd_spc_colours()).
    EXPECT_EQ(Count(svg, "fill=\"#00b0f0\" stroke=\"#FFFFFF\""),
              static_cast<size_t>(types["special_cause_improvement"]));
    EXPECT_EQ(Count(svg, "fill=\"#e46c0a\" stroke=\"#FFFFFF\""),
              static_cast<size_t>(types["special_cause_concern"]));
  }
}

TEST(ReportSpcChart, ShowsTheAssuranceIconOnlyWithATarget) {
  std::map<std::string, int> types;
  stats::SpcSeries s = ReferenceSeries("syn_2in3_above", &types);
  EXPECT_EQ(Count(RenderSpcChart(s, Spec("a")), "icon-assurance"), 0u);
  s.target = 1.0;
  s.assurance = stats::AssuranceIcon::kFail;
  std::string svg = RenderSpcChart(s, Spec("a"));
  EXPECT_EQ(Count(svg, "icon-assurance"), 1u);
  EXPECT_NE(svg.find(std::string(stats::AssuranceIconDescription(stats::AssuranceIcon::kFail))),
            std::string::npos);
}

TEST(ReportPeerStrip, OneDotPerPeerAndQuartileLabelsFollowDirection) {
  PeerStrip c;
  c.text = {"p", "Peers", "d"};
  for (int i = 0; i < 120; ++i) c.peers.push_back(5.5 + 0.02 * i);
  c.ours = 7.0;
  c.our_label = "Us 7.0";
  EXPECT_EQ(Count(RenderPeerStrip(c), "quartile"), 0u);  // no cut points, no bands
  c.quartile_cuts = {7.8, 7.0, 6.2};                     // the worst value in quartiles 1, 2, 3
  std::string svg = RenderPeerStrip(c);
  ExpectAccessible(svg, "p");
  EXPECT_EQ(Count(svg, "class=\"obs\""), 120u);
  EXPECT_EQ(Count(svg, "class=\"ours\""), 2u);  // the group and its dot
  EXPECT_LT(svg.find("Bottom quartile"), svg.find("Top quartile"));
  c.higher_is_better = false;
  c.quartile_cuts = {6.2, 7.0, 7.8};
  svg = RenderPeerStrip(c);
  EXPECT_GT(svg.find("Bottom quartile"), svg.find("Top quartile"));
}

TEST(ReportRiskHeatMap, TwentyFiveCellsAndABadgePairPerRisk) {
  RiskHeatMap c;
  c.text = {"h", "Heat map", "d"};
  c.risks = {{"BAF1", 4, 4, 2, 3}, {"BAF2", 4, 4, 4, 4}, {"BAF3", 1, 1, 1, 1}};
  std::string svg = RenderRiskHeatMap(c);
  ExpectAccessible(svg, "h");
  EXPECT_EQ(Count(svg, "stroke=\"#FFFFFF\" stroke-width=\"2\""), 25u);
  EXPECT_EQ(Count(svg, "class=\"risk\""), 3u);
  EXPECT_NE(svg.find("BAF1: current score 16, target 6"), std::string::npos);
}

TEST(ReportWhiskerChart, SuppressedGroupsAreMarkedNotPlotted) {
  WhiskerChart c;
  c.text = {"w", "By decile", "d"};
  for (int d = 1; d <= 10; ++d) {
    GroupValue g{std::to_string(d), 100.0 - d, 90.0 - d, 110.0 - d};
    if (d == 4) g = {"4", std::nullopt, std::nullopt, std::nullopt};
    c.groups.push_back(g);
  }
  std::string svg = RenderWhiskerChart(c);
  ExpectAccessible(svg, "w");
  EXPECT_EQ(Count(svg, "class=\"obs\""), 9u);
  EXPECT_EQ(Count(svg, "font-style=\"italic\">s</text>"), 1u);
}

TEST(ReportLorenzChart, CurveHasOneVertexPerPoint) {
  LorenzChart c;
  c.text = {"l", "Lorenz", "d"};
  for (int i = 0; i <= 10; ++i) c.curve.push_back({i / 10.0, (i / 10.0) * (i / 10.0)});
  c.gini = 0.33;
  std::string svg = RenderLorenzChart(c);
  ExpectAccessible(svg, "l");
  size_t p = svg.find("class=\"curve\"");
  ASSERT_NE(p, std::string::npos);
  std::string pts = svg.substr(svg.find("points=\"", p) + 8);
  pts = pts.substr(0, pts.find('"'));
  EXPECT_EQ(Count(pts, ","), 11u);
  EXPECT_NE(svg.find("Gini 0.33"), std::string::npos);
}

TEST(ReportIcons, EachIconHasItsDescriptionAsLabel) {
  for (auto v : {stats::VariationIcon::kCommonCause, stats::VariationIcon::kImprovementHigh,
                 stats::VariationIcon::kConcernLow, stats::VariationIcon::kNeutralHigh}) {
    std::string svg = VariationIconSvg(v);
    EXPECT_NE(svg.find(std::string(stats::VariationIconDescription(v))), std::string::npos);
    EXPECT_EQ(CheckBalanced(svg), "");
  }
  EXPECT_EQ(AssuranceIconSvg(stats::AssuranceIcon::kNone), "");
  EXPECT_NE(AssuranceIconSvg(stats::AssuranceIcon::kPass).find(">P</text>"), std::string::npos);
}

}  // namespace
}  // namespace barometer::report
