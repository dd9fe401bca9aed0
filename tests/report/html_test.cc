// The page shell: escaping, self-containment, accessible tables and pills.
#include "report/html.h"

#include <gtest/gtest.h>

#include <regex>

#include "test_util.h"

namespace barometer::report {
namespace {

TEST(ReportHtml, EscapesEverythingThatCouldBreakMarkup) {
  EXPECT_EQ(Esc("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
}

TEST(ReportHtml, PageIsSelfContained) {
  std::string page = RenderPage({"T & T", "Foot \"er\"", "en-GB"}, "<p>x</p>");
  EXPECT_EQ(testing::CheckBalanced(page), "");
  EXPECT_NE(page.find("<html lang=\"en-GB\">"), std::string::npos);
  EXPECT_NE(page.find("<title>T &amp; T</title>"), std::string::npos);
  // No external resources: no URLs at all, no scripts, no web fonts, no imports.
  EXPECT_FALSE(
      std::regex_search(page, std::regex("https?:|src=|href=|@import|@font-face|<script|url\\(")));
  EXPECT_NE(page.find("content:\"Foot \\22 er\\22 \""), std::string::npos);  // a valid CSS string
  EXPECT_LT(page.find(kContentSecurityPolicyMeta), page.find("<title>"));
  EXPECT_NE(page.find("size:A4"), std::string::npos);
}

TEST(ReportHtml, PillsCarryTextAsWellAsColour) {
  EXPECT_EQ(Pill("Off track", Tone::kBad), "<span class=\"pill bad\">Off track</span>");
}

TEST(ReportHtml, TablesHaveCaptionsScopedHeadersAndNumericColumns) {
  DataTable t{"m", "Measures", {{"Name"}, {"Value", 1}}, {}};
  t.rows.push_back({std::string("A<B"), 7.26});
  t.rows.push_back({std::string("C"), Cell{}});
  std::string h = RenderDataTable(t);
  EXPECT_EQ(testing::CheckBalanced(h), "");
  EXPECT_NE(h.find("<caption>Measures</caption>"), std::string::npos);
  EXPECT_EQ(testing::Count(h, "<th scope=\"col\""), 2u);
  EXPECT_NE(h.find("<td class=\"num\">7.3</td>"), std::string::npos);
  EXPECT_NE(h.find("A&lt;B"), std::string::npos);
}

}  // namespace
}  // namespace barometer::report
