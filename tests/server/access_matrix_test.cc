// The access-control matrix: every role x every endpoint x an object inside
// and outside the role's scope. The expected answer of each cell is written
// here; any allow not in this table fails the test.
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
};

const std::set<std::string> kSignedIn = {"admin",          "analyst",       "board",
                                         "chair_quality",  "member_people", "owner_nurse",
                                         "delegate_people"};

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
  };
}

TEST_F(ServerTest, AccessMatrixHasNoUnexpectedAllow) {
  std::vector<std::pair<std::string, Browser>> browsers{{"public", Browser{}}};
  for (const TestUser& u : TestUsers()) browsers.emplace_back(u.name, SignIn(u.name));
  int cells = 0, unexpected_allows = 0, unexpected_denials = 0;
  for (const Endpoint& e : Endpoints()) {
    for (const auto& [name, browser] : browsers) {
      httplib::Result r =
          std::string(e.method) == "GET" ? Get(browser, e.path) : Post(browser, e.path, e.form);
      ASSERT_TRUE(r) << e.method << " " << e.path << " as " << name;
      ++cells;
      const bool denied = r->status == 401 || r->status == 403;
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
      // The public is asked to sign in; a signed-in user is told no.
      if (denied) {
        EXPECT_EQ(r->status, name == "public" ? 401 : 403) << e.path << " " << name;
      }
    }
  }
  EXPECT_EQ(cells, 29 * 8);
  EXPECT_EQ(unexpected_allows, 0);
  EXPECT_EQ(unexpected_denials, 0);
}

// Once locked, the public may read the record (and nothing else).
TEST_F(ServerTest, ThePublicReadsOnlyALockedPeriod) {
  Browser pub;
  const std::string q = "?period=2023-24%20Q3";
  EXPECT_EQ(Get(pub, "/" + q)->status, 401);
  EXPECT_EQ(Get(pub, "/api/measure/falls" + q)->status, 401);
  ASSERT_EQ(Post(SignIn("analyst"), "/period/lock", {{"period", kPeriod}})->status, 303);
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
  EXPECT_TRUE(Decide(nobody, Action::kReadRecord, {"", "", true}).allowed);
  EXPECT_FALSE(Decide(nobody, Action::kReadCompletion, {"", "", true}).allowed);
  Principal no_grants{4, "n", {}};
  EXPECT_FALSE(Decide(no_grants, Action::kReadRecord, {"", "", true}).allowed);
}

}  // namespace
}  // namespace barometer::server::testing
