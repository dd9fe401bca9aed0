#include "measures/ingest.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "test_strategy.h"

namespace barometer::measures {
namespace {

using testing::ParseOrDie;

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::OpenInMemory();
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::make_unique<Store>(std::move(s).value());
    options_.loaded_by = "tester";
    options_.loaded_at = "2024-05-01T09:30:00Z";
  }

  IngestReport Values(const std::string& csv) {
    CsvReader reader = CsvReader::FromString(csv, "values.csv");
    auto r = IngestValues(*store_, strategy_, reader, options_);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : IngestReport{};
  }

  IngestReport Benchmarks(const std::string& csv) {
    CsvReader reader = CsvReader::FromString(csv, "peers.csv");
    auto r = IngestBenchmarks(*store_, reader, options_);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : IngestReport{};
  }

  std::vector<std::string> Problems(const IngestReport& r) {
    std::vector<std::string> out;
    for (const RowProblem& p : r.problems) out.push_back(p.ToString());
    return out;
  }

  // Nothing at all in the store: no load, no value, no benchmark, no commentary.
  void ExpectStoreEmpty() {
    for (const char* table : {"loads", "observations", "benchmarks", "commentary", "organisations",
                              "indicators", "peer_groups"}) {
      auto n = store_->CountRows(table);
      ASSERT_TRUE(n.ok());
      EXPECT_EQ(*n, 0) << table;
    }
  }

  strategy::Strategy strategy_ = ParseOrDie();
  std::unique_ptr<Store> store_;
  IngestOptions options_;
};

// ---- periods: every format, and each mismatch with a frequency ----

TEST_F(IngestTest, EveryPeriodFormatFitsItsFrequency) {
  IngestReport r = Values(
      "measure_id,period,value\n"
      "turnover,2023-07,11.2\n"
      "research_studies,2023-24 Q2,14\n"
      "research_studies,2023-24Q3,15\n"
      "engagement,2023-24,7.1\n"
      "engagement,2023,7.0\n"
      "falls,2023-07-30,4.2\n"
      "epr,2023-11-30,1\n");
  EXPECT_TRUE(r.ok()) << ::testing::PrintToString(Problems(r));
  EXPECT_TRUE(r.written);
  EXPECT_EQ(r.inserted, 7);
  auto stored = store_->CurrentObservations();
  ASSERT_TRUE(stored.ok());
  std::vector<std::string> periods;
  for (const auto& o : *stored) periods.push_back(o.observation.period.ToString());
  // By measure, then period end.
  EXPECT_EQ(periods, (std::vector<std::string>{"2023", "2023-24", "2023-11-30", "2023-07-30",
                                               "2023-24 Q2", "2023-24 Q3", "2023-07"}));
}

TEST_F(IngestTest, AmbiguousTextIsAMonthForAMonthlyMeasure) {
  IngestReport r = Values("measure_id,period,value\nturnover,2011-12,11\nengagement,2011-12,6\n");
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(Problems(r));
  auto stored = store_->CurrentObservations();
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 2u);
  EXPECT_EQ((*stored)[0].observation.period.kind, PeriodKind::kFinancialYear);  // engagement
  EXPECT_EQ((*stored)[1].observation.period.kind, PeriodKind::kMonth);          // turnover
  EXPECT_EQ((*stored)[1].observation.period.start, (Date{2011, 12, 1}));
}

TEST_F(IngestTest, EachPeriodMismatchIsExplained) {
  IngestReport r = Values(
      "measure_id,period,value\n"
      "turnover,2023-24 Q2,11\n"
      "research_studies,2023-07,14\n"
      "engagement,2023-07,7\n"
      "falls,2023-07,4\n"
      "turnover,2023-13,11\n"
      "turnover,July 2023,11\n"
      "turnover,,11\n");
  EXPECT_FALSE(r.written);
  EXPECT_EQ(
      Problems(r),
      (std::vector<std::string>{
          "values.csv:2: period `2023-24 Q2` is a financial quarter, but `turnover` is measured "
          "monthly; give a month such as 2023-07",
          "values.csv:3: period `2023-07` is a month, but `research_studies` is measured "
          "quarterly; give a financial quarter such as 2023-24 Q2",
          "values.csv:4: period `2023-07` is a month, but `engagement` is measured annually; give "
          "a financial year such as 2023-24 or a calendar year such as 2023",
          "values.csv:5: period `2023-07` is a month, but `falls` is measured weekly; give a "
          "week-ending date such as 2023-07-30",
          "values.csv:6: `2023-13` is not a period; expected a month such as 2023-07",
          "values.csv:7: `July 2023` is not a period; expected a month such as 2023-07",
          "values.csv:8: missing period; expected a month such as 2023-07",
      }));
  ExpectStoreEmpty();
}

