// The web application end to end: signing in and out, CSRF, the login rate
// limit, the update cycle (validation, optimistic concurrency, review,
// lock), injection strings, oversized bodies.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server_fixture.h"

namespace barometer::server::testing {
namespace {

bool Has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST_F(ServerTest, LoginSetsAStrictHttpOnlySecureCookie) {
  auto r = TryLogin("board", kPassword);
  ASSERT_EQ(r->status, 303);
  EXPECT_EQ(r->get_header_value("Location"), "/");
  bool found = false;
  for (const auto& [k, v] : r->headers) {
    if (k == "Set-Cookie" && v.rfind("barometer_session=", 0) == 0) {
      found = true;
      EXPECT_TRUE(Has(v, "; HttpOnly"));
      EXPECT_TRUE(Has(v, "; Secure"));
      EXPECT_TRUE(Has(v, "; SameSite=Strict"));
    }
  }
  EXPECT_TRUE(found);
  auto home = Get(SignIn("board"), "/");
  EXPECT_TRUE(Has(home->get_header_value("Content-Security-Policy"), "default-src 'none'"));
  EXPECT_TRUE(Has(home->body, "Inpatient falls"));
}

TEST_F(ServerTest, WrongPasswordAndUnknownUserGetTheSameAnswer) {
  auto wrong = TryLogin("board", "not the password at all");
  auto unknown = TryLogin("nobody", "not the password at all");
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(unknown->status, 401);
  EXPECT_TRUE(Has(wrong->body, "The user name or password is wrong."));
  EXPECT_TRUE(Has(unknown->body, "The user name or password is wrong."));
  EXPECT_TRUE(SetCookieValue(wrong, "barometer_session").empty());
}

TEST_F(ServerTest, LoginWithoutItsFormTokenIsRefused) {
  httplib::Params p{{"name", "board"}, {"password", kPassword}, {"csrf", "abc"}};
  auto r = client_->Post("/login", p);  // no login cookie
  EXPECT_EQ(r->status, 403);
  EXPECT_TRUE(SetCookieValue(r, "barometer_session").empty());
}

TEST_F(ServerTest, PostsWithoutTheSessionsCsrfTokenAreRefused) {
  Browser analyst = SignIn("analyst");
  httplib::Params p{{"period", kPeriod}};
  EXPECT_EQ(Post(analyst, "/period/lock", p, /*with_csrf=*/false)->status, 403);
  httplib::Params wrong{{"period", kPeriod}, {"csrf", std::string(64, 'a')}};
  EXPECT_EQ(Post(analyst, "/period/lock", wrong, false)->status, 403);
  // Another user's token is not this session's.
  Browser board = SignIn("board");
  httplib::Params other{{"period", kPeriod}, {"csrf", board.csrf}};
  EXPECT_EQ(Post(analyst, "/period/lock", other, false)->status, 403);
  // Still open: nothing was locked.
  auto api = Get(analyst, "/api/completion");
  EXPECT_EQ(nlohmann::json::parse(api->body)["state"], "open");
  EXPECT_EQ(Post(analyst, "/period/lock", p)->status, 303);
  EXPECT_EQ(nlohmann::json::parse(Get(analyst, "/api/completion")->body)["state"], "locked");
}

TEST_F(ServerTest, ASessionIsDeadAfterLogout) {
  Browser b = SignIn("board");
  EXPECT_EQ(Get(b, "/completion")->status, 200);
  auto out = Post(b, "/logout", {});
  EXPECT_EQ(out->status, 303);
  // The stolen cookie replayed after logout is nobody's.
  EXPECT_EQ(Get(b, "/completion")->status, 401);
  EXPECT_EQ(Get(b, "/")->status, 401);
}

TEST_F(ServerTest, EachLoginGetsAFreshSession) {
  Browser first = SignIn("board");
  // Signing in again with the old cookie presented ends it (no fixation).
  auto form = client_->Get("/login");
  httplib::Headers h{{"Cookie", "barometer_login=" + SetCookieValue(form, "barometer_login") +
                                    "; " + first.cookie}};
  httplib::Params p{{"csrf", CsrfOf(form->body)}, {"name", "board"}, {"password", kPassword}};
  auto r = client_->Post("/login", h, p);
  ASSERT_EQ(r->status, 303);
  std::string token = SetCookieValue(r, "barometer_session");
  EXPECT_NE("barometer_session=" + token, first.cookie);
  EXPECT_EQ(Get(first, "/completion")->status, 401);
}

TEST_F(ServerTest, DuplicateCookieHeadersAreRefused) {
  Browser b = SignIn("board");
  httplib::Headers h{{"Cookie", b.cookie}, {"Cookie", "barometer_session=" + std::string(64, '0')}};
  EXPECT_EQ(client_->Get("/completion", h)->status, 400);
}

TEST_F(ServerTest, LoginsAreRateLimited) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ(TryLogin("board", "wrong password here")->status, 401);
  // The right password is refused too while the limit holds.
  auto blocked = TryLogin("board", kPassword);
  EXPECT_EQ(blocked->status, 429);
  EXPECT_TRUE(SetCookieValue(blocked, "barometer_session").empty());
  // Another user is not blocked by them.
  EXPECT_EQ(TryLogin("analyst", kPassword)->status, 303);
  // After the window the user may sign in again.
  now_ += 16 * 60;
  EXPECT_EQ(TryLogin("board", kPassword)->status, 303);
}

TEST_F(ServerTest, OversizedBodiesAreRejectedAndTheServerKeepsServing) {
  Browser owner = SignIn("owner_nurse");
  httplib::Params p = UpdateForm("0", std::string(100 * 1024, 'x'));
  p.emplace("csrf", owner.csrf);
  auto r = client_->Post("/update/measure/falls", CookieHeaders(owner), p);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  httplib::Client fresh("127.0.0.1", server_->port());
  EXPECT_EQ(fresh.Get("/healthz")->status, 200);
  auto api = Get(owner, "/api/measure/falls");
  EXPECT_TRUE(nlohmann::json::parse(api->body)["update"].is_null());
}

TEST_F(ServerTest, ASlowClientIsDroppedAndOthersAreServedMeanwhile) {
  // A client that sends half a request and stops.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(server_->port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  const char partial[] = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
  ASSERT_EQ(send(fd, partial, sizeof partial - 1, 0), static_cast<ssize_t>(sizeof partial - 1));
  // Everyone else is served while it dawdles.
  httplib::Client other("127.0.0.1", server_->port());
  EXPECT_EQ(other.Get("/healthz")->status, 200);
  // At its read timeout the server refuses the half request and closes.
  std::string got;
  char buf[256];
  ssize_t n;
  while ((n = recv(fd, buf, sizeof buf, 0)) > 0) got.append(buf, static_cast<size_t>(n));
  EXPECT_EQ(got.find("200 OK"), std::string::npos) << got;
  EXPECT_EQ(n, 0);  // closed by the server
  close(fd);
  EXPECT_EQ(other.Get("/healthz")->status, 200);
}

TEST_F(ServerTest, OtherMethodsAreNotAllowed) {
  EXPECT_EQ(client_->Put("/", "", "text/plain")->status, 405);
  EXPECT_EQ(client_->Delete("/")->status, 405);
}

TEST_F(ServerTest, AnUpdateIsCheckedByTheIngestRulesAndNothingIsSavedHalfWay) {
  Browser owner = SignIn("owner_nurse");
  httplib::Params p = UpdateForm("0", "Falls rose on two wards.");
  p.erase("recovery");
  p.emplace("recovery", "2024-02-30");
  p.erase("actions");
  p.emplace("actions", "Huddles | owner: chief_executive | due: 2024-03-31");
  auto r = Post(owner, "/update/measure/falls", p);
  EXPECT_EQ(r->status, 422);
  EXPECT_TRUE(
      Has(r->body, "id=\"recovery-problem-1\">recovery date `2024-02-30` is not a real date"));
  EXPECT_TRUE(Has(r->body,
                  "id=\"actions-problem-1\">owner `chief_executive` is not one of the "
                  "strategy&#39;s roles"))
      << r->body;
  // Each field with a problem is marked invalid and described by its hint
  // and problem; a field without one is not.
  EXPECT_TRUE(Has(r->body,
                  "name=\"recovery\" aria-describedby=\"recovery-hint recovery-problem-1\" "
                  "aria-invalid=\"true\""));
  EXPECT_TRUE(Has(r->body, "name=\"narrative\" rows="));
  // The user's text is kept in the form.
  EXPECT_TRUE(Has(r->body, "Falls rose on two wards."));
  auto api = Get(owner, "/api/measure/falls");
  EXPECT_TRUE(nlohmann::json::parse(api->body)["update"].is_null());
}

TEST_F(ServerTest, TheSecondSaveOfAStaleFormIsRefusedAndKeepsItsText) {
  Browser owner = SignIn("owner_nurse");
  // Two tabs open the form at revision 0.
  EXPECT_TRUE(Has(Get(owner, "/update/measure/falls")->body, "name=\"base_revision\" value=\"0\""));
  auto first = Post(owner, "/update/measure/falls", UpdateForm("0", "First version."));
  EXPECT_EQ(first->status, 303);
  auto second = Post(owner, "/update/measure/falls", UpdateForm("0", "Second version."));
  EXPECT_EQ(second->status, 409);
  EXPECT_TRUE(Has(second->body, "someone else saved this update while you were editing"));
  EXPECT_TRUE(Has(second->body, "Second version."));  // nothing lost
  EXPECT_TRUE(Has(second->body, "name=\"base_revision\" value=\"1\""));
  auto api = nlohmann::json::parse(Get(owner, "/api/measure/falls")->body);
  EXPECT_EQ(api["update"]["narrative"], "First version.");
  EXPECT_EQ(api["update"]["revision"], 1);
  // Saving again from the refreshed form replaces it.
  EXPECT_EQ(Post(owner, "/update/measure/falls", UpdateForm("1", "Second version."))->status, 303);
  api = nlohmann::json::parse(Get(owner, "/api/measure/falls")->body);
  EXPECT_EQ(api["update"]["narrative"], "Second version.");
  EXPECT_EQ(api["update"]["revision"], 2);
}

TEST_F(ServerTest, TheCycleSubmitReturnResubmitAcceptLock) {
  Browser owner = SignIn("owner_nurse");
  Browser chair = SignIn("chair_quality");
  Browser analyst = SignIn("analyst");
  Browser pub;
  EXPECT_TRUE(Has(Get(owner, "/my-updates")->body, "Inpatient falls"));
  EXPECT_FALSE(Has(Get(owner, "/my-updates")->body, "Staff turnover"));
  ASSERT_EQ(Post(owner, "/update/measure/falls", UpdateForm("0", "Falls up."))->status, 303);
  // Returning needs a comment.
  httplib::Params ret{{"period", kPeriod},
                      {"update_revision", "1"},
                      {"decision", "return"},
                      {"comment", ""},
                      {"assurance", ""}};
  EXPECT_EQ(Post(chair, "/review/measure/falls", ret)->status, 422);
  ret.erase("comment");
  ret.emplace("comment", "Say which wards.");
  EXPECT_EQ(Post(chair, "/review/measure/falls", ret)->status, 303);
  auto completion = nlohmann::json::parse(Get(chair, "/api/completion")->body);
  EXPECT_EQ(completion["items"][0]["review"], "returned");
  ASSERT_EQ(
      Post(owner, "/update/measure/falls", UpdateForm("1", "Falls up on wards 4 and 9."))->status,
      303);
  // A review of the revision it did not read is refused.
  httplib::Params stale{{"period", kPeriod},
                        {"update_revision", "1"},
                        {"decision", "accept"},
                        {"comment", ""},
                        {"assurance", "partial"}};
  EXPECT_EQ(Post(chair, "/review/measure/falls", stale)->status, 409);
  httplib::Params accept{{"period", kPeriod},
                         {"update_revision", "2"},
                         {"decision", "accept"},
                         {"comment", ""},
                         {"assurance", "partial"}};
  EXPECT_EQ(Post(chair, "/review/measure/falls", accept)->status, 303);
  auto measure = nlohmann::json::parse(Get(chair, "/api/measure/falls")->body);
  EXPECT_EQ(measure["review"]["decision"], "accepted");
  EXPECT_EQ(measure["review"]["assurance"], "partial");
  EXPECT_TRUE(Has(Get(analyst, "/completion")->body, "1 of 4 submitted, 1 accepted"));
  // The public reads nothing of an open period.
  EXPECT_EQ(Get(pub, "/")->status, 401);
  EXPECT_EQ(Post(analyst, "/period/lock", {{"period", kPeriod}})->status, 303);
  // Locked: no more changes; the public reads it once its pack is published.
  EXPECT_EQ(Post(owner, "/update/measure/falls", UpdateForm("2", "Late."))->status, 409);
  EXPECT_EQ(Post(chair, "/review/measure/falls", accept)->status, 409);
  EXPECT_EQ(client_->Get(std::string("/?period=") + "2023-24%20Q3")->status, 401);
  ASSERT_EQ(Post(analyst, "/pack/generate", {{"period", kPeriod}})->status, 303);
  ASSERT_EQ(Post(analyst, "/pack/publish", {{"period", kPeriod}})->status, 303);
  auto pub_page = client_->Get(std::string("/?period=") + "2023-24%20Q3");
  EXPECT_EQ(pub_page->status, 200);
  EXPECT_TRUE(Has(pub_page->body, "locked"));
  // Every step is in the audit log, which verifies.
  Browser admin = SignIn("admin");
  auto csv = Get(admin, "/audit.csv");
  ASSERT_EQ(csv->status, 200);
  for (const char* action : {",login,", ",update,", ",review,", ",lock,", ",download,"}) {
    EXPECT_TRUE(Has(csv->body, action)) << action;
  }
  EXPECT_TRUE(Has(Get(admin, "/audit")->body, "verifies"));
}

TEST_F(ServerTest, TheCommitteesAssuranceAndReportReachTheRecord) {
  Browser owner = SignIn("owner_nurse");
  Browser chair = SignIn("chair_quality");
  ASSERT_EQ(Post(owner, "/update/objective/safe", UpdateForm("0", "PSIRF is live."))->status, 303);
  httplib::Params accept{{"period", kPeriod},
                         {"update_revision", "1"},
                         {"decision", "accept"},
                         {"comment", "Good progress"},
                         {"assurance", "reasonable"}};
  ASSERT_EQ(Post(chair, "/review/objective/safe", accept)->status, 303);
  httplib::Params report{{"period", kPeriod},
                         {"alert", "Falls rising on two wards."},
                         {"advise", ""},
                         {"assure", "Pressure ulcers within limits."}};
  ASSERT_EQ(Post(chair, "/committee/quality", report)->status, 303);
  auto record = nlohmann::json::parse(Get(chair, "/api/summary")->body);
  ASSERT_EQ(record["assurance"].size(), 1u) << record["assurance"].dump();
  const auto& a = record["assurance"][0];
  EXPECT_EQ(a["committee_id"], "quality");
  EXPECT_EQ(a["objectives"][0]["objective_id"], "safe");
  EXPECT_EQ(a["objectives"][0]["level"], "reasonable");
  EXPECT_EQ(a["alert"][0], "Falls rising on two wards.");
  EXPECT_EQ(a["assure"][0], "Pressure ulcers within limits.");
  // A level the ingest rules refuse is refused here too, and nothing changes.
  httplib::Params bad = accept;
  bad.erase("assurance");
  bad.emplace("assurance", "excellent");
  EXPECT_EQ(Post(chair, "/review/objective/safe", bad)->status, 422);
}

TEST_F(ServerTest, AWriteByAnotherProcessIsSeenAtTheNextRequest) {
  Browser board = SignIn("board");
  auto before = nlohmann::json::parse(Get(board, "/api/summary")->body);
  EXPECT_EQ(before["measures"][0]["latest"]["period"], "2023-12");
  std::string summary = Get(board, "/")->body;  // the kept table
  // `barometer ingest` in another process: a revised December value.
  auto other = measures::Store::Open(path_, measures::Store::kMustExist);
  ASSERT_TRUE(other.ok());
  {
    measures::Transaction tx(*other);
    ASSERT_TRUE(tx.Begin().ok());
    auto load = other->AddLoad(
        {measures::LoadKind::kValues, "late.csv", "", "2024-01-03T00:00:00Z", "test"});
    ASSERT_TRUE(load.ok());
    measures::Observation o;
    o.measure_id = "falls";
    o.period = Period::Month(2023, 12);
    o.value = 987;
    ASSERT_TRUE(other->PutObservation(o, *load, 2).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  auto after = nlohmann::json::parse(Get(board, "/api/summary")->body);
  EXPECT_EQ(after["measures"][0]["latest"]["value"], 987);
  EXPECT_TRUE(Has(Get(board, "/")->body, ">987<"));
  EXPECT_FALSE(Has(summary, ">987<"));
}

TEST_F(ServerTest, InjectionStringsRenderInert) {
  Browser owner = SignIn("owner_nurse");
  const std::string script = "<script>alert(1)</script>";
  const std::string attr = "\"><img src=x onerror=alert(1)>";
  httplib::Params p = UpdateForm("0", script + " and " + attr);
  p.erase("key_message");
  p.emplace("key_message", attr);
  p.erase("mitigations");
  p.emplace("mitigations", "<svg onload=alert(1)>");
  ASSERT_EQ(Post(owner, "/update/measure/falls", p)->status, 303);
  for (const char* path : {"/measure/falls", "/update/measure/falls"}) {
    auto page = Get(owner, path);
    ASSERT_EQ(page->status, 200);
    EXPECT_FALSE(Has(page->body, "<script>alert")) << path;
    EXPECT_FALSE(Has(page->body, "<img src=x")) << path;
    EXPECT_FALSE(Has(page->body, "<svg onload")) << path;
    EXPECT_TRUE(Has(page->body, "&lt;script&gt;alert(1)&lt;/script&gt;")) << path;
  }
  // A rejected form echoes its fields escaped too.
  httplib::Params bad = UpdateForm("1", "fine");
  bad.erase("recovery");
  bad.emplace("recovery", script);
  auto r = Post(owner, "/update/measure/falls", bad);
  EXPECT_EQ(r->status, 422);
  EXPECT_FALSE(Has(r->body, "<script>alert"));
  // And a user name at the login form.
  auto login = TryLogin(script, "whatever password");
  EXPECT_FALSE(Has(login->body, "<script>alert"));
  // The audit view shows them escaped.
  auto audit = Get(SignIn("admin"), "/audit");
  EXPECT_FALSE(Has(audit->body, "<script>alert"));
  EXPECT_FALSE(Has(audit->body, "<img src=x"));
}

TEST_F(ServerTest, TheMeasurePageDrawsTheSpcChartFromTheRecord) {
  auto page = Get(SignIn("board"), "/measure/falls");
  ASSERT_EQ(page->status, 200);
  EXPECT_TRUE(Has(page->body, "<svg"));
  EXPECT_TRUE(Has(page->body, "statistical process control"));
  auto api = nlohmann::json::parse(Get(SignIn("board"), "/api/summary")->body);
  EXPECT_EQ(api["period"], kPeriod);
  EXPECT_EQ(api["measures"].size(), 2u);
}

}  // namespace
}  // namespace barometer::server::testing
