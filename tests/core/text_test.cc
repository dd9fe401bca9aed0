#include "core/text.h"

#include <gtest/gtest.h>

#include "core/status.h"

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

TEST(TextInput, AcceptsUtf8TabsAndLineEnds) {
  EXPECT_FALSE(FindTextProblem("a\tb\r\nc £ — \xF0\x9F\x98\x80\n").has_value());
  EXPECT_EQ(StripBom("\xEF\xBB\xBFx"), "x");
  EXPECT_EQ(StripBom("x"), "x");
}

TEST(TextInput, RejectsLatin1NulAndControlCharactersWithTheirPlace) {
  auto latin1 = FindTextProblem("ok\nCaf\xE9 au lait\n");
  ASSERT_TRUE(latin1.has_value());
  EXPECT_EQ(latin1->line, 2);
  EXPECT_EQ(latin1->column, 4);
  EXPECT_EQ(latin1->message, "byte 0xE9 is not UTF-8; save the file as UTF-8");
  auto nul = FindTextProblem(std::string("a\nb\0c", 5));
  ASSERT_TRUE(nul.has_value());
  EXPECT_EQ(nul->line, 2);
  EXPECT_EQ(nul->column, 2);
  auto esc = FindTextProblem("x\x1b[2J");
  ASSERT_TRUE(esc.has_value());
  EXPECT_EQ(esc->message, "control character 0x1B; only tab and line ends are allowed");
  EXPECT_TRUE(FindTextProblem("\xC0\x80").has_value());      // overlong NUL
  EXPECT_TRUE(FindTextProblem("\xED\xA0\x80").has_value());  // surrogate
  EXPECT_TRUE(FindTextProblem("\xE2\x82").has_value());      // cut short
}

TEST(TextInput, MessagesShowControlCharactersEscaped) {
  EXPECT_EQ(ShowControls("a\x1b[31mred\r\x07\xE9 \xC2\xA3\t\n"),
            "a\\x1B[31mred\\x0D\\x07\\xE9 \xC2\xA3\t\n");
  Status s = Status::InvalidInput("unknown measure `\x1b]0;pwned\x07`", {"f.csv", 3, 1});
  EXPECT_EQ(s.ToString(), "f.csv:3:1: unknown measure `\\x1B]0;pwned\\x07`");
}

}  // namespace
}  // namespace barometer
