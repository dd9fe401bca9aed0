// PDF through headless Chromium: page breaks from the print stylesheet and
// the text survive. Skipped when /usr/bin/chromium (or poppler's pdfinfo)
// is not installed; labelled "chromium" in CTest.
#include "report/pdf.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>

#include "report/html.h"
#include "test_util.h"

namespace barometer::report {
namespace {

TEST(ReportPdf, PrintsA4PagesWithTheDocumentText) {
  auto chromium = FindChromium();
  if (!chromium) GTEST_SKIP() << "chromium not installed";
  if (testing::Capture("command -v pdfinfo").empty()) GTEST_SKIP() << "poppler-utils not installed";
  auto dir =
      std::filesystem::temp_directory_path() / ("barometer-pdf-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string body = "<section class=\"cover\"><h1>Cover page</h1></section>";
  for (int i = 1; i <= 3; ++i)
    body += "<section class=\"priority\"><h2>Priority " + std::to_string(i) + "</h2></section>";
  { std::ofstream(dir / "r.html") << RenderPage({"Test report", "Footer text"}, body); }
  Status s = HtmlToPdf((dir / "r.html").string(), (dir / "r.pdf").string(), {*chromium, 60});
  ASSERT_TRUE(s.ok()) << s.ToString();
  std::string info = testing::Capture("pdfinfo '" + (dir / "r.pdf").string() + "'");
  EXPECT_TRUE(std::regex_search(info, std::regex("Pages:\\s+4\\n"))) << info;
  EXPECT_NE(info.find("(A4)"), std::string::npos) << info;
  std::string text = testing::Capture("pdftotext '" + (dir / "r.pdf").string() + "' -");
  EXPECT_NE(text.find("Priority 3"), std::string::npos);
  EXPECT_NE(text.find("Page 2 of 4"), std::string::npos) << text;
  // Bookmarks (the PDF outline) from the headings: Chromium writes each
  // entry's title as a literal string.
  std::ifstream in(dir / "r.pdf", std::ios::binary);
  std::string pdf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(pdf.find("/Outlines"), std::string::npos);
  for (const char* heading : {"Cover page", "Priority 1", "Priority 3"})
    EXPECT_NE(pdf.find("/Title (" + std::string(heading) + ")"), std::string::npos) << heading;
  std::filesystem::remove_all(dir);
}

TEST(ReportPdf, MissingInputOrBrowserIsNotFound) {
  EXPECT_EQ(HtmlToPdf("/nonexistent.html", "/tmp/x.pdf", {"/nonexistent/chromium"}).code(),
            StatusCode::kNotFound);
  auto chromium = FindChromium();
  if (!chromium) GTEST_SKIP() << "chromium not installed";
  EXPECT_EQ(HtmlToPdf("/nonexistent.html", "/tmp/x.pdf", {*chromium}).code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace barometer::report