// ---- every kind of rejected row; nothing is written ----

TEST_F(IngestTest, EveryKindOfBadRowIsListedAndNothingIsWritten) {
  IngestReport r = Values(
      "measure_id,period,value,numerator,denominator,lower,upper,note\n"
      "turnover,2023-06,11.0,,,,,fine\n"
      "turnovr,2023-07,11.2,,,,,\n"
      "turnover,2023-07,abc,,,,,\n"
      "turnover,2023-08,130,,,,,\n"
      "turnover,2023-09,60,12,10,,,\n"
      "turnover,2023-06,11.1,,,,,\n"
      "engagement,2023,11,,,,,\n"
      "research_studies,2023-24 Q1,2.5,,,,,\n"
      "turnover,2023-10,,,,,,\n"
      "turnover,2023-11,10,x,20,,,\n"
      "engagement,2022,7.0,,,7.2,6.8,\n"
      "engagement,2021,7.0,,,7.1,7.4,\n"
      ",2023-12,1,,,,,\n");
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.written);
  EXPECT_EQ(r.rows, 13);
  EXPECT_EQ(Problems(r),
            (std::vector<std::string>{
                "values.csv:3: unknown measure `turnovr`; did you mean `turnover`?",
                "values.csv:4: value `abc` is not a number",
                "values.csv:5: value 130 is outside the range of a percentage (0 to 100)",
                "values.csv:6: numerator 12 is above its denominator 10",
                "values.csv:7: duplicate row: `turnover` for 2023-06 is already on line 2",
                "values.csv:8: value 11 is outside the range of `engagement` (0 to 10)",
                "values.csv:9: value 2.5 is not a whole number, but `research_studies` is a count",
                "values.csv:10: missing value; leave a period out of the file rather than blank",
                "values.csv:11: numerator `x` is not a number",
                "values.csv:12: lower limit 7.2 is above upper limit 6.8",
                "values.csv:13: value 7 is outside its confidence limits 7.1 to 7.4",
                "values.csv:14: missing measure_id",
            }));
  ExpectStoreEmpty();
}

TEST_F(IngestTest, ARejectedFileLeavesEarlierLoadsAsTheyWere) {
  ASSERT_TRUE(Values("measure_id,period,value\nturnover,2023-06,11\n").written);
  IngestReport r = Values("measure_id,period,value\nturnover,2023-06,12\nturnover,2023-07,x\n");
  EXPECT_FALSE(r.written);
  auto history = store_->History("turnover");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].observation.value, 11);
  auto loads = store_->Loads();
  ASSERT_TRUE(loads.ok());
  EXPECT_EQ(loads->size(), 1u);
}

TEST_F(IngestTest, TheListIsCappedButTheTotalIsCounted) {
  options_.max_listed_problems = 3;
  std::string csv = "measure_id,period,value\n";
  for (int i = 0; i < 10; ++i) csv += "nope,2023-07,1\n";
  IngestReport r = Values(csv);
  EXPECT_EQ(r.problems.size(), 3u);
  EXPECT_EQ(r.problem_count, 10);
  ExpectStoreEmpty();
}

TEST_F(IngestTest, HeaderProblemsSuggestTheColumn) {
  IngestReport r = Values("measure_id,period,vlaue\nturnover,2023-07,1\n");
  EXPECT_EQ(
      Problems(r),
      (std::vector<std::string>{
          "values.csv:1: unknown column `vlaue`; did you mean `value`?; the columns are "
          "measure_id, period, value, numerator, denominator, lower, upper, note, provisional",
          "values.csv:1: missing column `value`; the first line must name the columns "
          "measure_id, period, value (optional: numerator, denominator, lower, upper, note, "
          "provisional)",
      }));
  ExpectStoreEmpty();
}

TEST_F(IngestTest, MalformedCsvIsABadRow) {
  IngestReport r = Values("measure_id,period,value\nturnover,2023-07,\"11\n");
  ASSERT_EQ(r.problem_count, 1);
  EXPECT_EQ(r.problems[0].line, 2);
  ExpectStoreEmpty();
}

