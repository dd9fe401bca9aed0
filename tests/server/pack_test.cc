// The Board pack in the web application: generated from the LOCKED record
// only, kept as generated (a download is the stored bytes), the report
// part's papers byte for byte, visible to the public only once published
// (404, not a refusal, before), and every step audited.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "measures/record.h"
#include "report/pdf.h"
#include "report/report.h"
#include "server/pack.h"
#include "server_fixture.h"

namespace barometer::server::testing {
namespace {

const std::string kQ = "?period=2023-24%20Q3";

bool Has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class PackTest : public ServerTest {
 protected:
  // Locks the period and generates its pack as the analyst.
  Browser LockAndGenerate() {
    Browser analyst = SignIn("analyst");
    EXPECT_EQ(Post(analyst, "/period/lock", {{"period", kPeriod}})->status, 303);
    auto r = Post(analyst, "/pack/generate", {{"period", kPeriod}});
    EXPECT_TRUE(r && r->status == 303) << (r ? r->body : httplib::to_string(r.error()));
    return analyst;
  }

  // The stored file, read from the store by another connection.
  std::string Stored(const std::string& document, const std::string& format, int64_t pack = 1) {
    auto store = measures::Store::Open(path_, measures::Store::kMustExist);
    EXPECT_TRUE(store.ok());
    auto f = ReadPackFile(*store, kPeriod, pack, document, format);
    EXPECT_TRUE(f.ok() && f->has_value());
    return f.ok() && *f ? (**f).content : std::string();
  }
};

TEST_F(PackTest, GenerateRefusesAnUnlockedPeriodWithAClearMessage) {
  Browser analyst = SignIn("analyst");
  auto r = Post(analyst, "/pack/generate", {{"period", kPeriod}});
  EXPECT_EQ(r->status, 409);
  EXPECT_TRUE(Has(r->body,
                  "2023-24 Q3 is not locked: the Board pack is made from the locked "
                  "record only. Lock the period first"))
      << r->body;
  // Nothing was stored.
  auto packs = nlohmann::json::parse(Get(analyst, "/api/packs")->body);
  EXPECT_TRUE(packs["packs"].empty());
  // The page offers no button, and says why.
  auto page = Get(analyst, "/pack" + kQ);
  EXPECT_EQ(page->status, 200);
  EXPECT_FALSE(Has(page->body, "action=\"/pack/generate\""));
  EXPECT_TRUE(Has(page->body, "made from the locked record"));
}

TEST_F(PackTest, APublishedPackIsPublicAndAnUnpublishedOneIsNot) {
  Browser analyst = LockAndGenerate();
  Browser pub;
  // Unpublished: the public is told nothing exists (404, not 401 or 403).
  EXPECT_EQ(Get(pub, "/pack" + kQ)->status, 404);
  EXPECT_EQ(Get(pub, "/pack/board.html" + kQ)->status, 404);
  EXPECT_EQ(Get(pub, "/pack/board.html" + kQ + "&pack=1")->status, 404);
  EXPECT_TRUE(nlohmann::json::parse(Get(pub, "/api/packs")->body)["packs"].empty());
  EXPECT_FALSE(Has(Get(pub, "/public")->body, "board.html"));
  // An owner is refused; the Board reads it.
  EXPECT_EQ(Get(SignIn("owner_nurse"), "/pack/board.html" + kQ)->status, 403);
  EXPECT_EQ(Get(SignIn("board"), "/pack/board.html" + kQ)->status, 200);
  EXPECT_EQ(Get(SignIn("member_people"), "/pack" + kQ)->status, 200);

  ASSERT_EQ(Post(analyst, "/pack/publish", {{"period", kPeriod}})->status, 303);
  auto page = Get(pub, "/public");
  EXPECT_EQ(page->status, 200);
  EXPECT_TRUE(Has(page->body, "/pack/board.html?period=2023-24%20Q3&amp;pack=1")) << page->body;
  auto html = Get(pub, "/pack/board.html" + kQ);
  ASSERT_EQ(html->status, 200);
  EXPECT_EQ(html->body, Stored("board", "html"));
  EXPECT_EQ(Get(SignIn("owner_nurse"), "/pack/board.html" + kQ)->status, 200);
  auto api = nlohmann::json::parse(Get(pub, "/api/packs")->body);
  ASSERT_EQ(api["packs"].size(), 1u);
  EXPECT_EQ(api["packs"][0]["published"], true);
  // Publishing twice is refused.
  EXPECT_EQ(Post(analyst, "/pack/publish", {{"period", kPeriod}})->status, 409);
}

TEST_F(PackTest, ADownloadIsTheStoredBytesAndIsAudited) {
  LockAndGenerate();
  Browser board = SignIn("board");
  auto api = nlohmann::json::parse(Get(board, "/api/packs" + kQ)->body);
  ASSERT_EQ(api["packs"].size(), 1u);
  const auto& files = api["packs"][0]["files"];
  ASSERT_GE(files.size(), 2u);  // the Board report and the IPR at least
  for (const auto& f : files) {
    auto r = Get(board, f["url"].get<std::string>());
    ASSERT_EQ(r->status, 200) << f["url"];
    const std::string stored = Stored(f["document"], f["format"]);
    EXPECT_EQ(r->body, stored) << f["url"];
    EXPECT_EQ(r->body.size(), f["bytes"].get<size_t>());
    EXPECT_EQ(Sha256Hex(r->body), f["sha256"]);
  }
  // A value revised after generation changes nothing kept.
  const std::string before = Stored("board", "html");
  {
    auto other = measures::Store::Open(path_, measures::Store::kMustExist);
    ASSERT_TRUE(other.ok());
    measures::Transaction tx(*other);
    ASSERT_TRUE(tx.Begin().ok());
    auto load = other->AddLoad(
        {measures::LoadKind::kValues, "late.csv", "", "2024-01-05T00:00:00Z", "test"});
    ASSERT_TRUE(load.ok());
    measures::Observation o;
    o.measure_id = "falls";
    o.period = Period::Month(2023, 12);
    o.value = 987;
    ASSERT_TRUE(other->PutObservation(o, *load, 2).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  EXPECT_EQ(Get(board, "/pack/board.html" + kQ)->body, before);
  // Generate, download and publish are in the audit log.
  auto csv = Get(SignIn("admin"), "/audit.csv")->body;
  EXPECT_TRUE(Has(csv, ",pack_generate,pack:2023-24 Q3#1,")) << csv;
  EXPECT_TRUE(Has(csv, ",download,pack:2023-24 Q3#1/board.html,")) << csv;
}

// The pack holds the report part's Board report of the locked record, byte
// for byte: the server renders, it decides nothing.
TEST_F(PackTest, ThePackIsTheReportPartsPaperOfTheLockedRecord) {
  LockAndGenerate();
  auto store = measures::Store::Open(path_, measures::Store::kMustExist);
  ASSERT_TRUE(store.ok());
  strategy::Loaded loaded = strategy::ParseStrategy(kStrategy, "test.toml");
  ASSERT_TRUE(loaded.ok());
  measures::EvaluateOptions eo;
  eo.period = Period::Parse(kPeriod);
  eo.today = Date{2030, 1, 1};  // a locked record is read with its lock's date
  auto record = measures::BuildRecord(*store, loaded.strategy, eo);
  ASSERT_TRUE(record.ok()) << record.status().message();
  ASSERT_EQ(record->state, measures::RecordState::kLocked);
  auto board = report::BoardReport(loaded.strategy, *record, {});
  ASSERT_TRUE(board.ok());
  EXPECT_EQ(Stored("board", "html"), board->html);
  auto ipr = report::IntegratedPerformanceReport(loaded.strategy, *record, {});
  ASSERT_TRUE(ipr.ok());
  EXPECT_EQ(Stored("ipr", "html"), ipr->html);
}

TEST_F(PackTest, APackOfAnEarlierLockCannotBePublished) {
  Browser analyst = LockAndGenerate();
  ASSERT_EQ(Post(analyst, "/period/open", {{"period", kPeriod}})->status, 303);
  auto r = Post(analyst, "/pack/publish", {{"period", kPeriod}});
  EXPECT_EQ(r->status, 409);
  EXPECT_TRUE(Has(r->body, "earlier lock")) << r->body;
  // Relocked: the old pack still cannot be published; a new one can.
  ASSERT_EQ(Post(analyst, "/period/lock", {{"period", kPeriod}})->status, 303);
  EXPECT_EQ(Post(analyst, "/pack/publish", {{"period", kPeriod}, {"pack", "1"}})->status, 409);
  ASSERT_EQ(Post(analyst, "/pack/generate", {{"period", kPeriod}})->status, 303);
  EXPECT_EQ(Post(analyst, "/pack/publish", {{"period", kPeriod}})->status, 303);
  auto api = nlohmann::json::parse(Get(Browser{}, "/api/packs")->body);
  ASSERT_EQ(api["packs"].size(), 1u);
  EXPECT_EQ(api["packs"][0]["pack"], 2);
}

// With Debian's chromium, the PDFs are printed once, at generation, and kept.
class PackPdfTest : public PackTest {
 protected:
  std::string Chromium() const override { return report::FindChromium().value_or(""); }
  void SetUp() override {
    PackTest::SetUp();
    if (client_) client_->set_read_timeout(300, 0);  // printing takes seconds a paper
  }
};

TEST_F(PackPdfTest, ThePdfIsPrintedOnceAndServedAsStored) {
  if (Chromium().empty()) GTEST_SKIP() << "no chromium";
  LockAndGenerate();
  Browser board = SignIn("board");
  auto pdf = Get(board, "/pack/board.pdf" + kQ);
  ASSERT_EQ(pdf->status, 200) << pdf->body.substr(0, 300);
  EXPECT_EQ(pdf->get_header_value("Content-Type"), "application/pdf");
  EXPECT_EQ(pdf->body.rfind("%PDF-", 0), 0u);
  EXPECT_EQ(pdf->body, Stored("board", "pdf"));
  EXPECT_EQ(Get(board, "/pack/board.pdf" + kQ)->body, pdf->body);
}

// A browser that fails: the pack is kept as HTML and the audit says why.
class PackBrokenPdfTest : public PackTest {
 protected:
  std::string Chromium() const override { return "/bin/false"; }
};

TEST_F(PackBrokenPdfTest, AFailedPrintKeepsTheHtmlAndSaysWhy) {
  LockAndGenerate();
  Browser board = SignIn("board");
  auto api = nlohmann::json::parse(Get(board, "/api/packs" + kQ)->body);
  ASSERT_EQ(api["packs"].size(), 1u);
  for (const auto& f : api["packs"][0]["files"]) EXPECT_EQ(f["format"], "html");
  EXPECT_EQ(Get(board, "/pack/board.pdf" + kQ)->status, 404);
  EXPECT_EQ(Get(board, "/pack/board.html" + kQ)->body, Stored("board", "html"));
  auto csv = Get(SignIn("admin"), "/audit.csv")->body;
  EXPECT_TRUE(Has(csv, "no PDF: board (PDF)")) << csv;
}

}  // namespace
}  // namespace barometer::server::testing
