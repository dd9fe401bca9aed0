// tests/server/server_fixture.h — a server started in-process on an
// ephemeral loopback port, over a store with one user per role, driven with
// cpp-httplib's client (no sleeping: the port accepts once Start returns).
#pragma once

#include <atomic>
#include <cstdio>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>

#include "measures/store.h"
#include "server/accounts.h"
#include "server/server.h"
#include "strategy/load.h"

namespace barometer::server::testing {

// Two committees, two executive owners, one measure and one objective each.
inline constexpr const char* kStrategy = R"toml(
format = 1

[organisation]
name = "Test Trust"
kind = "trust"
strategy = "Test Strategy"
ods_code = "RXX"

[organisation.period]
start = 2021-04-01
end = 2024-03-31

[[roles]]
id = "chief_nurse"
title = "Chief Nurse"

[[roles]]
id = "chief_people_officer"
title = "Chief People Officer"

[[committees]]
id = "quality"
name = "Quality Committee"
chair = "chief_nurse"

[[committees]]
id = "people"
name = "People Committee"

[[priorities]]
id = "care"
name = "Great Care"
committee = "quality"

[[priorities]]
id = "workforce"
name = "Great People"
committee = "people"

[[objectives]]
id = "safe"
priority = "care"
name = "Safe care"
owner = "chief_nurse"

[[objectives]]
id = "staff"
priority = "workforce"
name = "Great staff experience"
owner = "chief_people_officer"

[[measures]]
id = "falls"
objective = "safe"
name = "Inpatient falls"
unit = "count"
direction = "lower"
frequency = "monthly"

[[measures]]
id = "turnover"
objective = "staff"
name = "Staff turnover"
unit = "percent"
direction = "lower"
frequency = "monthly"
)toml";

inline constexpr const char* kPassword = "correct horse battery staple";
inline constexpr const char* kPeriod = "2023-24 Q3";

// The users, one per role (scopes: the quality committee and the chief
// nurse's part of the strategy, or the people committee and the chief
// people officer's).
struct TestUser {
  const char* name;
  std::vector<Grant> grants;
};
inline std::vector<TestUser> TestUsers() {
  return {
      {"admin", {{Role::kAdmin, ""}}},
      {"analyst", {{Role::kAnalyst, ""}}},
      {"board", {{Role::kBoard, ""}}},
      {"chair_quality", {{Role::kCommitteeChair, "quality"}}},
      {"member_people", {{Role::kCommitteeMember, "people"}}},
      {"owner_nurse", {{Role::kOwner, "chief_nurse"}}},
      {"delegate_people", {{Role::kDelegate, "chief_people_officer"}}},
  };
}

// A signed-in browser: its session cookie and CSRF token.
struct Browser {
  std::string cookie;  // "barometer_session=..."; empty for the public
  std::string csrf;
};

inline std::string SetCookieValue(const httplib::Result& r, const std::string& name) {
  for (const auto& [k, v] : r->headers) {
    if (k == "Set-Cookie" && v.rfind(name + "=", 0) == 0) {
      return v.substr(name.size() + 1, v.find(';') - name.size() - 1);
    }
  }
  return "";
}