TEST_F(IngestTest, AnEmptyFileIsExplained) {
  IngestReport r = Values("");
  EXPECT_EQ(Problems(r), (std::vector<std::string>{
                             "values.csv:1: the file is empty; the first line must name the "
                             "columns measure_id, period, value"}));
}

TEST_F(IngestTest, DryRunChecksAndCountsButWritesNothing) {
  ASSERT_TRUE(Values("measure_id,period,value\nturnover,2023-06,11\n").written);
  options_.dry_run = true;
  IngestReport r = Values("measure_id,period,value\nturnover,2023-06,12\nturnover,2023-07,13\n");
  EXPECT_TRUE(r.ok());
  EXPECT_FALSE(r.written);
  EXPECT_EQ(r.inserted, 1);
  EXPECT_EQ(r.revised, 1);
  auto history = store_->History("turnover");
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->size(), 1u);
}

TEST_F(IngestTest, ReloadingRevisesAndKeepsProvenance) {
  ASSERT_TRUE(Values("measure_id,period,value,note\nturnover,2023-06,11,first\n").written);
  IngestReport r = Values(
      "measure_id,period,value,note\nturnover,2023-07,10\nturnover,2023-06,"
      "11.4,restated\n");
  EXPECT_EQ(r.inserted, 1);
  EXPECT_EQ(r.revised, 1);
  auto history = store_->History("turnover");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[0].observation.note, "first");
  EXPECT_FALSE((*history)[0].current);
  EXPECT_EQ((*history)[1].observation.note, "restated");
  EXPECT_EQ((*history)[1].revision, 2);
  EXPECT_EQ((*history)[1].provenance.source_line, 3);
  EXPECT_EQ((*history)[1].provenance.loaded_by, "tester");
}

// `provisional` marks a release the publisher will revise; the final value
// for the same period is then a new revision (the flag alone differs), and
// a cell that is neither yes nor no is an error at its line, nothing written.
TEST_F(IngestTest, AProvisionalValueIsKeptAndItsFinalReleaseIsARevision) {
  IngestReport r = Values(
      "measure_id,period,value,provisional\nturnover,2023-05,10.5,\n"
      "turnover,2023-06,11,P\nturnover,2023-07,11.2,TRUE\n");
  ASSERT_TRUE(r.written) << ::testing::PrintToString(Problems(r));
  auto current = store_->CurrentObservations();
  ASSERT_TRUE(current.ok());
  ASSERT_EQ(current->size(), 3u);
  EXPECT_FALSE((*current)[0].observation.provisional);
  EXPECT_TRUE((*current)[1].observation.provisional);
  EXPECT_TRUE((*current)[2].observation.provisional);
  // The same figure, now final: a revision, and current is no longer provisional.
  r = Values("measure_id,period,value,provisional\nturnover,2023-06,11,no\n");
  EXPECT_EQ(r.revised, 1);
  auto history = store_->History("turnover");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 4u);
  EXPECT_TRUE((*history)[1].observation.provisional);
  EXPECT_FALSE((*history)[1].current);
  EXPECT_FALSE((*history)[2].observation.provisional);
  EXPECT_TRUE((*history)[2].current);
  // Loading the final file again changes nothing.
  EXPECT_EQ(Values("measure_id,period,value,provisional\nturnover,2023-06,11,F\n").revised, 0);

  IngestReport bad = Values(
      "measure_id,period,value,provisional\nturnover,2023-08,11,maybe\nturnover,2023-09,11,"
      "yes\n");
  EXPECT_FALSE(bad.written);
  ASSERT_EQ(bad.problems.size(), 1u);
  EXPECT_EQ(bad.problems[0].line, 2);
  EXPECT_NE(bad.problems[0].reason.find("provisional `maybe`"), std::string::npos)
      << bad.problems[0].reason;
  auto after = store_->CurrentObservations();
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->size(), 3u);
}

TEST_F(IngestTest, AFailedWriteLeavesNothing) {
  store_->FailWritesAfter(2);  // the load and one row
  CsvReader reader = CsvReader::FromString(
      "measure_id,period,value\nturnover,2023-06,11\nturnover,2023-07,12\n", "values.csv");
  auto r = IngestValues(*store_, strategy_, reader, options_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIo);
  store_->FailWritesAfter(-1);
  ExpectStoreEmpty();
}

