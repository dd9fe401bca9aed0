#include "population/codes.h"

#include <gtest/gtest.h>

#include "core/date.h"

namespace barometer::population {
namespace {

TEST(PopulationIcd10, AcceptsTheWrittenForms) {
  for (const char* s : {"C34", "C349", "C34.9", "c34.9", "I10X", "M5456"}) {
    EXPECT_TRUE(ParseIcd10(s).has_value()) << s;
  }
  for (const char* s : {"", "C3", "34C", "C34.", "C34.99X", "C3A", "C34-"}) {
    EXPECT_FALSE(ParseIcd10(s).has_value()) << s;
  }
  EXPECT_EQ(Icd10ToString(*ParseIcd10("C34.9")), "C349");
  EXPECT_EQ(Icd10ToString(*ParseIcd10("I10X")), "I10");
  EXPECT_EQ(*NormaliseIcd10("e11.9"), "E119");
  EXPECT_EQ(*NormaliseIcd10("I10X"), "I10");
}

TEST(PopulationIcd10, CauseGroupsAreTheOhidChapters) {
  EXPECT_TRUE(IsCancer(*ParseIcd10("C00")));
  EXPECT_TRUE(IsCancer(*ParseIcd10("C97")));
  EXPECT_FALSE(IsCancer(*ParseIcd10("D00")));  // in situ neoplasms are not counted
  EXPECT_TRUE(IsCirculatory(*ParseIcd10("I21.9")));
  EXPECT_TRUE(IsCirculatory(*ParseIcd10("I99")));
  EXPECT_FALSE(IsCirculatory(*ParseIcd10("J00")));
  EXPECT_TRUE(IsRespiratory(*ParseIcd10("J44.1")));
  EXPECT_FALSE(IsRespiratory(*ParseIcd10("K00")));
}

TEST(PopulationEthnicity, NhsCodesFallIntoTheFiveGroups) {
  EXPECT_EQ(EthnicGroupOf('B'), EthnicGroup::kWhite);
  EXPECT_EQ(EthnicGroupOf('G'), EthnicGroup::kMixed);
  EXPECT_EQ(EthnicGroupOf('L'), EthnicGroup::kAsian);
  EXPECT_EQ(EthnicGroupOf('P'), EthnicGroup::kBlack);
  EXPECT_EQ(EthnicGroupOf('S'), EthnicGroup::kOther);
  EXPECT_EQ(EthnicGroupOf('Z'), EthnicGroup::kNotStated);
  EXPECT_EQ(EthnicGroupOf('9'), EthnicGroup::kNotStated);
  EXPECT_EQ(EthnicGroupOf(0), EthnicGroup::kNotStated);
  EXPECT_FALSE(IsNhsEthnicCode('I'));
  EXPECT_FALSE(IsNhsEthnicCode('O'));
  EXPECT_FALSE(IsNhsEthnicCode('Q'));
}

TEST(PopulationAgeBands, LifeTableAndEspBands) {
  EXPECT_EQ(LifeTableBand(0), 0);
  EXPECT_EQ(LifeTableBand(1), 1);
  EXPECT_EQ(LifeTableBand(4), 1);
  EXPECT_EQ(LifeTableBand(5), 2);
  EXPECT_EQ(LifeTableBand(89), 18);
  EXPECT_EQ(LifeTableBand(90), 19);
  EXPECT_EQ(LifeTableBand(104), 19);
  EXPECT_EQ(EspBandOfLifeTableBand(0), 0);
  EXPECT_EQ(EspBandOfLifeTableBand(1), 0);
  EXPECT_EQ(EspBandOfLifeTableBand(19), 18);
  EXPECT_EQ(LifeTableBandLabel(1), "1-4");
  EXPECT_EQ(EspBandLabel(18), "90+");
  EXPECT_EQ(ParseLifeTableBand("<1"), 0);
  EXPECT_EQ(ParseLifeTableBand("85-89"), 18);
  EXPECT_EQ(ParseLifeTableBand("85+"), -1);
}

TEST(PopulationCalendar, TableAgreesWithCoreDates) {
  for (int32_t d = kFirstDay; d <= kLastDay; d += 97) {
    Date c = Date::FromDays(d);
    YearMonthDay t = CivilFromDays(d);
    ASSERT_EQ(t.year, c.year);
    ASSERT_EQ(t.month, c.month);
    ASSERT_EQ(t.day, c.day);
    ASSERT_EQ(DaysFromCivil(c.year, c.month, c.day), d);
  }
  EXPECT_EQ(CivilFromDays(kLastDay).year, 2099);
  EXPECT_EQ(CivilFromDays(kFirstDay).year, 1880);
}

TEST(PopulationCalendar, AgeTakesTheBirthdayAsTheFifteenth) {
  EXPECT_EQ(AgeAt(DaysFromCivil(2020, 6, 14), 1980, 6), 39);
  EXPECT_EQ(AgeAt(DaysFromCivil(2020, 6, 15), 1980, 6), 40);
  EXPECT_EQ(AgeAtMidYear(2020, 1980, 6), 40);
  EXPECT_EQ(AgeAtMidYear(2020, 1980, 7), 39);
  EXPECT_EQ(AgeAtMidYear(2020, 2020, 7), -1);  // not yet born at 30 June
}

}  // namespace
}  // namespace barometer::population