inline std::string CsrfOf(const std::string& html) {
  std::smatch m;
  static const std::regex kCsrf("name=\"csrf\" value=\"([0-9a-f]+)\"");
  return std::regex_search(html, m, kCsrf) ? m[1].str() : "";
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto().ok());
    path_ = ::testing::TempDir() + "/server_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db";
    std::remove(path_.c_str());
    auto store = measures::Store::Open(path_, measures::Store::kCreate);
    ASSERT_TRUE(store.ok()) << store.status().message();
    Accounts accounts(*store, HashCost::kMinimal);
    for (const TestUser& u : TestUsers()) {
      auto id = accounts.AddUser(u.name, kPassword, u.grants, "2024-01-01T00:00:00Z");
      ASSERT_TRUE(id.ok()) << id.status().message();
    }
    AddValues(*store);
    AddMore(*store);
    strategy_text_ = StrategyText();
    strategy::Loaded loaded = strategy::ParseStrategy(strategy_text_, "test.toml");
    ASSERT_TRUE(loaded.ok()) << strategy::FormatValidation(loaded);
    ServerOptions o;
    o.host = "127.0.0.1";
    o.port = 0;
    o.clock = [this] { return now_.load(); };
    o.today = Date{2024, 1, 15};
    o.limits.max_body_bytes = 64 * 1024;
    o.limits.threads = 4;
    o.limits.read_timeout_seconds = 1;  // the slow-client test waits for it
    o.limits.keep_alive_seconds = 1;
    o.chromium = Chromium();
    auto server = Server::Start(std::move(loaded.strategy), std::move(*store), o);
    ASSERT_TRUE(server.ok()) << server.status().message();
    server_ = std::move(*server);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }

  // A fixture may serve another strategy, add to the store, or print PDFs.
  virtual std::string StrategyText() const { return kStrategy; }
  virtual void AddMore(measures::Store&) {}
  virtual std::string Chromium() const { return ""; }

  void TearDown() override {
    client_.reset();
    server_.reset();
    std::remove(path_.c_str());
  }

  // Two years of monthly values for both measures, and the period opened.
  static void AddValues(measures::Store& store) {
    measures::Transaction tx(store);
    ASSERT_TRUE(tx.Begin().ok());
    auto load = store.AddLoad(
        {measures::LoadKind::kValues, "values.csv", "", "2024-01-02T00:00:00Z", "test"});
    ASSERT_TRUE(load.ok());
    int line = 2;
    for (int i = 0; i < 24; ++i) {
      int year = 2022 + (i + 0) / 12, month = i % 12 + 1;
      measures::Observation falls;
      falls.measure_id = "falls";
      falls.period = Period::Month(year, month);
      falls.value = 20.0 + (i * 7 % 5);
      measures::Observation turnover = falls;
      turnover.measure_id = "turnover";
      turnover.value = 11.0 + (i % 3) * 0.2;
      ASSERT_TRUE(store.PutObservation(falls, *load, line++).ok());
      ASSERT_TRUE(store.PutObservation(turnover, *load, line++).ok());
    }
    measures::PeriodState open;
    open.period = *Period::Parse(kPeriod);
    open.state = measures::RecordState::kOpen;
    open.changed_at = "2024-01-02T00:00:00Z";
    open.changed_by = "test";
    ASSERT_TRUE(store.PutPeriodState(open).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }

  httplib::Headers CookieHeaders(const Browser& b) {
    httplib::Headers h;
    if (!b.cookie.empty()) h.emplace("Cookie", b.cookie);
    return h;
  }

  // Signs in through the login form; EXPECTs success.
  Browser SignIn(const std::string& name, const std::string& password = kPassword) {
    Browser b;
    auto r = TryLogin(name, password);
    EXPECT_EQ(r->status, 303) << name << ": " << r->body;
    std::string token = SetCookieValue(r, "barometer_session");
    EXPECT_EQ(token.size(), 64u);
    b.cookie = "barometer_session=" + token;
    auto home = client_->Get("/", CookieHeaders(b));
    EXPECT_EQ(home->status, 200);
    b.csrf = CsrfOf(home->body);
    EXPECT_FALSE(b.csrf.empty());
    return b;
  }

  httplib::Result TryLogin(const std::string& name, const std::string& password) {
    auto form = client_->Get("/login");
    EXPECT_EQ(form->status, 200);
    std::string login_cookie = SetCookieValue(form, "barometer_login");
    httplib::Headers h{{"Cookie", "barometer_login=" + login_cookie}};
    httplib::Params p{{"csrf", CsrfOf(form->body)}, {"name", name}, {"password", password}};
    return client_->Post("/login", h, p);
  }

  httplib::Result Get(const Browser& b, const std::string& path) {
    return client_->Get(path, CookieHeaders(b));
  }
  httplib::Result Post(const Browser& b, const std::string& path, httplib::Params p,
                       bool with_csrf = true) {
    if (with_csrf && !b.csrf.empty()) p.emplace("csrf", b.csrf);
    return client_->Post(path, CookieHeaders(b), p);
  }

  // The update form's fields with sensible values.
  static httplib::Params UpdateForm(const std::string& base_revision,
                                    const std::string& narrative) {
    return {{"period", kPeriod},
            {"base_revision", base_revision},
            {"narrative", narrative},
            {"key_message", ""},
            {"assurance", "partial"},
            {"recovery", "2024-06-30"},
            {"actions", "Falls huddles on every ward | owner: chief_nurse | due: 2024-03-31"},
            {"mitigations", ""}};
  }

  std::string path_;
  std::string strategy_text_;
  std::atomic<int64_t> now_{1704067200};  // 2024-01-01T00:00:00Z
  std::unique_ptr<Server> server_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace barometer::server::testing
