#include "core/text.h"

#include <gtest/gtest.h>

namespace barometer {
namespace {

TEST(EditDistance, Basics) {
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3);
  EXPECT_EQ(EditDistance("", "abc"), 3);
  EXPECT_EQ(EditDistance("same", "same"), 0);
  EXPECT_EQ(EditDistance("valeu", "value"), 1);
}

TEST(DidYouMean, SuggestsCloseNamesOnly) {
  std::vector<std::string> c{"quality", "people", "finance"};
  EXPECT_EQ(DidYouMean("qualty", c), "did you mean `quality`?");
  EXPECT_EQ(DidYouMean("Quality", c), "did you mean `quality`?");
  EXPECT_EQ(DidYouMean("estates", c), "");
}

TEST(WordSimilarity, RewordedSentencesScoreHigh) {
  double same = WordSimilarity("Improve patient safety", "improve patient safety.");
  double close = WordSimilarity("Improve patient safety and experience",
                                "Improve patient safety, quality and experience");
  double far = WordSimilarity("Improve patient safety", "Balance the books");
  EXPECT_DOUBLE_EQ(same, 1.0);
  EXPECT_GT(close, 0.7);
  EXPECT_LT(far, 0.2);
}

TEST(Split, KeepsEmptyParts) {
  auto p = Split("a,,b", ',');
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[1], "");
}

TEST(XmlEscape, EscapesTheFiveSpecialCharactersAndNothingElse) {
  EXPECT_EQ(XmlEscape(R"(A&E <4h> "95%" it's £)"), "A&amp;E &lt;4h&gt; &quot;95%&quot; it&#39;s £");
  EXPECT_EQ(XmlEscape(""), "");
}

TEST(XmlEscape, EscapesMarkupAndReplacesControlCharacters) {
  EXPECT_EQ(XmlEscape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
  EXPECT_EQ(XmlEscape(std::string("a\0b\x1b[31mc\td\n", 12)), "a\uFFFDb\uFFFD[31mc\td\n");
}

TEST(CssStringEscape, NothingCanEndTheStringTheRuleOrTheStyleElement) {
  EXPECT_EQ(CssStringEscape("LUHFT Board 2023"), "LUHFT Board 2023");
  EXPECT_EQ(CssStringEscape("a\"b"), "a\\22 b");
  EXPECT_EQ(CssStringEscape("</style>"), "\\3C \\2F style\\3E ");
  EXPECT_EQ(CssStringEscape("x\\y;{}@(\n"), "x\\5C y\\3B \\7B \\7D \\40 \\28  ");
  EXPECT_EQ(CssStringEscape("\x01"), "\\1 ");
  EXPECT_EQ(CssStringEscape("Trust · Board — Q3"), "Trust \xC2\xB7 Board \xE2\x80\x94 Q3");
}

}  // namespace
}  // namespace barometer
