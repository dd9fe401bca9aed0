#include "population/disclosure.h"

#include <cmath>

#include <gtest/gtest.h>

namespace barometer::population {
namespace {

TEST(PopulationDisclosure, SmallCountsAreSuppressedAndTheRestRoundedToFive) {
  DisclosureTable t;
  size_t zero = t.AddCell(0), seven = t.AddCell(7), eight = t.AddCell(8), twelve = t.AddCell(12),
         thirteen = t.AddCell(13), big = t.AddCell(12345);
  t.Apply(DisclosureOptions{});
  EXPECT_EQ(t.suppression(zero), Suppression::kSmallCount);
  EXPECT_EQ(t.suppression(seven), Suppression::kSmallCount);
  EXPECT_FALSE(t.PublishedCount(seven).has_value());
  EXPECT_EQ(*t.PublishedCount(eight), 10);
  EXPECT_EQ(*t.PublishedCount(twelve), 10);
  EXPECT_EQ(*t.PublishedCount(thirteen), 15);
  EXPECT_EQ(*t.PublishedCount(big), 12345);
}

TEST(PopulationDisclosure, ThresholdsAreConfigurable) {
  DisclosureTable t;
  size_t a = t.AddCell(9), b = t.AddCell(11), c = t.AddCell(14);
  t.Apply(DisclosureOptions{true, 10, 10});
  EXPECT_TRUE(t.suppressed(a));
  EXPECT_EQ(*t.PublishedCount(b), 10);
  EXPECT_EQ(*t.PublishedCount(c), 10);
  EXPECT_EQ(SuppressionText(Suppression::kSmallCount, DisclosureOptions{true, 10, 10}),
            "count<=10");
}

TEST(PopulationDisclosure, SmallDenominatorSuppressesTheRow) {
  DisclosureTable t;
  size_t c = t.AddCell(20, 5);
  t.Apply(DisclosureOptions{});
  EXPECT_EQ(t.suppression(c), Suppression::kSmallDenominator);
  EXPECT_FALSE(t.PublishedDenominator(c).has_value());
}

TEST(PopulationDisclosure, OneHiddenCellInABreakdownHidesTheNextSmallest) {
  // Total 100 = 3 + 20 + 30 + 47: without a second suppression, 100 - 97 = 3.
  DisclosureTable t;
  size_t total = t.AddCell(100), a = t.AddCell(3), b = t.AddCell(20), c = t.AddCell(30),
         d = t.AddCell(47);
  t.AddRelation(total, {a, b, c, d});
  t.Apply(DisclosureOptions{});
  EXPECT_EQ(t.suppression(a), Suppression::kSmallCount);
  EXPECT_EQ(t.suppression(b), Suppression::kSecondary);
  EXPECT_FALSE(t.suppressed(c));
  EXPECT_FALSE(t.suppressed(d));
  EXPECT_FALSE(t.suppressed(total));
}

TEST(PopulationDisclosure, TwoHiddenCellsThatAddUpToASmallCountHideAThird) {
  DisclosureTable t;
  size_t total = t.AddCell(60), a = t.AddCell(2), b = t.AddCell(3), c = t.AddCell(25),
         d = t.AddCell(30);
  t.AddRelation(total, {a, b, c, d});
  t.Apply(DisclosureOptions{});
  EXPECT_TRUE(t.suppressed(a));
  EXPECT_TRUE(t.suppressed(b));
  EXPECT_EQ(t.suppression(c), Suppression::kSecondary);  // else 60 - 55 = 5 for a and b together
  EXPECT_FALSE(t.suppressed(d));
}

TEST(PopulationDisclosure, AHiddenTotalIsNotRecoverableFromItsParts) {
  // A total hidden for its small denominator must not be the sum of shown parts.
  DisclosureTable t;
  size_t total = t.AddCell(40, 6), a = t.AddCell(15), b = t.AddCell(25);
  t.AddRelation(total, {a, b});
  t.Apply(DisclosureOptions{});
  EXPECT_EQ(t.suppression(total), Suppression::kSmallDenominator);
  EXPECT_EQ(t.suppression(a), Suppression::kSecondary);  // else 15 + 25 gives the total away
  EXPECT_FALSE(t.suppressed(b));
}

TEST(PopulationDisclosure, SecondarySuppressionPropagatesAcrossATwoWayTable) {
  // Rows (men, women) by columns (x, y), with margins:
  //          x    y   | row
  //   men    4   30   | 34
  //   women 20   40   | 60
  //   col   24   70   | 94
  DisclosureTable t;
  size_t mx = t.AddCell(4), my = t.AddCell(30), wx = t.AddCell(20), wy = t.AddCell(40);
  size_t men = t.AddCell(34), women = t.AddCell(60), x = t.AddCell(24), y = t.AddCell(70);
  size_t all = t.AddCell(94);
  t.AddRelation(men, {mx, my});
  t.AddRelation(women, {wx, wy});
  t.AddRelation(x, {mx, wx});
  t.AddRelation(y, {my, wy});
  t.AddRelation(all, {men, women});
  t.AddRelation(all, {x, y});
  t.Apply(DisclosureOptions{});
  EXPECT_TRUE(t.suppressed(mx));
  EXPECT_TRUE(t.suppressed(my));  // men's row
  EXPECT_TRUE(t.suppressed(wx));  // column x
  EXPECT_TRUE(t.suppressed(wy));  // then women's row, else 60 - 40
  // No relation is left with exactly one hidden cell.
  for (auto [total, parts] : std::vector<std::pair<size_t, std::vector<size_t>>>{
           {men, {mx, my}}, {women, {wx, wy}}, {x, {mx, wx}}, {y, {my, wy}}}) {
    int hidden = t.suppressed(total);
    for (size_t p : parts) hidden += t.suppressed(p);
    EXPECT_NE(hidden, 1);
  }
}

TEST(PopulationDisclosure, SwitchedOffShowsExactCounts) {
  DisclosureTable t;
  size_t total = t.AddCell(23), a = t.AddCell(3), b = t.AddCell(20);
  t.AddRelation(total, {a, b});
  t.Apply(DisclosureOptions{false, 7, 5});
  EXPECT_FALSE(t.suppressed(a));
  EXPECT_EQ(*t.PublishedCount(a), 3);
  EXPECT_EQ(*t.PublishedCount(total), 23);
}

// Issue 10: any weakening of the defaults is unsafe to publish, and says how.
TEST(PopulationDisclosure, WeakerThanTheDefaultsIsUnsafeToPublish) {
  EXPECT_FALSE(Weakened(DisclosureOptions{}));
  EXPECT_FALSE(Weakened(DisclosureOptions{true, 10, 10}));
  EXPECT_TRUE(Weakened(DisclosureOptions{true, 0, 5}));
  EXPECT_TRUE(Weakened(DisclosureOptions{true, 7, 1}));
  EXPECT_TRUE(Weakened(DisclosureOptions{false, 7, 5}));
  EXPECT_EQ(UnsafeToPublish(DisclosureOptions{}), "");
  EXPECT_EQ(
      UnsafeToPublish(DisclosureOptions{true, 0, 1})
          .rfind(
              "UNSAFE TO PUBLISH: disclosure control was weakened (--suppress-at 0 --round-to 1;",
              0),
      0u);
  EXPECT_NE(UnsafeToPublish(DisclosureOptions{false, 7, 5}).find("switched off"),
            std::string::npos);
}

TEST(PopulationDisclosure, PublishedValuesAreLimitedInPrecisionUnderControl) {
  EXPECT_DOUBLE_EQ(PublishedValue(123.456789, 1, DisclosureOptions{}), 123.5);
  EXPECT_DOUBLE_EQ(PublishedValue(79.12345, 2, DisclosureOptions{}), 79.12);
  EXPECT_DOUBLE_EQ(PublishedValue(123.456789, 1, DisclosureOptions{false, 7, 5}), 123.456789);
  EXPECT_TRUE(std::isnan(PublishedValue(std::nan(""), 1, DisclosureOptions{})));
  EXPECT_FALSE(std::signbit(PublishedValue(-0.01, 1, DisclosureOptions{})));
}

TEST(PopulationDisclosure, RoundToNearest) {
  EXPECT_EQ(RoundToNearest(12, 5), 10);
  EXPECT_EQ(RoundToNearest(13, 5), 15);
  EXPECT_EQ(RoundToNearest(15, 10), 20);
  EXPECT_EQ(RoundToNearest(14, 10), 10);
  EXPECT_EQ(RoundToNearest(7, 1), 7);
}

}  // namespace
}  // namespace barometer::population
