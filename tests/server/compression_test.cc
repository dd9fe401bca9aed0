// Compression and kept pages: the server gzips what it sends when the client
// accepts gzip (never Brotli at the library's slowest setting), keeps whole
// pages for a viewer, and never shows a kept page from before a change.
#include <string>

#include <gtest/gtest.h>
#include <zlib.h>

#include "server/http.h"
#include "server_fixture.h"

namespace barometer::server::testing {
namespace {

// A gzip member inflated with zlib, independently of the HTTP client.
std::string Gunzip(const std::string& in) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buf[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  }
  EXPECT_EQ(rc, Z_STREAM_END);
  inflateEnd(&z);
  return out;
}

TEST(AcceptsGzip, ReadsTheHeaderAsRfc9110Says) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("gzip, deflate, br, zstd"));  // Chrome
  EXPECT_TRUE(AcceptsGzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_TRUE(AcceptsGzip("x-gzip"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_FALSE(AcceptsGzip("br"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip; q=0.000, br"));
  EXPECT_FALSE(AcceptsGzip("gzipx, xgzip"));
}

class CompressionTest : public ServerTest {
 protected:
  // The raw answer (the client does not inflate it) for this Accept-Encoding.
  httplib::Result Raw(const Browser& b, const std::string& path, const std::string& accept) {
    client_->set_decompress(false);
    httplib::Headers h = CookieHeaders(b);
    h.emplace("Accept-Encoding", accept);
    return client_->Get(path, h);
  }
};

TEST_F(CompressionTest, PagesAreGzippedWhenAcceptedAndTheSameWhenInflated) {
  Browser board = SignIn("board");
  for (const std::string path : {"/", "/measure/falls", "/api/summary"}) {
    auto plain = Raw(board, path, "identity");
    ASSERT_EQ(plain->status, 200) << path;
    EXPECT_FALSE(plain->has_header("Content-Encoding")) << path;
    auto gz = Raw(board, path, "gzip, deflate, br, zstd");
    ASSERT_EQ(gz->status, 200) << path;
    EXPECT_EQ(gz->get_header_value("Content-Encoding"), "gzip") << path;
    EXPECT_EQ(gz->get_header_value("Vary"), "Accept-Encoding") << path;
    EXPECT_LT(gz->body.size(), plain->body.size()) << path;
    EXPECT_EQ(Gunzip(gz->body), plain->body) << path;
    // Brotli alone is not used: the answer is plain.
    auto br = Raw(board, path, "br");
    EXPECT_FALSE(br->has_header("Content-Encoding")) << path;
    EXPECT_EQ(br->body, plain->body) << path;
  }
}

TEST_F(CompressionTest, AKeptPageNeverOutlivesAChangeOrBelongsToAnotherViewer) {
  Browser board = SignIn("board");
  Browser owner = SignIn("owner_nurse");
  // Read twice (kept), then the owner saves an update: the next read shows it.
  for (int i = 0; i < 2; ++i) {
    auto r = Get(board, "/measure/falls");
    ASSERT_EQ(r->status, 200);
    EXPECT_EQ(r->body.find("Falls rose on ward 9"), std::string::npos);
  }
  auto saved = Post(owner, "/update/measure/falls", UpdateForm("0", "Falls rose on ward 9."));
  ASSERT_EQ(saved->status, 303) << saved->body;
  EXPECT_NE(Get(board, "/measure/falls")->body.find("Falls rose on ward 9"), std::string::npos);
  // A review writes no load (the record is the same): the kept page goes all
  // the same.
  EXPECT_EQ(Get(board, "/measure/falls")->body.find("Committee review: <strong>accepted"),
            std::string::npos);
  Browser chair = SignIn("chair_quality");
  auto reviewed = Post(chair, "/review/measure/falls",
                       {{"period", kPeriod},
                        {"update_revision", "1"},
                        {"decision", "accept"},
                        {"assurance", "reasonable"},
                        {"comment", ""}});
  ASSERT_EQ(reviewed->status, 303) << reviewed->body;
  EXPECT_NE(Get(board, "/measure/falls")->body.find("Committee review: <strong>accepted"),
            std::string::npos);
  // Each viewer's page carries their own name and CSRF token.
  auto mine = Get(owner, "/");
  auto theirs = Get(board, "/");
  EXPECT_NE(mine->body.find(owner.csrf), std::string::npos);
  EXPECT_EQ(mine->body.find(board.csrf), std::string::npos);
  EXPECT_NE(theirs->body.find(board.csrf), std::string::npos);
  EXPECT_EQ(theirs->body.find(owner.csrf), std::string::npos);
}

}  // namespace
}  // namespace barometer::server::testing
