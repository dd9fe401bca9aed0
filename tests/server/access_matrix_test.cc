// The access-control matrix: every role x every endpoint x an object inside
// and outside the role's scope. The expected answer of each cell is written
// here; any allow not in this table fails the test.
#include <functional>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "server_fixture.h"

namespace barometer::server::testing {
namespace {

struct Endpoint {
  const char* method;
  std::string path;
  httplib::Params form;
  std::set<std::string> allowed;  // user names; "public" for no login
  // How the public is refused: 401 (sign in), or 404 where even the
  // existence of the thing is not told (an unpublished Board pack).
  int public_denial = 401;
};

const std::set<std::string> kSignedIn = {"admin",          "analyst",       "board",
                                         "chair_quality",  "member_people", "owner_nurse",
                                         "delegate_people"};
const std::set<std::string> kEveryone = {"public",      "admin",          "analyst",
                                         "board",       "chair_quality",  "member_people",
                                         "owner_nurse", "delegate_people"};
// Who reads a Board pack before it is published: not the owners.
const std::set<std::string> kPackReaders = {"admin", "analyst", "board", "chair_quality",
                                            "member_people"};
const std::string kQ = "?period=2023-24%20Q3";

std::vector<Endpoint> Endpoints() {
  auto update = [](const char* base) {
    return httplib::Params{
        {"period", kPeriod}, {"base_revision", base}, {"narrative", "An update."}};
  };
  httplib::Params review{{"period", kPeriod}, {"update_revision", "1"}, {"decision", "accept"}};
  // An unreadable period: whoever may lock or open gets past the access
  // check to a 400, and nothing changes.
  httplib::Params no_period{{"period", "not a period"}};
  return {
      // Reading the open period's record: every signed-in role.
      {"GET", "/", {}, kSignedIn},
      {"GET", "/measure/falls", {}, kSignedIn},
      {"GET", "/measure/turnover", {}, kSignedIn},
      {"GET", "/api/summary", {}, kSignedIn},
      {"GET", "/api/measure/falls", {}, kSignedIn},
      {"GET", "/api/measure/turnover", {}, kSignedIn},
      // Completion: the Board side, not the owners.
      {"GET", "/completion", {}, {"admin", "analyst", "board", "chair_quality", "member_people"}},
      {"GET",
       "/api/completion",
       {},
       {"admin", "analyst", "board", "chair_quality", "member_people"}},
      // An owner's list.
      {"GET", "/my-updates", {}, {"owner_nurse", "delegate_people"}},
      // Updates: only the owner (or delegate) of that measure or objective.
      {"GET", "/update/measure/falls", {}, {"owner_nurse"}},
      {"GET", "/update/measure/turnover", {}, {"delegate_people"}},
      {"GET", "/update/objective/safe", {}, {"owner_nurse"}},
      {"GET", "/update/objective/staff", {}, {"delegate_people"}},
      {"POST", "/update/measure/falls", update("0"), {"owner_nurse"}},
      {"POST", "/update/measure/turnover", update("0"), {"delegate_people"}},
      {"POST", "/update/objective/safe", update("0"), {"owner_nurse"}},
      {"POST", "/update/objective/staff", update("0"), {"delegate_people"}},
      // Reviews: only the committee overseeing it.
      {"POST", "/review/measure/falls", review, {"chair_quality"}},
      {"POST", "/review/measure/turnover", review, {"member_people"}},
      {"POST", "/review/objective/safe", review, {"chair_quality"}},
      {"POST", "/review/objective/staff", review, {"member_people"}},
      // The period: the analyst.
      {"POST", "/period/lock", no_period, {"analyst"}},
      {"POST", "/period/open", no_period, {"analyst"}},
      // The committee's report: its chair.
      {"GET", "/committee/quality", {}, {"chair_quality"}},
      {"GET", "/committee/people", {}, {}},
      {"POST", "/committee/quality", {{"period", kPeriod}, {"alert", "Falls."}}, {"chair_quality"}},
      {"POST", "/committee/people", {{"period", kPeriod}, {"alert", "Turnover."}}, {}},
      // The audit log: the admin.
      {"GET", "/audit", {}, {"admin"}},
      {"GET", "/audit.csv", {}, {"admin"}},
      // The reading pages beside the summary, and their JSON: as the record.
      {"GET", "/golden-thread", {}, kSignedIn},
      {"GET", "/baf", {}, kSignedIn},
      {"GET", "/population", {}, kSignedIn},
      {"GET", "/api/golden-thread", {}, kSignedIn},
      {"GET", "/api/baf", {}, kSignedIn},
      {"GET", "/api/population", {}, kSignedIn},
      // The Board pack of an open period (none can exist): readers get past
      // the check to "not generated" (the page) or 404 (a file); owners are
      // refused; the public is told nothing (404).
      {"GET", "/pack", {}, kPackReaders, 404},
      {"GET", "/pack/board.html", {}, kPackReaders, 404},
      {"GET", "/pack/board.pdf", {}, kPackReaders, 404},
      // Generating: analyst and admin (then refused: the period is open);
      // publishing: the analyst (then refused: no pack).
      {"POST", "/pack/generate", {{"period", kPeriod}}, {"analyst", "admin"}},
      {"POST", "/pack/publish", {{"period", kPeriod}}, {"analyst"}},
      // The published papers: anyone (nothing listed yet).
      {"GET", "/public", {}, kEveryone},
      {"GET", "/api/packs", {}, kEveryone},
  };
}

// The same after the analyst locked the period and generated its pack,
// before publishing it. Forms that would change something carry an
// unreadable period: whoever may, gets past the check to a 400.
std::vector<Endpoint> LockedEndpoints() {
  httplib::Params no_period{{"period", "not a period"}};
  return {
      {"GET", "/" + kQ, {}, kSignedIn},
      {"GET", "/measure/falls" + kQ, {}, kSignedIn},
      {"GET", "/golden-thread" + kQ, {}, kSignedIn},
      {"GET", "/baf" + kQ, {}, kSignedIn},
      {"GET", "/api/population" + kQ, {}, kSignedIn},
      {"GET", "/pack" + kQ, {}, kPackReaders, 404},
      {"GET", "/pack/board.html" + kQ + "&pack=1", {}, kPackReaders, 404},
      {"GET", "/pack/ipr.html" + kQ + "&pack=1", {}, kPackReaders, 404},
      {"POST", "/pack/generate", no_period, {"analyst", "admin"}},
      {"POST", "/pack/publish", no_period, {"analyst"}},
      {"GET",
       "/completion" + kQ,
       {},
       {"admin", "analyst", "board", "chair_quality", "member_people"}},
  };
}

// Once published: the pack and the period's record are everyone's. Another
// period, never locked, stays as it was (out of the publication's scope).
std::vector<Endpoint> PublishedEndpoints() {
  const std::string q2 = "?period=2023-24%20Q2";
  return {
      {"GET", "/" + kQ, {}, kEveryone},
      {"GET", "/measure/falls" + kQ, {}, kEveryone},
      {"GET", "/api/measure/turnover" + kQ, {}, kEveryone},
      {"GET", "/golden-thread" + kQ, {}, kEveryone},
      {"GET", "/baf" + kQ, {}, kEveryone},
      {"GET", "/population" + kQ, {}, kEveryone},
      {"GET", "/api/golden-thread" + kQ, {}, kEveryone},
      {"GET", "/pack" + kQ, {}, kEveryone},
      {"GET", "/pack/board.html" + kQ + "&pack=1", {}, kEveryone},
      {"GET", "/public", {}, kEveryone},
      {"GET",
       "/completion" + kQ,
       {},
       {"admin", "analyst", "board", "chair_quality", "member_people"}},
      {"GET", "/audit", {}, {"admin"}},
      {"GET", "/" + q2, {}, kSignedIn},
      {"GET", "/golden-thread" + q2, {}, kSignedIn},
      {"GET", "/pack" + q2, {}, kPackReaders, 404},
      {"GET", "/pack/board.html" + q2, {}, kPackReaders, 404},
  };
}

// Asks every endpoint as every browser; returns the cells asked. Any allow
// not in the table, or denial of an allow in it, fails the test.
int RunMatrix(ServerTest* t, const std::vector<Endpoint>& endpoints,
              const std::vector<std::pair<std::string, Browser>>& browsers,
              const std::function<httplib::Result(const Browser&, const Endpoint&)>& ask) {
  int cells = 0, unexpected_allows = 0, unexpected_denials = 0;
  (void)t;
  for (const Endpoint& e : endpoints) {
    for (const auto& [name, browser] : browsers) {
      httplib::Result r = ask(browser, e);
      if (!r) {
        ADD_FAILURE() << e.method << " " << e.path << " as " << name;
        continue;
      }
      ++cells;
      const bool is_public = name == "public";
      const bool denied =
          r->status == 401 || r->status == 403 || (is_public && r->status == e.public_denial);
      const bool expected = e.allowed.count(name) > 0;
      EXPECT_LT(r->status, 500) << e.method << " " << e.path << " as " << name;
      if (!denied && !expected) {
        ++unexpected_allows;
        ADD_FAILURE() << "UNEXPECTED ALLOW: " << e.method << " " << e.path << " as " << name
                      << " -> " << r->status;
      }
      if (denied && expected) {
        ++unexpected_denials;
        ADD_FAILURE() << "unexpected denial: " << e.method << " " << e.path << " as " << name
                      << " -> " << r->status << " " << r->body.substr(0, 300);
      }
      // The public is asked to sign in (or told nothing); a signed-in user is told no.
      if (denied) {
        EXPECT_EQ(r->status, is_public ? e.public_denial : 403) << e.path << " " << name;
      }
    }
  }
  EXPECT_EQ(unexpected_allows, 0);
  EXPECT_EQ(unexpected_denials, 0);
  return cells;
}

TEST_F(ServerTest, AccessMatrixHasNoUnexpectedAllow) {
  std::vector<std::pair<std::string, Browser>> browsers{{"public", Browser{}}};
  for (const TestUser& u : TestUsers()) browsers.emplace_back(u.name, SignIn(u.name));
  auto ask = [&](const Browser& b, const Endpoint& e) {
    return std::string(e.method) == "GET" ? Get(b, e.path) : Post(b, e.path, e.form);
  };
  // The open period.
  EXPECT_EQ(RunMatrix(this, Endpoints(), browsers, ask), 42 * 8);
  // Locked, its pack generated, not published.
  Browser analyst = browsers[2].second;
  ASSERT_EQ(Post(analyst, "/period/lock", {{"period", kPeriod}})->status, 303);
  ASSERT_EQ(Post(analyst, "/pack/generate", {{"period", kPeriod}})->status, 303);
  EXPECT_EQ(RunMatrix(this, LockedEndpoints(), browsers, ask), 11 * 8);
  // Published.
  ASSERT_EQ(Post(analyst, "/pack/publish", {{"period", kPeriod}})->status, 303);
  EXPECT_EQ(RunMatrix(this, PublishedEndpoints(), browsers, ask), 16 * 8);
}

// Once locked and its pack published, the public may read the record (and
// nothing else); locked alone is not enough.
TEST_F(ServerTest, ThePublicReadsOnlyALockedPublishedPeriod) {
  Browser pub;
  const std::string q = "?period=2023-24%20Q3";
  EXPECT_EQ(Get(pub, "/" + q)->status, 401);
  EXPECT_EQ(Get(pub, "/api/measure/falls" + q)->status, 401);
  Browser analyst = SignIn("analyst");
  ASSERT_EQ(Post(analyst, "/period/lock", {{"period", kPeriod}})->status, 303);
  EXPECT_EQ(Get(pub, "/" + q)->status, 401);
  ASSERT_EQ(Post(analyst, "/pack/generate", {{"period", kPeriod}})->status, 303);
  EXPECT_EQ(Get(pub, "/" + q)->status, 401);
  ASSERT_EQ(Post(analyst, "/pack/publish", {{"period", kPeriod}})->status, 303);
  EXPECT_EQ(Get(pub, "/" + q)->status, 200);
  EXPECT_EQ(Get(pub, "/measure/falls" + q)->status, 200);
  EXPECT_EQ(Get(pub, "/api/measure/falls" + q)->status, 200);
  EXPECT_EQ(Get(pub, "/completion" + q)->status, 401);
  EXPECT_EQ(Get(pub, "/audit")->status, 401);
  EXPECT_EQ(Get(pub, "/my-updates")->status, 401);
  // Another period, never locked, stays closed to the public.
  EXPECT_EQ(Get(pub, "/?period=2023-24%20Q2")->status, 401);
}

// The table itself, without HTTP: scope is matched exactly.
TEST(AccessTest, ScopeIsMatchedExactly) {
  Principal owner{1, "o", {{Role::kOwner, "chief_nurse"}}};
  EXPECT_TRUE(Decide(owner, Action::kEditUpdate, {"chief_nurse", "quality", false}).allowed);
  EXPECT_FALSE(Decide(owner, Action::kEditUpdate, {"chief_nurse_2", "quality", false}).allowed);
  EXPECT_FALSE(Decide(owner, Action::kEditUpdate, {"", "", false}).allowed);
  Principal unnamed{5, "u", {{Role::kOwner, "unnamed"}}};
  EXPECT_FALSE(Decide(unnamed, Action::kEditUpdate, {"unnamed", "quality", false}).allowed);
  Principal empty_scope{2, "e", {{Role::kOwner, ""}}};
  EXPECT_FALSE(Decide(empty_scope, Action::kEditUpdate, {"", "", false}).allowed);
  Principal chair{3, "c", {{Role::kCommitteeChair, "quality"}}};
  EXPECT_TRUE(Decide(chair, Action::kReviewUpdate, {"x", "quality", false}).allowed);
  EXPECT_FALSE(Decide(chair, Action::kReviewUpdate, {"quality", "people", false}).allowed);
  Principal nobody;
  EXPECT_FALSE(Decide(nobody, Action::kReadRecord, {"", "", false}).allowed);
  EXPECT_FALSE(Decide(nobody, Action::kReadRecord, {"", "", true}).allowed);
  EXPECT_TRUE(Decide(nobody, Action::kReadRecord, {"", "", true, true}).allowed);
  EXPECT_FALSE(Decide(nobody, Action::kReadPack, {"", "", true, false}).allowed);
  EXPECT_TRUE(Decide(nobody, Action::kReadPack, {"", "", true, true}).allowed);
  EXPECT_FALSE(Decide(nobody, Action::kGeneratePack, {"", "", true, true}).allowed);
  Principal owner_only{6, "o2", {{Role::kOwner, "chief_nurse"}}};
  EXPECT_FALSE(Decide(owner_only, Action::kReadPack, {"", "", true, false}).allowed);
  EXPECT_TRUE(Decide(owner_only, Action::kReadPack, {"", "", true, true}).allowed);
  EXPECT_FALSE(Decide(owner_only, Action::kPublishPack, {"", "", true, false}).allowed);
  EXPECT_FALSE(Decide(nobody, Action::kReadCompletion, {"", "", true}).allowed);
  Principal no_grants{4, "n", {}};
  EXPECT_FALSE(Decide(no_grants, Action::kReadRecord, {"", "", true}).allowed);
}

}  // namespace
}  // namespace barometer::server::testing