// ---- benchmarks ----

TEST_F(IngestTest, BenchmarksLoadWithMissingPeers) {
  IngestReport r = Benchmarks(
      "indicator,period,org_code,org_name,peer_group,value\n"
      "fft,2023-24 Q1,RAA,Alpha,acute,91.5\n"
      "fft,2023-24 Q1,RBB,Beta,acute,\n"
      "fft,2023-24Q1,RCC,Gamma,acute,88\n");
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(Problems(r));
  EXPECT_EQ(r.inserted, 3);
  auto values = store_->Benchmarks("fft");
  ASSERT_TRUE(values.ok());
  ASSERT_EQ(values->size(), 3u);
  EXPECT_FALSE((*values)[1].value.has_value());
  EXPECT_EQ((*values)[2].period.ToString(), "2023-24 Q1");
}

TEST_F(IngestTest, BadBenchmarkRowsRejectTheWholeFile) {
  IngestReport r = Benchmarks(
      "indicator,period,org_code,org_name,peer_group,value\n"
      "fft,2023-24 Q1,RAA,Alpha,acute,91.5\n"
      "fft,2023-24 Q1,RAA,Alpha,acute,90\n"
      "fft,2023-24 Q5,RBB,Beta,acute,80\n"
      "fft,2023-24 Q1,RCC,Gamma,acute,n/a\n"
      "fft,2023-24 Q1,,Delta,acute,70\n");
  EXPECT_FALSE(r.written);
  EXPECT_EQ(Problems(r),
            (std::vector<std::string>{
                "peers.csv:3: duplicate row: `fft` for RAA in peer group `acute` for 2023-24 Q1 "
                "is already on line 2",
                "peers.csv:4: `2023-24 Q5` is not a period; expected 2023-07, 2023-24 Q2, "
                "2023-24, 2023 or 2023-07-31",
                "peers.csv:5: value `n/a` is not a number",
                "peers.csv:6: missing org_code",
            }));
  ExpectStoreEmpty();
}

TEST_F(IngestTest, ReloadedBenchmarksReplaceEarlierValues) {
  ASSERT_TRUE(Benchmarks("indicator,period,org_code,org_name,peer_group,value\n"
                         "fft,2023-24 Q1,RAA,Alpha,acute,91.5\n")
                  .written);
  IngestReport r = Benchmarks(
      "indicator,period,org_code,org_name,peer_group,value\n"
      "fft,2023-24 Q1,RAA,Alpha Hospitals,acute,92\n");
  EXPECT_EQ(r.revised, 1);
  auto values = store_->Benchmarks("fft");
  ASSERT_TRUE(values.ok());
  ASSERT_EQ(values->size(), 1u);
  EXPECT_EQ((*values)[0].value, 92);
  EXPECT_EQ((*values)[0].org_name, "Alpha Hospitals");
}

TEST_F(IngestTest, APeriodAfterTodayIsAnErrorUnlessTheFileHoldsForecasts) {
  options_.today = Date{2024, 5, 1};
  IngestReport r =
      Values("measure_id,period,value\nturnover,2024-05,11.6\nturnover,2099-12,11.5\n");
  EXPECT_EQ(Problems(r), (std::vector<std::string>{
                             "values.csv:3: period 2099-12 starts after today (2024-05-01); values "
                             "are observations, not plans (give --forecasts if the file holds "
                             "forecasts)"}));
  ExpectStoreEmpty();
  options_.forecasts = true;
  r = Values("measure_id,period,value\nturnover,2099-12,11.5\n");
  EXPECT_TRUE(r.ok()) << ::testing::PrintToString(Problems(r));
}

// ---- commentary ----

TEST_F(IngestTest, CommentaryFromMarkdown) {
  auto r = IngestCommentaryMarkdown(*store_, &strategy_,
                                    "# Commentary for Q2\n"
                                    "\n"
                                    "## turnover 2023-07\n"
                                    "Author: Chief People Officer\n"
                                    "\n"
                                    "Turnover fell for the third month.\n"
                                    "Retention work continues.\n"
                                    "\n"
                                    "## research_studies 2023-24 Q2\n"
                                    "Two new studies opened.\n",
                                    "commentary.md", options_);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->ok()) << ::testing::PrintToString(Problems(*r));
  auto c = store_->CurrentCommentary();
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(c->size(), 2u);
  EXPECT_EQ((*c)[0].commentary.measure_id, "research_studies");
  EXPECT_EQ((*c)[1].commentary.text,
            "Turnover fell for the third month.\nRetention work continues.");
  EXPECT_EQ((*c)[1].commentary.author, "Chief People Officer");
  EXPECT_EQ((*c)[1].provenance.source_line, 3);
}

