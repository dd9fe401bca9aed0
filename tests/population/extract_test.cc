#include "population/extract.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "extract_builder.h"
#include "population/codes.h"
#include "population/internal/cache.h"

namespace barometer::population {
namespace {

using testing::TempExtract;

void SmallExtract(TempExtract& t) {
  t.Area("E01000001", 1, "North", "Liverpool");
  t.Area("E01000002", 10, "South", "Liverpool");
  t.Person("P1", 1, 1950, 3, "E01000001", "A", "2010-01-01", "", "2021-05-02", "C34.9");
  t.Person("P2", 2, 1990, 12, "E01000002", "", "2012-04-01", "2022-01-01");
  t.Person("P3", 9, 2020, 2, "", "99", "2020-02-20");
  t.Condition("P2", "icd10", "E11.9", "2015-01-01");
  t.Condition("P1", "snomed", "44054006", "2014-06-01");
  t.Condition("P1", "icd10", "I10X", "2013-06-01");
  t.Activity("P2", "ae", "2019-03-01");
  t.Activity("P1", "emergency_admission", "2020-01-10", "2020-01-15");
  t.Activity("P1", "ae", "2020-01-10");
  t.Write();
}

Result<Extract> LoadQuietly(const std::string& dir, LoadOptions o = {}) {
  Diagnostics d;
  return LoadExtract(dir, o, &d);
}

TEST(PopulationLoadExtract, ColumnsAndCsrAsWritten) {
  TempExtract t;
  SmallExtract(t);
  auto x = LoadQuietly(t.dir(), LoadOptions{false, "", false, 2, 100, false, {}, false});
  ASSERT_TRUE(x.ok()) << x.status().ToString();
  const Persons& p = x->persons;
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p.id[1], "P2");
  EXPECT_EQ(p.sex[2], 9);
  EXPECT_EQ(p.area[2], kNoIndex);
  EXPECT_EQ(x->areas.lsoa[p.area[1]], "E01000002");
  EXPECT_EQ(p.ethnic[0], 'A');
  EXPECT_EQ(p.ethnic[1], 0);
  EXPECT_EQ(p.ethnic[2], '9');
  EXPECT_EQ(p.date_of_death[0], DaysFromCivil(2021, 5, 2));
  EXPECT_EQ(p.date_of_death[1], kNever);
  EXPECT_EQ(p.registered_to[1], DaysFromCivil(2022, 1, 1));
  EXPECT_EQ(Icd10ToString(p.cause[0]), "C349");
  // Conditions are grouped by person and ordered by date.
  const Conditions& c = x->conditions;
  ASSERT_EQ(c.offsets.size(), 4u);
  EXPECT_EQ(c.offsets[1], 2u);
  EXPECT_EQ(x->condition_codes[c.code[0]], "icd10:I10");
  EXPECT_EQ(x->condition_codes[c.code[1]], "snomed:44054006");
  EXPECT_EQ(x->condition_codes[c.code[2]], "icd10:E119");
  const Activity& a = x->activity;
  EXPECT_EQ(a.offsets[1], 2u);
  EXPECT_EQ(a.end[0] - a.start[0], 5);
  EXPECT_EQ(a.start[1], a.end[1]);  // same-day: end = start
  EXPECT_EQ(x->latest_date, DaysFromCivil(2022, 1, 1));
  EXPECT_EQ(x->areas.neighbourhood_names[x->areas.neighbourhood[1]], "South");
}

TEST(PopulationLoadExtract, RowsGroupedByPersonAreOrderedByDateWithinEach) {
  TempExtract t;
  t.Area("E01000001", 1, "North", "Liverpool");
  t.Person("P1", 1, 1950, 3, "E01000001");
  t.Person("P2", 2, 1960, 3, "E01000001");
  t.Activity("P1", "ae", "2020-05-01");
  t.Activity("P1", "outpatient", "2020-01-01");
  t.Activity("P1", "daycase", "2020-03-01");
  t.Activity("P2", "ae", "2019-01-01");
  t.Write();
  auto x = LoadQuietly(t.dir(), LoadOptions{false, "", false, 2, 100, false, {}, false});
  ASSERT_TRUE(x.ok()) << x.status().ToString();
  const Activity& a = x->activity;
  EXPECT_EQ(std::vector<uint8_t>(a.setting.begin(), a.setting.end()),
            (std::vector<uint8_t>{4, 3, 0, 0}));  // outpatient, daycase, ae | ae
  EXPECT_EQ(a.start[0], DaysFromCivil(2020, 1, 1));
  EXPECT_EQ(a.offsets[1], 3u);
}

TEST(PopulationLoadExtract, EveryBadRowIsReportedAtOnce) {
  TempExtract t;
  t.Area("E01000001", 1, "North", "Liverpool");
  t.Raw("areas.csv", "E0100000X,11,North,Liverpool\n");
  t.Person("P1", 1, 1950, 3, "E01000001");
  t.Person("P2", 3, 1950, 13, "E01009999", "I", "2010-02-30");
  t.Person("P1", 2, 1960, 1, "E01000001");
  t.Person("P4", 1, 2000, 1, "E01000001", "A", "1999-01-01", "", "2020-01-01", "XYZ");
  t.Raw("persons.csv", "P5,1,1950\n");
  t.Condition("P9", "icd9", "250", "2020-01-01");
  t.Condition("P1", "snomed", "12", "2020-13-01");
  t.Activity("P1", "emergency", "2020-01-05", "2020-01-01");
  t.Write();
  Diagnostics d;
  auto x = LoadExtract(t.dir(), LoadOptions{false, "", false, 1, 100, false, {}, false}, &d);
  ASSERT_FALSE(x.ok());
  EXPECT_EQ(x.status().code(), StatusCode::kInvalidInput);
  std::string dir = t.dir();
  std::vector<std::string> expected = {
      dir +
          "/areas.csv:3: error: lsoa 'E0100000X' is not an LSOA 2011 code; expected E01 or "
          "W01 and six digits (E01000001)",
      dir +
          "/areas.csv:3: error: imd_decile '11' is not a decile; expected 1 (most deprived) to "
          "10 (least deprived)",
      dir +
          "/persons.csv:3: error: sex '3' is not an NHS Data Dictionary code; expected 1 "
          "(male), 2 (female), 9 (indeterminate) or 0 (not known)",
      dir + "/persons.csv:3: error: birth_month '13' is not a month; expected 1 to 12",
      dir + "/persons.csv:3: error: lsoa 'E01009999' is not in areas.csv",
      dir +
          "/persons.csv:3: error: ethnic_category 'I' is not an NHS ethnic category code; "
          "expected A-H, J-N, P, R, S, Z, 99 or blank",
      dir +
          "/persons.csv:3: error: registered_from '2010-02-30' is not a date; expected "
          "YYYY-MM-DD",
      dir + "/persons.csv:4: error: person_id 'P1' is repeated (first at line 2)",
      dir +
          "/persons.csv:5: error: cause_of_death 'XYZ' is not an ICD-10 code; expected e.g. "
          "C349 or I21.9",
      dir + "/persons.csv:6: error: expected 11 fields as in the header, found 3",
      dir + "/conditions.csv:2: error: person_id 'P9' is not in persons.csv",
      dir + "/conditions.csv:2: error: code_system 'icd9' is not icd10 or snomed",
      dir +
          "/conditions.csv:3: error: recorded_on '2020-13-01' is not a date; expected "
          "YYYY-MM-DD",
      dir +
          "/conditions.csv:3: error: code '12' is not a SNOMED CT concept id; expected 6 to 18 "
          "digits",
      dir +
          "/activity.csv:2: error: setting 'emergency' is not one of ae, emergency_admission, "
          "elective_admission, daycase, outpatient",
      dir + "/activity.csv:2: error: end_date 2020-01-01 is before start_date 2020-01-05",
  };
  std::vector<std::string> got;
  for (const Diagnostic& diag : d.items()) got.push_back(diag.ToString());
  EXPECT_EQ(got, expected);
  EXPECT_EQ(x.status().message(), "16 problems in 8 rows of the extract in " + dir +
                                      "; fix them, or use --skip-bad-rows to leave those rows out");
}

TEST(PopulationLoadExtract, ValuesQuotedInMessagesShowControlsAndBadBytesEscaped) {
  TempExtract t;
  t.Area("E01000001", 1, "North", "Liverpool");
  t.Person("P1", 1, 1950, 3, "E01000001", "\x1b[31m", "2010-01-01");
  t.Condition("P1", "icd10\xff", "E11.9", "2015-01-01");
  t.Write();
  Diagnostics d;
  auto x = LoadExtract(t.dir(), LoadOptions{false, "", false, 1, 100, false, {}, false}, &d);
  ASSERT_FALSE(x.ok());
  ASSERT_EQ(d.items().size(), 2u);
  for (const Diagnostic& diag : d.items()) {
    std::string m = diag.ToString();
    EXPECT_EQ(m.find('\x1b'), std::string::npos) << m;
    EXPECT_EQ(m.find('\xff'), std::string::npos) << m;
  }
  EXPECT_NE(d.items()[0].ToString().find("'\\x1B[31m'"), std::string::npos)
      << d.items()[0].ToString();
  EXPECT_NE(d.items()[1].ToString().find("'icd10\\xFF'"), std::string::npos)
      << d.items()[1].ToString();
}

TEST(PopulationLoadExtract, RowsOfABadPersonAreNotReportedTwice) {
  TempExtract t;
  t.Area("E01000001", 1, "North", "Liverpool");
  t.Person("P1", 7, 1950, 1, "E01000001");
  t.Activity("P1", "ae", "2020-01-01");
  t.Condition("P1", "icd10", "I10", "2020-01-01");
  t.Write();
  Diagnostics d;
  auto x = LoadExtract(t.dir(), LoadOptions{false, "", false, 1, 100, false, {}, false}, &d);
  ASSERT_FALSE(x.ok());
  ASSERT_EQ(d.items().size(), 1u);  // only the person's own row
  EXPECT_EQ(x.status().message(), "1 problem in 1 row of the extract in " + t.dir() +
                                      "; fix them, or use --skip-bad-rows to leave those rows out");
}

TEST(PopulationLoadExtract, DatesThatContradictEachOther) {
  TempExtract t;
  t.Area("E01000001", 1, "North", "Liverpool");
  t.Person("P1", 1, 2000, 6, "E01000001", "A", "1999-12-01");
  t.Person("P2", 1, 1950, 1, "E01000001", "A", "2010-01-01", "2009-01-01");
  t.Person("P3", 1, 1950, 1, "E01000001", "A", "2010-01-01", "", "2005-01-01", "I21");
  t.Person("P4", 1, 1950, 1, "E01000001", "A", "2010-01-01", "", "", "I21");
  t.Write();
  Diagnostics d;
  auto x = LoadExtract(t.dir(), LoadOptions{false, "", false, 1, 100, false, {}, false}, &d);
  ASSERT_FALSE(x.ok());
  std::string f = t.dir() + "/persons.csv";
  ASSERT_EQ(d.items().size(), 4u);
  EXPECT_EQ(d.items()[0].ToString(),
            f + ":2: error: registered_from 1999-12-01 is before the birth month 2000-06");
  EXPECT_EQ(d.items()[1].ToString(),
            f + ":3: error: registered_to 2009-01-01 is before registered_from 2010-01-01");
  EXPECT_EQ(d.items()[2].ToString(),
            f + ":4: error: date_of_death 2005-01-01 is before registered_from 2010-01-01");
  EXPECT_EQ(d.items()[3].ToString(),
            f + ":5: error: cause_of_death is given but date_of_death is blank");
}

TEST(PopulationLoadExtract, MissingColumnsAndFilesAreNamed) {
  TempExtract t;
  SmallExtract(t);
  t.WriteFile("activity.csv", "person_id,setting,start_dat,end_date\n");
  auto x = LoadQuietly(t.dir(), LoadOptions{false, "", false, 1, 100, false, {}, false});
  ASSERT_FALSE(x.ok());
  EXPECT_EQ(x.status().ToString(),
            t.dir() +
                "/activity.csv:1: missing column 'start_date' (did you mean `start_dat`?); "
                "the header must name person_id, setting, start_date, end_date (see "
                "docs/population-data.md)");
  std::filesystem::remove(t.path("conditions.csv"));
  x = LoadQuietly(t.dir());
  ASSERT_FALSE(x.ok());
  EXPECT_EQ(x.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(x.status().message(),
            t.dir() +
                ": no conditions.csv here; an extract is a folder with persons.csv, "
                "conditions.csv, activity.csv and areas.csv (see docs/population-data.md)");
}

TEST(PopulationLoadExtract, SkipBadRowsLeavesThemOutAndWritesRejects) {
  TempExtract t;
  SmallExtract(t);
  t.Raw("persons.csv", "P9,7,1950,1,E01000001,P001,A,2010-01-01,,,\n");
  t.Activity("P9", "ae", "2020-01-01");
  t.Write();
  std::string rejects = t.path("rejects-out.csv");
  Diagnostics d;
  LoadOptions o{true, rejects, true, 1, 100, true, {}, false};
  o.rejects_with_rows = true;
  auto x = LoadExtract(t.dir(), o, &d);
  ASSERT_TRUE(x.ok()) << x.status().ToString();
  EXPECT_EQ(x->persons.size(), 3u);
  EXPECT_EQ(x->activity.size(), 3u);
  EXPECT_EQ(x->rejected_rows, 2);
  EXPECT_EQ(d.warning_count(), 2);
  std::ifstream f(rejects);
  std::stringstream text;
  text << f.rdbuf();
  EXPECT_EQ(std::filesystem::status(rejects).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  EXPECT_EQ(text.str(),
            "file,line,reason,row\n" + t.dir() +
                "/persons.csv,5,\"sex '7' is not an NHS Data Dictionary code; expected 1 (male), "
                "2 (female), 9 (indeterminate) or 0 (not known)\",\"P9,7,1950,1,E01000001,P001,A,"
                "2010-01-01,,,\"\n" +
                t.dir() +
                "/activity.csv,5,person_id 'P9' is left out with its bad row in persons.csv (line "
                "5),\"P9,ae,2020-01-01,\"\n");
  // Without rejects_with_rows (the default), no patient rows.
  o.rejects_with_rows = false;
  ASSERT_TRUE(LoadExtract(t.dir(), o, &d).ok());
  std::ifstream g(rejects);
  std::stringstream plain;
  plain << g.rdbuf();
  EXPECT_EQ(plain.str().substr(0, plain.str().find('\n')), "file,line,reason");
  EXPECT_EQ(plain.str().find("P9,7,1950"), std::string::npos) << plain.str();
  // An extract with rejected rows is not cached.
  EXPECT_FALSE(std::filesystem::exists(CachePath(t.dir())));
}

TEST(PopulationLoadExtract, CacheIsWrittenReusedAndInvalidatedWhenACsvChanges) {
  TempExtract t;
  SmallExtract(t);
  auto first = LoadQuietly(t.dir());
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->from_cache);
  ASSERT_TRUE(std::filesystem::exists(CachePath(t.dir())));
  auto second = LoadQuietly(t.dir());
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->from_cache);
  EXPECT_EQ(second->persons.id.ToVector(), first->persons.id.ToVector());
  EXPECT_EQ(second->condition_codes.ToVector(), first->condition_codes.ToVector());
  EXPECT_EQ(std::vector<int32_t>(second->activity.start.begin(), second->activity.start.end()),
            std::vector<int32_t>(first->activity.start.begin(), first->activity.start.end()));
  // A changed CSV (new size and time) makes the cache stale.
  t.Activity("P3", "outpatient", "2021-02-02");
  t.Write();
  auto third = LoadQuietly(t.dir());
  ASSERT_TRUE(third.ok());
  EXPECT_FALSE(third->from_cache);
  EXPECT_EQ(third->activity.size(), 4u);
  auto fourth = LoadQuietly(t.dir());
  EXPECT_TRUE(fourth->from_cache);
  EXPECT_EQ(fourth->activity.size(), 4u);
}

// Issue 10: the cache was served stale when a CSV was rewritten with the
// same size and its modification time set back (as `touch -r`, `cp -p` or
// an editor preserving times do).
TEST(PopulationLoadExtract, CacheIsNotServedWhenAFileKeepsItsSizeAndTime) {
  TempExtract t;
  SmallExtract(t);
  auto first = LoadQuietly(t.dir());
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(LoadQuietly(t.dir())->from_cache);
  std::string path = t.path("activity.csv");
  auto time = std::filesystem::last_write_time(path);
  auto size = std::filesystem::file_size(path);
  // Same length: the A&E attendance moves from 2019-03-01 to 2019-03-09.
  std::stringstream text;
  text << std::ifstream(path, std::ios::binary).rdbuf();
  std::string changed = text.str();
  changed.replace(changed.find("2019-03-01"), 10, "2019-03-09");
  std::ofstream(path, std::ios::binary | std::ios::trunc) << changed;
  std::filesystem::last_write_time(path, time);
  ASSERT_EQ(std::filesystem::file_size(path), size);
  auto again = LoadQuietly(t.dir());
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->from_cache);
  std::vector<int32_t> starts(again->activity.start.begin(), again->activity.start.end());
  EXPECT_NE(std::find(starts.begin(), starts.end(), DaysFromCivil(2019, 3, 9)), starts.end());
  EXPECT_EQ(std::find(starts.begin(), starts.end(), DaysFromCivil(2019, 3, 1)), starts.end());
}

