// server/app_pages.cc — signing in and out, and the reading pages: the
// Making Data Count summary, a measure's page, and their JSON.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/number.h"
#include "measures/render.h"
#include "report/html.h"
#include "report/model.h"
#include "report/svg.h"
#include "server/internal/app.h"
#include "server/internal/gzip.h"

namespace barometer::server {

using measures::PeriodRecord;
using report::Esc;

namespace {

constexpr const char* kSessionCookie = "barometer_session";
constexpr const char* kLoginCookie = "barometer_login";

std::string Field(const std::map<std::string, std::string>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? std::string() : it->second;
}

std::string Value(double v, int decimals) {
  return decimals < 0 ? FormatShortest(v) : FormatFixed(v, decimals);
}

std::string PeriodQuery(const Period& p) { return "?period=" + UrlEncode(p.ToString()); }

std::string Option(const std::string& value, const std::string& label, const std::string& chosen) {
  return "<option value=\"" + Esc(value) + "\"" + (value == chosen ? " selected" : "") + ">" +
         Esc(label) + "</option>";
}

std::string CookieLine(const std::string& name, const std::string& value, const std::string& path,
                       int64_t max_age) {
  return name + "=" + value + "; Path=" + path + "; Max-Age=" + std::to_string(max_age) +
         "; HttpOnly; Secure; SameSite=Strict";
}

}  // namespace

// ---- signing in ----

HttpResponse App::LoginForm(const Ctx& ctx, const std::string& problem, int status) {
  // Login CSRF: a random value in a cookie and in the form must match.
  std::string token = RandomToken();
  std::string body;
  if (!problem.empty()) body += "<p class=\"problem\" role=\"alert\">" + Esc(problem) + "</p>";
  body += "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"csrf\" value=\"" +
          token +
          "\"><label for=\"name\">User name</label><input id=\"name\" name=\"name\" "
          "autocomplete=\"username\" required><label for=\"password\">Password</label><input "
          "id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" "
          "required><p><button type=\"submit\">Sign in</button></p></form>";
  HttpResponse r = Page(ctx, "Sign in", body, status);
  r.headers.emplace_back("Set-Cookie", CookieLine(kLoginCookie, token, "/login", 3600));
  return r;
}

HttpResponse App::Login(Ctx& ctx) {
  const HttpRequest& req = ctx.req;
  auto cookie = req.cookies.find(kLoginCookie);
  if (cookie == req.cookies.end() || cookie->second.empty() ||
      !ConstantTimeEqual(cookie->second, Field(req.form, "csrf"))) {
    Audit(ctx, "csrf_refused", "path:/login", "");
    return LoginForm(ctx, "The sign-in form was out of date; please try again.", 403);
  }
  const std::string name = Field(req.form, "name");
  const std::string password = Field(req.form, "password");
  const int64_t now = Now();
  auto failures =
      accounts_.RecentFailures(name, req.remote_addr, now - options_.login_window_seconds);
  if (!failures.ok()) return Error(ctx, 500, failures.status().message());
  Ctx anon{req, {}, {}, {}, false, nullptr};
  anon.who.name = name;
  if (*failures >= options_.login_failures_allowed) {
    AuditEntry e;
    Audit(anon, "login_blocked", "user:" + name.substr(0, 64), "");
    return LoginForm(anon,
                     fmt::format("Too many failed sign-ins; try again in {} minutes.",
                                 options_.login_window_seconds / 60),
                     429);
  }
  auto user = accounts_.CheckPassword(name, password);
  if (!user.ok()) return Error(ctx, 500, user.status().message());
  if (!*user) {
    (void)accounts_.RecordFailure(name, req.remote_addr, now);
    Audit(anon, "login_failed", "user:" + name.substr(0, 64), "");
    return LoginForm(anon, "The user name or password is wrong.", 401);
  }
  // A fresh session every time (no fixation): any session the browser held ends.
  if (!ctx.token.empty()) (void)accounts_.EndSession(ctx.token);
  auto session = accounts_.CreateSession((*user)->id, now, options_.session_seconds);
  if (!session.ok()) return Error(ctx, 500, session.status().message());
  Ctx signed_in{req, (*user)->AsPrincipal(), session->csrf, session->token, false, nullptr};
  Audit(signed_in, "login", "user:" + name, "");
  HttpResponse r = Redirect("/");
  r.headers.emplace_back("Set-Cookie",
                         CookieLine(kSessionCookie, session->token, "/", options_.session_seconds));
  r.headers.emplace_back("Set-Cookie", CookieLine(kLoginCookie, "", "/login", 0));
  return r;
}

HttpResponse App::Logout(Ctx& ctx) {
  (void)accounts_.EndSession(ctx.token);
  Audit(ctx, "logout", "user:" + ctx.who.name, "");
  HttpResponse r = Redirect("/login");
  r.headers.emplace_back("Set-Cookie", CookieLine(kSessionCookie, "", "/", 0));
  return r;
}

// ---- reading ----

HttpResponse App::Summary(Ctx& ctx) {
  Period period;
  Object po;
  if (auto refused = ReadablePeriod(ctx, &period, &po)) return std::move(*refused);
  auto record = Record(period);
  if (!record.ok()) return Error(ctx, 500, record.status().message());
  const std::string f_priority = Field(ctx.req.query, "priority");
  const std::string f_committee = Field(ctx.req.query, "committee");
  const std::string f_owner = Field(ctx.req.query, "owner");
  // The page depends on the record, the filters and who is looking.
  const std::string page_key =
      "summary\x1f" + f_priority + "\x1f" + f_committee + "\x1f" + f_owner + ViewerKey(ctx);
  if (auto kept = Kept(ctx, period, page_key)) return std::move(*kept);

  std::string body =
      "<p>" + Esc(period.ToString()) + ": " + Esc(measures::RecordStateName((*record)->state)) +
      ((*record)->state == measures::RecordState::kLocked
           ? " (locked " + Esc((*record)->locked_at) + " by " + Esc((*record)->locked_by) + ")"
           : "") +
      "; " + Esc((*record)->as_of) + ".</p>";
  // Filters (a GET form: works without scripts).
  body += "<form method=\"get\" action=\"/\"><input type=\"hidden\" name=\"period\" value=\"" +
          Esc(period.ToString()) +
          "\"><label for=\"priority\">Priority</label><select id=\"priority\" name=\"priority\">" +
          Option("", "All", f_priority);
  for (const auto& p : strategy_.priorities) body += Option(p.id, p.name, f_priority);
  body +=
      "</select><label for=\"committee\">Committee</label><select id=\"committee\" "
      "name=\"committee\">" +
      Option("", "All", f_committee);
  for (const auto& c : strategy_.committees) body += Option(c.id, c.name, f_committee);
  body += "</select><label for=\"owner\">Owner</label><select id=\"owner\" name=\"owner\">" +
          Option("", "All", f_owner);
  for (const auto& r : strategy_.roles) body += Option(r.id, r.title, f_owner);
  body += "</select> <button type=\"submit\">Filter</button></form>";

  // The table depends only on the record and the filters: kept with the
  // record (a bounded number of filter combinations).
  auto& summaries = records_[period.ToString()].summaries;
  if (summaries.size() > 64) summaries.clear();
  std::string& table = summaries[f_priority + "\x1f" + f_committee + "\x1f" + f_owner];
  if (table.empty()) {
    report::HtmlTable t;
    t.caption = "Making Data Count summary, " + Esc(period.ToString());
    t.headers = {"Measure", "Owner",  "Committee", "Latest",
                 "Value",   "Status", "Variation", "Assurance"};
    t.numeric = {false, false, false, false, true, false, false, false};
    for (const measures::MeasureEvaluation& m : (*record)->evaluation.measures) {
      if (!f_priority.empty() && m.priority_id != f_priority) continue;
      if (!f_committee.empty() && m.committee_id != f_committee) continue;
      if (!f_owner.empty() && m.owner_role != f_owner) continue;
      std::vector<std::string> row;
      row.push_back("<a href=\"/measure/" + Esc(UrlEncode(m.measure_id)) +
                    Esc(PeriodQuery(period)) + "\">" + Esc(m.name) + "</a>");
      row.push_back(Esc(m.owner));
      const strategy::Committee* committee = strategy::FindCommittee(strategy_, m.committee_id);
      row.push_back(Esc(committee ? committee->name : m.committee_id));
      row.push_back(m.latest ? Esc(measures::PeriodLabel(*m.latest)) : "—");
      row.push_back(m.latest ? Esc(Value(m.latest->value, m.decimals)) : "—");
      row.push_back(report::StatusPill(m.status));
      if (m.spc) {
        row.push_back(report::VariationIconSvg(m.spc->variation_icon, 28));
        row.push_back(m.spc->assurance == stats::AssuranceIcon::kNone
                          ? "—"
                          : report::AssuranceIconSvg(m.spc->assurance, 28));
      } else {
        row.push_back("—");
        row.push_back("—");
      }
      t.rows.push_back(std::move(row));
    }
    table = report::RenderTable(t);
  }
  body += table;
  return Keep(
      ctx, period, page_key,
      Page(ctx,
           strategy_.organisation.strategy.empty() ? "Summary" : strategy_.organisation.strategy,
           body));
}

HttpResponse App::MeasurePage(Ctx& ctx, const std::string& id) {
  Period period;
  Object po;
  if (auto refused = ReadablePeriod(ctx, &period, &po)) return std::move(*refused);
  const bool locked = po.period_locked;
  std::optional<Object> obj = MeasureObject(id, locked);
  if (!obj) return Error(ctx, 404, "no measure `" + id + "` in the strategy");
  auto record = Record(period);
  if (!record.ok()) return Error(ctx, 500, record.status().message());
  const measures::MeasureEvaluation* m = (*record)->Measure(id);
  const strategy::Measure* sm = strategy::FindMeasure(strategy_, id);
  if (m == nullptr || sm == nullptr) return Error(ctx, 404, "no measure `" + id + "`");
  const std::string page_key = "measure\x1f" + id + ViewerKey(ctx);
  if (auto kept = Kept(ctx, period, page_key)) return std::move(*kept);

  std::string body = "<p>" + report::StatusPill(m->status) + " " + Esc(m->reason) + "</p>";
  body += "<p>Owner: " + Esc(m->owner) + ". Committee: " + Esc(m->committee_id) +
          ". Period: " + Esc(period.ToString()) + " (" +
          Esc(measures::RecordStateName((*record)->state)) + ").</p>";
  if (m->latest) {
    body += "<p>Latest: " + Esc(Value(m->latest->value, m->decimals)) + " (" +
            Esc(measures::PeriodLabel(*m->latest)) + ")";
    if (m->target) body += "; target: " + Esc(m->target->text);
    body += "</p>";
  }
  if (m->spc) {
    report::SpcChart c;
    std::string desc = m->name + ": Making Data Count XmR chart of " +
                       std::to_string(m->spc->points.size()) + " points. " +
                       std::string(stats::VariationIconDescription(m->spc->variation_icon)) + ".";
    c.text = {"spc-chart", m->name + " — statistical process control", desc};
    c.decimals = m->decimals;
    c.improvement = m->direction == "lower"    ? stats::Improvement::kDecrease
                    : m->direction == "higher" ? stats::Improvement::kIncrease
                                               : stats::Improvement::kNeutral;
    c.point_legend = true;
    body += "<figure>" + report::RenderSpcChart(*m->spc, c) + "</figure>";
  } else if (!m->spc_note.empty()) {
    body += "<p>No SPC chart: " + Esc(m->spc_note) + "</p>";
  }
  // The owner's update and the committee's review.
  body += "<h2>Update for " + Esc(period.ToString()) + "</h2>";
  const measures::Update* u = (*record)->UpdateForMeasure(id);
  if (u == nullptr) {
    body += "<p>No update submitted.</p>";
  } else {
    body += "<p>Revision " + std::to_string(u->revision) + ", by " + Esc(u->author_role) + " (" +
            Esc(u->provenance.loaded_by) + ", " + Esc(u->provenance.loaded_at) + ").</p>";
    if (!u->key_message.empty()) body += "<p><strong>" + Esc(u->key_message) + "</strong></p>";
    body += "<p>" + Esc(u->narrative) + "</p>";
    if (u->proposed_assurance) {
      body +=
          "<p>Proposed assurance: " + Esc(measures::AssuranceLevelLabel(*u->proposed_assurance)) +
          "</p>";
    }
    if (u->recovery) body += "<p>Recovery by " + Esc(u->recovery->ToString()) + "</p>";
    if (!u->actions.empty()) {
      report::HtmlTable at;
      at.caption = "Actions";
      at.headers = {"Action", "Owner", "Due", "State"};
      for (const auto& a : u->actions) {
        at.rows.push_back({Esc(a.text), Esc(a.owner_role), Esc(a.due.ToString()),
                           Esc(measures::ActionStateName(a.state))});
      }
      body += report::RenderTable(at);
    }
  }
  auto reviews = Reviews(period);
  if (!reviews.ok()) return Error(ctx, 500, reviews.status().message());
  if (auto it = reviews->find("measure:" + id); it != reviews->end()) {
    const Review& r = it->second;
    body += "<p>Committee review: <strong>" + Esc(r.decision) + "</strong> (revision " +
            std::to_string(r.update_revision) + ", " + Esc(r.by) + ", " + Esc(r.at) + ")" +
            (r.assurance.empty() ? "" : "; assurance " + Esc(r.assurance)) +
            (r.comment.empty() ? "" : ": " + Esc(r.comment)) + "</p>";
  }
  auto history = HistoryOf(id, **record);
  if (!history.ok()) return Error(ctx, 500, history.status().message());
  body += RenderHistory(*history, m->decimals);
  if (Decide(ctx.who, Action::kEditUpdate, *obj).allowed && !locked) {
    body += "<p><a href=\"/update/measure/" + Esc(UrlEncode(id)) + Esc(PeriodQuery(period)) +
            "\">Submit or change the update</a></p>";
  }
  if (u != nullptr && !locked && Decide(ctx.who, Action::kReviewUpdate, *obj).allowed) {
    body += "<h2>Review</h2><form method=\"post\" action=\"/review/measure/" + Esc(UrlEncode(id)) +
            "\">" + CsrfField(ctx) + "<input type=\"hidden\" name=\"period\" value=\"" +
            Esc(period.ToString()) + "\"><input type=\"hidden\" name=\"update_revision\" value=\"" +
            std::to_string(u->revision) +
            "\"><label for=\"decision\">Decision</label><select id=\"decision\" "
            "name=\"decision\"><option value=\"accept\">Accept</option><option "
            "value=\"return\">Return to the owner</option></select><label "
            "for=\"assurance\">Assurance level</label><select id=\"assurance\" "
            "name=\"assurance\"><option value=\"\">(none)</option><option>substantial</option>"
            "<option>reasonable</option><option>partial</option><option>limited</option></select>"
            "<label for=\"comment\">Comment (required to return)</label><textarea id=\"comment\" "
            "name=\"comment\" rows=\"3\"></textarea><p><button type=\"submit\">Save "
            "review</button></p></form>";
  }
  return Keep(ctx, period, page_key, Page(ctx, m->name, body));
}

HttpResponse App::ApiSummary(Ctx& ctx) {
  Period period;
  Object po;
  if (auto refused = ReadablePeriod(ctx, &period, &po)) return std::move(*refused);
  auto json = RecordJsonOf(period);
  if (!json.ok()) return Error(ctx, 500, json.status().message());
  return Json(200, **json);
}

HttpResponse App::ApiMeasure(Ctx& ctx, const std::string& id) {
  Period period;
  Object po;
  if (auto refused = ReadablePeriod(ctx, &period, &po)) return std::move(*refused);
  const bool locked = po.period_locked;
  std::optional<Object> obj = MeasureObject(id, locked);
  if (!obj) return Error(ctx, 404, "no measure `" + id + "` in the strategy");
  auto record = Record(period);
  if (!record.ok()) return Error(ctx, 500, record.status().message());
  auto json = RecordJsonOf(period);
  if (!json.ok()) return Error(ctx, 500, json.status().message());
  nlohmann::ordered_json all = nlohmann::ordered_json::parse(**json);
  nlohmann::ordered_json out;
  out["period"] = period.ToString();
  out["state"] = measures::RecordStateName((*record)->state);
  out["measure"] = nullptr;
  out["update"] = nullptr;
  out["review"] = nullptr;
  for (const auto& m : all["measures"]) {
    if (m.value("measure_id", "") == id) out["measure"] = m;
  }
  for (const auto& u : all["updates"]) {
    if (u.value("measure_id", "") == id) out["update"] = u;
  }
  auto reviews = Reviews(period);
  if (!reviews.ok()) return Error(ctx, 500, reviews.status().message());
  if (auto it = reviews->find("measure:" + id); it != reviews->end()) {
    out["review"] = {{"decision", it->second.decision},
                     {"assurance", it->second.assurance},
                     {"comment", it->second.comment},
                     {"by", it->second.by},
                     {"at", it->second.at},
                     {"update_revision", it->second.update_revision}};
  }
  auto history = HistoryOf(id, **record);
  if (!history.ok()) return Error(ctx, 500, history.status().message());
  out["history"] = HistoryJson(*history);
  return Json(200, out.dump(2) + "\n");
}

}  // namespace barometer::server