TEST_F(IngestTest, CommentaryWithAByteOrderMarkIsAccepted) {
  auto r = IngestCommentaryMarkdown(*store_, &strategy_,
                                    "\xEF\xBB\xBF## turnover 2023-07\nTurnover fell.\n",
                                    "commentary.md", options_);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->ok()) << ::testing::PrintToString(Problems(*r));
  auto c = store_->CurrentCommentary();
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(c->size(), 1u);
  EXPECT_EQ((*c)[0].commentary.measure_id, "turnover");
}

TEST_F(IngestTest, CommentaryThatIsNotUtf8OrHoldsControlsIsRejectedWithItsLine) {
  auto r = IngestCommentaryMarkdown(*store_, &strategy_, "## turnover 2023-07\nCaf\xE9 opened.\n",
                                    "commentary.md", options_);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Problems(*r), (std::vector<std::string>{"commentary.md:2: column 4: byte 0xE9 is not "
                                                    "UTF-8; save the file as UTF-8"}));
  r = IngestCommentaryMarkdown(*store_, &strategy_, std::string("## turnover 2023-07\nA\0B\n", 24),
                               "commentary.md", options_);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->ok());
  ExpectStoreEmpty();
}

TEST_F(IngestTest, BadCommentaryIsRejectedWhole) {
  auto r = IngestCommentaryMarkdown(*store_, &strategy_,
                                    "## turnover 2023-07\nFine.\n"
                                    "## turnovr 2023-08\nTypo.\n"
                                    "## turnover 2023-24 Q2\nWrong period kind.\n"
                                    "## turnover 2023-09\n\n",
                                    "commentary.md", options_);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Problems(*r),
            (std::vector<std::string>{
                "commentary.md:3: unknown measure `turnovr`; did you mean `turnover`?",
                "commentary.md:5: period `2023-24 Q2` is a financial quarter, but `turnover` is "
                "measured monthly; give a month such as 2023-07",
                "commentary.md:7: the commentary is empty",
            }));
  ExpectStoreEmpty();
}

TEST_F(IngestTest, CommentaryFromCsv) {
  CsvReader reader = CsvReader::FromString(
      "measure_id,period,commentary,author\n"
      "turnover,2023-07,\"Fell again, as planned.\",CPO\n"
      "turnover,2023-07,Again,CPO\n",
      "commentary.csv");
  auto r = IngestCommentaryCsv(*store_, &strategy_, reader, options_);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Problems(*r), (std::vector<std::string>{
                              "commentary.csv:3: duplicate commentary: `turnover` for 2023-07 is "
                              "already on line 2"}));
  ExpectStoreEmpty();
}

// Found by fuzz/fuzz_ingest.cc: a period the store cannot pack (its start
// before 1900 or after 2258) ended the whole load with a store error and no
// line; it is a problem with its row, like any bad period.
TEST_F(IngestTest, BenchmarkPeriodOutsideTheStoresYearsIsARowProblem) {
  for (bool dry_run : {true, false}) {
    options_.dry_run = dry_run;
    IngestReport r = Benchmarks(
        "indicator,period,org_code,org_name,peer_group,value\n"
        "fft,2023-24 Q1,RAA,Alpha,acute,91.5\n"
        "fft,3904-07,RAA,Alpha,acute,90\n"
        "fft,1899,RBB,Beta,acute,80\n");
    EXPECT_FALSE(r.written);
    EXPECT_EQ(Problems(r),
              (std::vector<std::string>{
                  "peers.csv:3: period `3904-07` is outside the years benchmarks can be stored "
                  "for; expected a period from 1900 to 2258",
                  "peers.csv:4: period `1899` is outside the years benchmarks can be stored "
                  "for; expected a period from 1900 to 2258",
              }));
    ExpectStoreEmpty();
  }
}

}  // namespace
}  // namespace barometer::measures