// A rewrite within the same clock tick keeps every time stamp the file
// system offers; the digest of the bytes still tells.
TEST(PopulationLoadExtract, CacheComparesTheBytesOfFilesChangedAsItWasWritten) {
  TempExtract t;
  SmallExtract(t);
  ASSERT_TRUE(LoadQuietly(t.dir()).ok());
  std::string path = t.path("activity.csv");
  std::stringstream text;
  text << std::ifstream(path, std::ios::binary).rdbuf();
  std::string changed = text.str();
  changed.replace(changed.find("2019-03-01"), 10, "2019-03-09");
  std::ofstream(path, std::ios::binary | std::ios::trunc) << changed;
  auto again = LoadQuietly(t.dir());
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->from_cache);
  EXPECT_EQ(again->activity.start[0] == DaysFromCivil(2019, 3, 9) ||
                again->activity.start[1] == DaysFromCivil(2019, 3, 9) ||
                again->activity.start[2] == DaysFromCivil(2019, 3, 9),
            true);
}

// Issue 10: a death dated 2098 is a bad row (the "today" is injected).
TEST(PopulationLoadExtract, DatesAfterTodayAreBadRowsUnlessForecasts) {
  TempExtract t;
  SmallExtract(t);
  t.Person("P4", 1, 1950, 3, "E01000001", "A", "2010-01-01", "", "2098-05-02", "C34.9");
  t.Condition("P2", "icd10", "E11.9", "2031-01-01");
  t.Activity("P2", "ae", "2030-03-01");
  t.Write();
  LoadOptions o;
  o.use_cache = false;
  o.today = DaysFromCivil(2026, 6, 30);
  Diagnostics d;
  auto x = LoadExtract(t.dir(), o, &d);
  EXPECT_FALSE(x.ok());
  std::string all;
  for (const Diagnostic& p : d.items()) all += p.ToString() + "\n";
  EXPECT_NE(all.find("persons.csv:5: error: date_of_death 2098-05-02 is after today (2026-06-30)"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("conditions.csv:5: error: recorded_on 2031-01-01 is after today"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("activity.csv:5: error: start_date 2030-03-01 is after today"),
            std::string::npos)
      << all;
  // The same day is not after today.
  o.today = DaysFromCivil(2098, 5, 2);
  auto later = LoadQuietly(t.dir(), o);
  EXPECT_TRUE(later.ok()) << later.status().ToString();
  o.today = DaysFromCivil(2026, 6, 30);
  o.forecasts = true;
  auto forecasts = LoadQuietly(t.dir(), o);
  EXPECT_TRUE(forecasts.ok()) << forecasts.status().ToString();
  // A cache written with forecasts is not served without them.
  o.use_cache = true;
  ASSERT_TRUE(LoadQuietly(t.dir(), o).ok());
  o.forecasts = false;
  EXPECT_FALSE(LoadQuietly(t.dir(), o).ok());
}

TEST(PopulationLoadExtract, DamagedCacheIsIgnoredAndRebuilt) {
  TempExtract t;
  SmallExtract(t);
  ASSERT_TRUE(LoadQuietly(t.dir()).ok());
  std::string cache = CachePath(t.dir());
  auto size = std::filesystem::file_size(cache);
  std::filesystem::resize_file(cache, size / 2);
  auto x = LoadQuietly(t.dir());
  ASSERT_TRUE(x.ok());
  EXPECT_FALSE(x->from_cache);
  EXPECT_EQ(std::filesystem::file_size(cache), size);  // rewritten whole
  // Flipping bytes in the middle of the columns is caught by the checks.
  {
    std::fstream f(cache, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size) - 40);
    f.write("\xff\xff\xff\xff\xff\xff\xff\xff", 8);
  }
  x = LoadQuietly(t.dir());
  ASSERT_TRUE(x.ok());
}

TEST(PopulationLoadExtract, TheSameColumnsWithAnyNumberOfThreads) {
  TempExtract t;
  t.Area("E01000001", 3, "Mid", "Liverpool");
  for (int i = 0; i < 3000; ++i) {
    std::string id = "Q" + std::to_string(i);
    t.Person(id, 1 + i % 2, 1930 + i % 80, 1 + i % 12, "E01000001");
    t.Activity(id, "ae", "2020-01-0" + std::to_string(1 + i % 9));
    if (i % 3 == 0) t.Condition(id, "icd10", "I10", "2018-01-01");
  }
  t.Write();
  auto one = LoadQuietly(t.dir(), LoadOptions{false, "", false, 1, 100, false, {}, false});
  auto many = LoadQuietly(t.dir(), LoadOptions{false, "", false, 7, 100, false, {}, false});
  ASSERT_TRUE(one.ok() && many.ok());
  EXPECT_EQ(one->persons.id.ToVector(), many->persons.id.ToVector());
  EXPECT_EQ(std::vector<uint64_t>(one->activity.offsets.begin(), one->activity.offsets.end()),
            std::vector<uint64_t>(many->activity.offsets.begin(), many->activity.offsets.end()));
}

}  // namespace
}  // namespace barometer::population
