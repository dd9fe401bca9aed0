// server/app.cc — request routing, sessions, CSRF, and the handlers of the
// web application (docs/server.md). Pages are rendered from the period
// record; every access decision goes through Decide() (access.h).
#include <algorithm>
#include <ctime>
#include <mutex>
#include <shared_mutex>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/number.h"
#include "measures/ingest.h"
#include "measures/render.h"
#include "report/html.h"
#include "report/svg.h"
#include "server/internal/app.h"
#include "server/internal/db.h"
#include "server/internal/gzip.h"
#include "server/pack.h"

namespace barometer::server {

using measures::PeriodRecord;
using report::Esc;

namespace {

constexpr const char* kSessionCookie = "barometer_session";
constexpr const char* kCsp =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

bool StartsWith(const std::string& s, std::string_view p) { return s.rfind(p, 0) == 0; }

std::string Field(const std::map<std::string, std::string>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? std::string() : it->second;
}

}  // namespace

App::App(strategy::Strategy strategy, measures::Store store, ServerOptions options)
    : strategy_(std::move(strategy)),
      store_(std::move(store)),
      options_(std::move(options)),
      accounts_(store_),
      data_version_stmt_(store_.connection(), "PRAGMA data_version") {}

void App::ReadDataVersion() {
  auto row = data_version_stmt_.Step();
  if (row.ok() && *row) {
    data_version_ = data_version_stmt_.Int(0);
  } else {
    data_version_ = -2 - data_version_failures_++;  // equal to no memo's: forgets it
  }
  data_version_stmt_.Reset();
}

App::Memo& App::Fresh() {
  const int64_t changes = sqlite3_total_changes64(store_.connection());
  if (memo_.data_version != data_version_ || memo_.changes != changes) {
    memo_ = Memo{};
    memo_.data_version = data_version_;
    memo_.changes = changes;
  }
  return memo_;
}

Result<std::optional<measures::PeriodState>> App::StateOf(const Period& p) {
  Memo& m = Fresh();
  const std::string key = p.ToString();
  if (auto it = m.states.find(key); it != m.states.end()) return it->second;
  auto s = store_.GetPeriodState(p);
  if (!s.ok()) return s.status();
  if (m.states.size() >= 256) m.states.clear();
  m.states[key] = *s;
  return s;
}

Result<int64_t> App::LastLoad() {
  Memo& m = Fresh();
  if (m.last_load) return *m.last_load;
  auto last = store_.LastLoadId();
  if (!last.ok()) return last.status();
  m.last_load = *last;
  return *last;
}

int64_t App::Now() const {
  return options_.clock ? options_.clock() : static_cast<int64_t>(std::time(nullptr));
}

std::string App::NowIso() const {
  std::time_t t = static_cast<std::time_t>(Now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Date App::Today() const {
  if (options_.today) return *options_.today;
  return Date::FromDays(Now() / 86400);
}

Ctx App::Authenticate(const HttpRequest& req) {
  Ctx ctx{req, {}, {}, {}, StartsWith(req.path, "/api/"), nullptr};
  auto it = req.cookies.find(kSessionCookie);
  if (it == req.cookies.end()) return ctx;
  ctx.token = it->second;
  const int64_t now = Now();
  Memo& m = Fresh();
  // Looked up by the token's hash, as the store does: a comparison's time
  // then tells nothing about how much of a guessed token is right.
  const std::string key = Sha256Hex(ctx.token);
  if (auto known = m.sessions.find(key);
      known != m.sessions.end() && known->second.expires_at > now) {
    ctx.who = known->second.who;
    ctx.csrf = known->second.csrf;
    ctx.session_expires_at = known->second.expires_at;
    return ctx;
  }
  auto found = accounts_.FindSession(ctx.token, now);
  if (found.ok() && *found) {
    ctx.who = (*found)->user.AsPrincipal();
    ctx.csrf = (*found)->csrf;
    ctx.session_expires_at = (*found)->expires_at;
    // Only sessions found are kept (random tokens sent cannot fill memory),
    // a bounded number of them.
    if (m.sessions.size() >= 4096) m.sessions.clear();
    m.sessions[key] = {ctx.who, ctx.csrf, (*found)->expires_at};
  }
  return ctx;
}

void App::Audit(const Ctx& ctx, std::string action, std::string object, std::string period,
                std::string field, std::string before, std::string after) {
  AuditEntry e;
  e.at = NowIso();
  e.user = ctx.who.signed_in() ? ctx.who.name : "";
  e.role = ctx.who.RolesText();
  e.action = std::move(action);
  e.object = std::move(object);
  e.period = std::move(period);
  e.field = std::move(field);
  e.before = std::move(before);
  e.after = std::move(after);
  e.address = ctx.req.remote_addr;
  if (Status s = AppendAudit(store_, e); !s.ok()) {
    std::fprintf(stderr, "barometer serve: the audit log could not be written: %s\n",
                 s.message().c_str());
  }
}

std::string App::FrontKey(const HttpRequest& req) {
  if (req.method != "GET" || req.duplicate_fields) return {};
  auto token = req.cookies.find(kSessionCookie);
  if (token == req.cookies.end()) return {};
  std::string key = Sha256Hex(token->second);
  key += req.accepts_gzip ? "\x1fgzip\x1f" : "\x1f\x1f";
  key += req.path;
  for (const auto& [name, value] : req.query) key += "\x1f" + name + "=" + value;
  return key;
}

std::optional<HttpResponse> App::FrontPageFor(const std::string& key, const Generation& g) {
  std::shared_lock<std::shared_mutex> shared(front_mu_);
  auto it = front_.find(key);
  if (it == front_.end()) return std::nullopt;
  const FrontPage& f = it->second;
  if (!(f.generation == g) || f.expires_at <= Now() || f.day != Today().ToString()) {
    return std::nullopt;
  }
  HttpResponse r(200, "text/html; charset=utf-8", "");
  r.shared_body = f.body;
  if (f.gzip) r.content_encoding = "gzip";
  return r;
}

void App::KeepFrontPage(const std::string& key, const Generation& g, int64_t expires_at,
                        const HttpResponse& r) {
  std::unique_lock<std::shared_mutex> exclusive(front_mu_);
  if (!(front_generation_ == g) || front_.size() >= 512) {
    front_.clear();  // pages of another state of the store are never given again
    front_generation_ = g;
  }
  front_[key] = {g, expires_at, Today().ToString(), r.shared_body, !r.content_encoding.empty()};
}

HttpResponse App::Handle(const HttpRequest& req) {
  HttpResponse r;
  const std::string front_key = FrontKey(req);
  Generation g;
  if (!front_key.empty()) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ReadDataVersion();
      g = {data_version_, sqlite3_total_changes64(store_.connection())};
    }
    if (auto page = FrontPageFor(front_key, g)) r = std::move(*page);
  }
  if (!r.shared_body) {
    std::unique_lock<std::mutex> lock(mu_);
    ReadDataVersion();
    const Generation before{data_version_, sqlite3_total_changes64(store_.connection())};
    Ctx ctx = Authenticate(req);
    ctx.lock = &lock;
    if (req.duplicate_fields) {
      r = Error(ctx, 400, "a field was given twice");
    } else {
      r = Route(ctx);
    }
    // Whatever a POST changed (an update, a review, a session), no kept page
    // shows the state before it.
    if (req.method != "GET") {
      for (auto& [period, cached] : records_) cached.pages.clear();
      std::unique_lock<std::shared_mutex> exclusive(front_mu_);
      front_.clear();
    } else if (ctx.kept && !front_key.empty() && lock.owns_lock() &&
               sqlite3_total_changes64(store_.connection()) == before.changes) {
      KeepFrontPage(front_key, before, ctx.session_expires_at, r);
    }
  }
  // Compressed outside the lock (a kept page comes compressed already).
  if (!r.shared_body && req.accepts_gzip &&
      internal::WorthCompressing(r.content_type, r.body.size())) {
    r.shared_body = internal::Gzip(r.body);
    r.content_encoding = "gzip";
    r.body.clear();
  }
  r.headers.emplace_back("Content-Security-Policy", kCsp);
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

HttpResponse App::Route(Ctx& ctx) {
  const HttpRequest& req = ctx.req;
  const std::string& path = req.path;
  const bool get = req.method == "GET";
  const bool post = req.method == "POST";
  if (path == "/healthz" && get) {
    return {200, "text/plain; charset=utf-8", "ok\n", {}};
  }
  if (path == "/login") {
    if (get) return LoginForm(ctx, "", 200);
    if (post) return Login(ctx);
  }
  if (post) {
    // Every other state-changing request needs a session and its CSRF token.
    if (!ctx.who.signed_in()) return Error(ctx, 401, "sign in first");
    if (ctx.csrf.empty() || !ConstantTimeEqual(Field(req.form, "csrf"), ctx.csrf)) {
      Audit(ctx, "csrf_refused", "path:" + path, "");
      return Error(ctx, 403,
                   "the form's security token is missing or out of date (reload the page and "
                   "try again)");
    }
  }
  auto tail = [&](std::string_view prefix) -> std::optional<std::string> {
    if (!StartsWith(path, prefix) || path.size() == prefix.size()) return std::nullopt;
    std::string rest = path.substr(prefix.size());
    if (rest.find('/') != std::string::npos) return std::nullopt;
    return rest;
  };
  auto kind_id =
      [&](std::string_view prefix) -> std::optional<std::pair<std::string, std::string>> {
    if (!StartsWith(path, prefix)) return std::nullopt;
    std::string rest = path.substr(prefix.size());
    size_t slash = rest.find('/');
    if (slash == std::string::npos) return std::nullopt;
    std::string kind = rest.substr(0, slash), id = rest.substr(slash + 1);
    if ((kind != "measure" && kind != "objective") || id.empty() ||
        id.find('/') != std::string::npos) {
      return std::nullopt;
    }
    return std::make_pair(kind, id);
  };
  if (get) {
    if (path == "/") return Summary(ctx);
    if (auto id = tail("/measure/")) return MeasurePage(ctx, *id);
    if (path == "/api/summary") return ApiSummary(ctx);
    if (auto id = tail("/api/measure/")) return ApiMeasure(ctx, *id);
    if (path == "/api/completion") return ApiCompletion(ctx);
    if (path == "/my-updates") return MyUpdates(ctx);
    if (auto k = kind_id("/update/")) return UpdateForm(ctx, k->first, k->second);
    if (path == "/completion") return Completion(ctx);
    if (path == "/audit") return AuditPage(ctx, false);
    if (path == "/audit.csv") return AuditPage(ctx, true);
    if (auto id = tail("/committee/")) return CommitteeForm(ctx, *id);
    if (path == "/golden-thread") return GoldenThreadPage(ctx);
    if (path == "/baf") return BafPage(ctx);
    if (path == "/population") return PopulationPage(ctx);
    if (path == "/api/golden-thread") return ApiGoldenThread(ctx);
    if (path == "/api/baf") return ApiBaf(ctx);
    if (path == "/api/population") return ApiPopulation(ctx);
    if (path == "/pack") return PackPage(ctx);
    if (auto file = tail("/pack/")) return DownloadPack(ctx, *file);
    if (path == "/public") return PublicPage(ctx);
    if (path == "/api/packs") return ApiPacks(ctx);
  }
  if (post) {
    if (path == "/logout") return Logout(ctx);
    if (auto k = kind_id("/update/")) return SaveUpdate(ctx, k->first, k->second);
    if (auto k = kind_id("/review/")) return SaveReview(ctx, k->first, k->second);
    if (path == "/period/lock") return ChangePeriod(ctx, true);
    if (path == "/period/open") return ChangePeriod(ctx, false);
    if (auto id = tail("/committee/")) return SaveCommitteeReport(ctx, *id);
    if (path == "/pack/generate") return GeneratePack(ctx);
    if (path == "/pack/publish") return PublishPackNow(ctx);
  }
  return Error(ctx, 404, "no such page");
}

// ---- responses ----

std::string App::CsrfField(const Ctx& ctx) const {
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + Esc(ctx.csrf) + "\">";
}

HttpResponse App::Page(const Ctx& ctx, const std::string& title, const std::string& body,
                       int status) {
  std::string nav =
      "<a href=\"/\">Summary</a> <a href=\"/golden-thread\">Golden thread</a> <a "
      "href=\"/baf\">BAF</a> <a href=\"/population\">Population</a>";
  if (Decide(ctx.who, Action::kReadPack, {}).allowed) nav += " <a href=\"/pack\">Board pack</a>";
  nav += " <a href=\"/public\">Published papers</a>";
  if (Decide(ctx.who, Action::kReadMyUpdates, {}).allowed)
    nav += " <a href=\"/my-updates\">My updates</a>";
  if (Decide(ctx.who, Action::kReadCompletion, {}).allowed)
    nav += " <a href=\"/completion\">Completion</a>";
  if (Decide(ctx.who, Action::kReadAudit, {}).allowed) nav += " <a href=\"/audit\">Audit log</a>";
  if (ctx.who.signed_in()) {
    nav += " <span class=\"who\">" + Esc(ctx.who.name) + " (" + Esc(ctx.who.RolesText()) +
           ")</span> <form method=\"post\" action=\"/logout\" class=\"inline\">" + CsrfField(ctx) +
           "<button type=\"submit\">Sign out</button></form>";
  } else {
    nav += " <a href=\"/login\">Sign in</a>";
  }
  std::string note = options_.data_note.empty()
                         ? ""
                         : "<p class=\"data-note\">" + Esc(options_.data_note) + "</p>";
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>" +
      Esc(title) + " — " + Esc(strategy_.organisation.name) + "</title><style>" +
      report::Stylesheet("") +
      " nav{padding:.5em 28px;border-bottom:1px solid #ccc} nav a{margin-right:1em}"
      " form.inline{display:inline} .problem{color:#d5281b;font-weight:bold}"
      " label{display:block;margin-top:.8em;font-weight:bold} textarea{width:100%}"
      " .banner{border:2px solid #d5281b;padding:.5em}</style></head><body><nav>" +
      nav + "</nav><main><h1>" + Esc(title) + "</h1>" + note + body + "</main></body></html>\n";
  return {status, "text/html; charset=utf-8", std::move(html), {}};
}

HttpResponse App::Json(int status, const std::string& body) {
  return {status, "application/json; charset=utf-8", body, {}};
}

HttpResponse App::Error(const Ctx& ctx, int status, const std::string& message) {
  if (ctx.api) {
    nlohmann::ordered_json j;
    j["error"] = message;
    j["status"] = status;
    return Json(status, j.dump() + "\n");
  }
  std::string title = status == 404   ? "Not found"
                      : status == 401 ? "Sign in"
                      : status == 403 ? "Not allowed"
                      : status == 409 ? "Conflict"
                                      : "Problem";
  std::string body = "<p class=\"problem\">" + Esc(message) + "</p>";
  if (status == 401) body += "<p><a href=\"/login\">Sign in</a></p>";
  return Page(ctx, title, body, status);
}

HttpResponse App::Deny(const Ctx& ctx, const Decision& d) {
  return Error(ctx, ctx.who.signed_in() ? 403 : 401, d.reason);
}

std::string App::ViewerKey(const Ctx& ctx) {
  return "\x1f" + ctx.csrf + "\x1f" + ctx.who.name + "\x1f" + ctx.who.RolesText();
}

std::optional<HttpResponse> App::Kept(const Ctx& ctx, const Period& p, const std::string& key) {
  auto period = records_.find(p.ToString());
  if (period == records_.end()) return std::nullopt;
  auto it = period->second.pages.find(key);
  if (it == period->second.pages.end()) return std::nullopt;
  HttpResponse r(200, "text/html; charset=utf-8", "");
  r.shared_body = ctx.req.accepts_gzip ? it->second.gzip : it->second.identity;
  if (ctx.req.accepts_gzip) r.content_encoding = "gzip";
  ctx.kept = true;
  return r;
}

HttpResponse App::Keep(const Ctx& ctx, const Period& p, const std::string& key, HttpResponse page) {
  if (page.status != 200) return page;
  auto& pages = records_[p.ToString()].pages;
  if (pages.size() >= 512) pages.clear();  // a bounded number of pages and viewers at once
  CachedRecord::KeptPage& kept = pages[key];
  kept.identity = std::make_shared<const std::string>(std::move(page.body));
  kept.gzip = internal::Gzip(*kept.identity);
  return *Kept(ctx, p, key);
}

HttpResponse App::Redirect(const std::string& to) {
  return {303, "text/plain; charset=utf-8", "see " + to + "\n", {{"Location", to}}};
}

// ---- objects and periods ----

std::optional<Object> App::MeasureObject(const std::string& id, bool locked) {
  const strategy::Measure* m = strategy::FindMeasure(strategy_, id);
  if (m == nullptr) return std::nullopt;
  Object o;
  o.period_locked = locked;
  if (const strategy::Objective* obj = strategy::FindObjective(strategy_, m->objective)) {
    o.owner_role = obj->owner;
    const strategy::Committee* c = strategy::EffectiveCommittee(strategy_, *obj);
    o.committee_id = c ? c->id : std::string(measures::kBoardCommittee);
  } else if (const strategy::Priority* p = strategy::FindPriority(strategy_, m->priority)) {
    o.owner_role = p->lead;
    o.committee_id = p->committee.empty() ? std::string(measures::kBoardCommittee) : p->committee;
  }
  return o;
}

std::optional<Object> App::ObjectiveObject(const std::string& id, bool locked) {
  const strategy::Objective* obj = strategy::FindObjective(strategy_, id);
  if (obj == nullptr) return std::nullopt;
  Object o;
  o.period_locked = locked;
  o.owner_role = obj->owner;
  const strategy::Committee* c = strategy::EffectiveCommittee(strategy_, *obj);
  o.committee_id = c ? c->id : std::string(measures::kBoardCommittee);
  return o;
}

Result<Period> App::PeriodOf(const Ctx& ctx) {
  std::string text = Field(ctx.req.query, "period");
  if (text.empty()) text = Field(ctx.req.form, "period");
  if (!text.empty()) {
    std::optional<Period> p = Period::Parse(text);
    if (!p) {
      return Status::InvalidInput("`" + text +
                                  "` is not a period; expected e.g. 2023-24 Q3, 2023-07, "
                                  "2023-24 or 2023");
    }
    return *p;
  }
  // The latest open period, else the record's default.
  Memo& m = Fresh();
  if (!m.all_states) {
    auto states = store_.PeriodStates();
    if (!states.ok()) return states.status();
    m.all_states = std::move(*states);
  }
  for (auto it = m.all_states->rbegin(); it != m.all_states->rend(); ++it) {
    if (it->state == measures::RecordState::kOpen) return it->period;
  }
  // The record's default: found once per store state.
  auto last = LastLoad();
  if (!last.ok()) return last.status();
  const std::string key = std::to_string(*last) + "/" + Today().ToString();
  if (default_period_ && default_period_key_ == key) return *default_period_;
  measures::EvaluateOptions o;
  o.today = Today();
  auto r = measures::BuildRecord(store_, strategy_, o);
  if (!r.ok()) return r.status();
  default_period_key_ = key;
  default_period_ = r->period;
  return r->period;
}

Result<bool> App::Locked(const Period& p) {
  // Read from the store, not memo_: the update and review handlers decide
  // writes by it.
  auto s = store_.GetPeriodState(p);
  if (!s.ok()) return s.status();
  return *s && (*s)->state == measures::RecordState::kLocked;
}

Result<Object> App::PeriodObject(const Period& p) {
  auto s = StateOf(p);
  if (!s.ok()) return s.status();
  Object o;
  o.period_locked = *s && (*s)->state == measures::RecordState::kLocked;
  if (o.period_locked) {
    // Published: a pack made from this lock (a relock needs a new one).
    const std::string key = p.ToString() + "#" + std::to_string((*s)->revision);
    Memo& m = Fresh();
    if (auto it = m.published.find(key); it != m.published.end()) {
      o.published = it->second;
      return o;
    }
    auto published = PublishedForLock(store_, p.ToString(), (*s)->revision);
    if (!published.ok()) return published.status();
    o.published = *published;
    if (m.published.size() >= 256) m.published.clear();
    m.published[key] = *published;
  }
  return o;
}

std::optional<HttpResponse> App::CheckRead(const Ctx& ctx, const Object& o) {
  Decision d = Decide(ctx.who, Action::kReadRecord, o);
  if (d.allowed) return std::nullopt;
  return Deny(ctx, d);
}

std::optional<HttpResponse> App::ReadablePeriod(Ctx& ctx, Period* period, Object* object) {
  auto p = PeriodOf(ctx);
  if (!p.ok()) return Error(ctx, 400, p.status().message());
  auto o = PeriodObject(*p);
  if (!o.ok()) return Error(ctx, 500, o.status().message());
  if (auto refused = CheckRead(ctx, *o)) return refused;
  *period = *p;
  *object = *o;
  return std::nullopt;
}

Result<std::shared_ptr<const PeriodRecord>> App::Record(const Period& p) {
  auto last = LastLoad();
  if (!last.ok()) return last.status();
  auto state = StateOf(p);
  if (!state.ok()) return state.status();
  const std::string key = std::to_string(*last) + "/" +
                          (*state ? std::to_string((*state)->revision) : std::string("-")) + "/" +
                          Today().ToString();
  CachedRecord& c = records_[p.ToString()];
  if (c.record && c.key == key) return c.record;
  measures::EvaluateOptions o;
  o.period = p;
  o.today = Today();
  auto r = measures::BuildRecord(store_, strategy_, o);
  if (!r.ok()) return r.status();
  c.key = key;
  c.record = std::make_shared<const PeriodRecord>(std::move(*r));
  c.json.reset();
  c.summaries.clear();
  c.pages.clear();
  if (records_.size() > 16) {  // a few periods are read at once; forget the rest
    std::string keep = p.ToString();
    std::erase_if(records_, [&](const auto& e) { return e.first != keep; });
  }
  return records_[p.ToString()].record;
}

Result<std::shared_ptr<const std::string>> App::RecordJsonOf(const Period& p) {
  auto r = Record(p);
  if (!r.ok()) return r.status();
  CachedRecord& c = records_[p.ToString()];
  if (!c.json) c.json = std::make_shared<const std::string>(measures::RecordJson(**r, strategy_));
  return c.json;
}

const measures::Update* App::FindUpdate(const std::vector<measures::Update>& all,
                                        const std::string& kind, const std::string& id,
                                        const Period& p) {
  for (const measures::Update& u : all) {
    if (!(u.period == p)) continue;
    if (kind == "measure" ? u.measure_id == id : u.objective_id == id) return &u;
  }
  return nullptr;
}

Result<std::map<std::string, Review>> App::Reviews(const Period& p) {
  internal::Stmt q(store_.connection(),
                   "SELECT kind, object_id, decision, assurance, comment, reviewed_by, "
                   "reviewed_at, update_revision FROM update_reviews WHERE period = ? "
                   "ORDER BY review");
  q.Bind(1, p.ToString());
  std::map<std::string, Review> out;
  while (true) {
    auto row = q.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    out[q.Text(0) + ":" + q.Text(1)] = {q.Text(2), q.Text(3), q.Text(4),
                                        q.Text(5), q.Text(6), static_cast<int>(q.Int(7))};
  }
  return out;
}

}  // namespace barometer::server
