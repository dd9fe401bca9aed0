// The funnel plot is drawn from the record (measures::FunnelInfo) and decides
// nothing: every peer the record holds is one plotted point, the limits are
// the record's, the caption is the record's position and method, and every
// text is escaped for its context (an organisation name or a method text
// with markup in it stays text).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "fixture.h"
#include "measures/evaluate.h"
#include "report/internal/present.h"
#include "report/svg.h"
#include "test_util.h"

namespace barometer::report {
namespace {

using testing::CheckBalanced;
using testing::Count;

measures::FunnelInfo MadeFunnel() {
  measures::FunnelInfo f;
  f.indicator = "staff_fft";
  f.peer_group = "acute_trusts";
  f.period = Period::Month(2024, 1);
  f.average = 72.5;
  for (int i = 0; i < 100; ++i) {
    double x = 100 + 100.0 * i;
    double w95 = 196 / std::sqrt(x), w998 = 309 / std::sqrt(x);
    f.limits.push_back({x, 72.5 - w95, 72.5 + w95, 72.5 - w998, 72.5 + w998});
  }
  const char* names[] = {
      "Alpha <script>alert(1)</script>", "Beta & Co", "Gamma", "Delta", "Epsilon", "Zeta"};
  for (int i = 0; i < 6; ++i) {
    measures::FunnelPeer p;
    p.org_code = "R" + std::string(1, static_cast<char>('A' + i)) + "1";
    p.org_name = names[i];
    p.denominator = 1000 + 1500.0 * i;
    p.numerator = p.denominator * (0.65 + 0.02 * i);
    p.value = p.numerator / p.denominator * 100;
    p.significance = i == 0 ? "Low (0.001)" : "Not significant";
    p.ours = i == 2;
    f.peers.push_back(p);
  }
  f.position = "Not significant";
  f.position_text = "Not significantly different from the peers' overall 72.5% <b>here</b>";
  f.method = "funnel plot: Wilson limits \"quoted\" <i>markup</i>";
  f.below998 = 1;
  return f;
}

TEST(FunnelChartTest, DrawsTheRecordsPeersLimitsAndPosition) {
  strategy::Strategy s = testing::LoadExample("our-future-together");
  const strategy::Measure* m = strategy::FindMeasure(s, "staff_fft");
  ASSERT_NE(m, nullptr);
  measures::MeasureEvaluation e;
  e.measure_id = m->id;
  EXPECT_EQ(internal::FunnelFigure(s, *m, e), "") << "no funnel in the record, none drawn";
  e.funnel = MadeFunnel();
  std::string html = internal::FunnelFigure(s, *m, e);
  EXPECT_EQ(CheckBalanced(html), "");
  // One point per peer of the record, ours among them, highlighted once.
  EXPECT_EQ(Count(html, "class=\"obs"), 6u);
  EXPECT_EQ(Count(html, "class=\"obs ours\""), 1u);
  // The limits as drawn lines: two 99.8% and two 95%, and the centre line's label.
  EXPECT_EQ(Count(html, "class=\"limit-998\""), 2u);
  EXPECT_EQ(Count(html, "class=\"limit-95\""), 2u);
  EXPECT_NE(html.find("72.5"), std::string::npos);
  // Text stays text: names, position and method are escaped.
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("<b>here"), std::string::npos);
  EXPECT_EQ(html.find("<i>markup"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("Beta &amp; Co"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;here&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;i&gt;markup&lt;/i&gt;"), std::string::npos);
  // The caption is the record's position and method.
  size_t cap = html.find("<figcaption>");
  ASSERT_NE(cap, std::string::npos);
  EXPECT_NE(html.find("Not significantly different", cap), std::string::npos);
  EXPECT_NE(html.find("Method: funnel plot", cap), std::string::npos);
  // The chart's description reads the record's position to a screen reader.
  EXPECT_NE(html.find("<desc"), std::string::npos);
  EXPECT_NE(html.find("1 below the 99.8% limits"), std::string::npos);
}

TEST(FunnelChartTest, TheMeasureCardShowsItWithThePeers) {
  strategy::Strategy s = testing::LoadExample("our-future-together");
  const strategy::Measure* m = strategy::FindMeasure(s, "staff_fft");
  ASSERT_NE(m, nullptr);
  measures::MeasureEvaluation e;
  e.measure_id = m->id;
  e.funnel = MadeFunnel();
  int charts = 0;
  std::string card = internal::MeasureCard(s, *m, &e, {}, &charts);
  EXPECT_EQ(Count(card, "class=\"chart funnel\""), 1u);
  EXPECT_EQ(charts, 1);
  internal::CardOptions no_peers;
  no_peers.peers = false;
  charts = 0;
  std::string plain = internal::MeasureCard(s, *m, &e, no_peers, &charts);
  EXPECT_EQ(Count(plain, "funnel"), 0u);
}

TEST(FunnelChartTest, AnEmptyFunnelSaysSo) {
  FunnelChart c;
  c.text = {"f", "Funnel", "No peers"};
  std::string svg = RenderFunnelChart(c);
  EXPECT_NE(svg.find("No peer values"), std::string::npos);
  EXPECT_EQ(Count(svg, "class=\"obs"), 0u);
}

}  // namespace
}  // namespace barometer::report
