// server/internal/app.h — the web application behind the HTTP layer: one
// Handle() per request, serialised by a mutex (a Store is one SQLite
// connection and not thread-safe).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "measures/record.h"
#include "measures/store.h"
#include "server/access.h"
#include "server/accounts.h"
#include "server/audit.h"
#include "server/http.h"
#include "server/internal/db.h"
#include "server/server.h"
#include "strategy/strategy.h"

namespace barometer::server {

// A request with who sent it.
struct Ctx {
  const HttpRequest& req;
  Principal who;
  std::string csrf;   // the session's CSRF token
  std::string token;  // the session cookie as sent
  bool api = false;   // /api/...: answers in JSON
  // The application's lock, held while the request runs; a handler may let
  // it go around slow work that touches nothing shared (printing PDFs).
  std::unique_lock<std::mutex>* lock = nullptr;
  // Set by Kept(): the answer is a page kept for this viewer, which the next
  // same request may be given without taking the lock (App::front_).
  mutable bool kept = false;
  int64_t session_expires_at = 0;  // seconds
};

// The committee's review of an update.
struct Review {
  std::string decision;  // "accepted" or "returned"
  std::string assurance;
  std::string comment;
  std::string by;
  std::string at;
  int update_revision = 0;
};

// A measure's history: every revision of its updates and of its values.
struct MeasureHistory {
  std::vector<measures::Update> updates;
  std::vector<measures::StoredObservation> values;
};

class App {
 public:
  App(strategy::Strategy strategy, measures::Store store, ServerOptions options);
  HttpResponse Handle(const HttpRequest& req);

 private:
  HttpResponse Route(Ctx& ctx);
  int64_t Now() const;
  std::string NowIso() const;
  Date Today() const;
  Ctx Authenticate(const HttpRequest& req);
  void Audit(const Ctx& ctx, std::string action, std::string object, std::string period,
             std::string field = {}, std::string before = {}, std::string after = {});

  // Responses.
  HttpResponse Page(const Ctx& ctx, const std::string& title, const std::string& body,
                    int status = 200);
  HttpResponse Error(const Ctx& ctx, int status, const std::string& message);
  HttpResponse Deny(const Ctx& ctx, const Decision& d);
  HttpResponse Json(int status, const std::string& body);
  HttpResponse Redirect(const std::string& to);
  // Pages kept as sent (identity and gzip), by period and key: the key names
  // the page and its viewer; the period's record entry holds them, so a store
  // change forgets them, and so does every POST (a review, an update, a
  // sign-out). Kept() is the page if kept; Keep() keeps it and sends it.
  std::optional<HttpResponse> Kept(const Ctx& ctx, const Period& p, const std::string& key);
  HttpResponse Keep(const Ctx& ctx, const Period& p, const std::string& key, HttpResponse page);
  static std::string ViewerKey(const Ctx& ctx);
  std::string CsrfField(const Ctx& ctx) const;

  // Objects and periods.
  std::optional<Object> MeasureObject(const std::string& id, bool locked);
  std::optional<Object> ObjectiveObject(const std::string& id, bool locked);
  Result<Period> PeriodOf(const Ctx& ctx);
  Result<bool> Locked(const Period& p);
  // The store's period state and last load, as of this request (memo_).
  Result<std::optional<measures::PeriodState>> StateOf(const Period& p);
  Result<int64_t> LastLoad();
  // The period as an object of reading: locked, and its Board pack published.
  Result<Object> PeriodObject(const Period& p);
  // Reading the record of the period (summary, measure, thread, BAF,
  // population pages and their JSON): the decision, or the response refusing.
  std::optional<HttpResponse> CheckRead(const Ctx& ctx, const Object& o);
  // The period the request names and it as an object of reading, when the
  // viewer may read its record; otherwise the answer refusing (400 for a bad
  // period, 401/403/404 as Decide() says, 500 for a store error).
  std::optional<HttpResponse> ReadablePeriod(Ctx& ctx, Period* period, Object* object);
  // The period's record, built once and kept until the store changes (a new
  // load, a period state change) or the evaluation's date moves.
  Result<std::shared_ptr<const measures::PeriodRecord>> Record(const Period& p);
  // The record as `evaluate --format json` writes it (kept with the record).
  Result<std::shared_ptr<const std::string>> RecordJsonOf(const Period& p);
  const measures::Update* FindUpdate(const std::vector<measures::Update>& all,
                                     const std::string& kind, const std::string& id,
                                     const Period& p);
  Result<std::map<std::string, Review>> Reviews(const Period& p);

  // Handlers.
  HttpResponse LoginForm(const Ctx& ctx, const std::string& problem, int status);
  HttpResponse Login(Ctx& ctx);
  HttpResponse Logout(Ctx& ctx);
  HttpResponse Summary(Ctx& ctx);
  HttpResponse MeasurePage(Ctx& ctx, const std::string& id);
  HttpResponse ApiSummary(Ctx& ctx);
  HttpResponse ApiMeasure(Ctx& ctx, const std::string& id);
  HttpResponse ApiCompletion(Ctx& ctx);
  HttpResponse MyUpdates(Ctx& ctx);
  HttpResponse UpdateForm(Ctx& ctx, const std::string& kind, const std::string& id);
  HttpResponse SaveUpdate(Ctx& ctx, const std::string& kind, const std::string& id);
  HttpResponse SaveReview(Ctx& ctx, const std::string& kind, const std::string& id);
  HttpResponse Completion(Ctx& ctx);
  HttpResponse ChangePeriod(Ctx& ctx, bool lock);
  HttpResponse AuditPage(Ctx& ctx, bool csv);
  HttpResponse CommitteeForm(Ctx& ctx, const std::string& id);
  HttpResponse SaveCommitteeReport(Ctx& ctx, const std::string& id);
  // The Board pack (app_pack.cc).
  HttpResponse PackPage(Ctx& ctx);
  HttpResponse GeneratePack(Ctx& ctx);
  HttpResponse PublishPackNow(Ctx& ctx);
  HttpResponse DownloadPack(Ctx& ctx, const std::string& file);
  HttpResponse PublicPage(Ctx& ctx);
  HttpResponse ApiPacks(Ctx& ctx);
  // The reading pages beside the summary (app_views.cc).
  HttpResponse GoldenThreadPage(Ctx& ctx);
  HttpResponse BafPage(Ctx& ctx);
  HttpResponse PopulationPage(Ctx& ctx);
  HttpResponse ApiGoldenThread(Ctx& ctx);
  HttpResponse ApiBaf(Ctx& ctx);
  HttpResponse ApiPopulation(Ctx& ctx);
  // A measure's history up to the period (as of the lock when it is locked).
  Result<MeasureHistory> HistoryOf(const std::string& measure_id, const measures::PeriodRecord& r);

  // The committee (or `board`) as an object of access decisions.
  std::optional<Object> CommitteeObject(const std::string& id, bool locked);
  // Writes a committee's report for a period through `ingest --updates`'
  // rules: the problems found (nothing written then), else empty.
  Result<std::vector<std::string>> PutCommitteeReport(const Ctx& ctx,
                                                      const measures::CommitteeAssurance& report);

  // The update form, with the values shown and each field's problems.
  std::string RenderUpdateForm(const Ctx& ctx, const std::string& kind, const std::string& id,
                               const Period& p, const std::map<std::string, std::string>& values,
                               const std::map<std::string, std::vector<std::string>>& problems,
                               const std::string& banner);

  struct CachedRecord {
    std::string key;  // last load id, period state revision, today
    std::shared_ptr<const measures::PeriodRecord> record;
    std::shared_ptr<const std::string> json;       // made on first use
    std::map<std::string, std::string> summaries;  // the summary table, by filters
    // Whole summary pages as sent, by viewer (session) and filters: a page
    // costs a look-up rather than 800 kB of concatenation and compression.
    struct KeptPage {
      std::shared_ptr<const std::string> identity, gzip;
    };
    std::map<std::string, KeptPage> pages;
  };
  std::map<std::string, CachedRecord> records_;  // by period
  std::string default_period_key_;
  std::optional<Period> default_period_;

  // What a request reads most, kept in memory while the store is as it was:
  // sessions, period states, the last load, whether a lock's pack is
  // published. Valid while neither SQLite's data version (another
  // connection's commit, another process's included) nor this connection's
  // count of changes (our own writes) has moved; Fresh() forgets it when
  // either has. The data version is read once at the start of each request.
  // The store's state as one request saw it: SQLite's data version and this
  // connection's count of changes.
  struct Generation {
    int64_t data_version = -1;
    int64_t changes = -1;
    bool operator==(const Generation&) const = default;
  };
  struct Memo {
    int64_t data_version = -1;
    int64_t changes = -1;
    struct KnownSession {
      Principal who;
      std::string csrf;
      int64_t expires_at = 0;
    };
    std::map<std::string, KnownSession> sessions;                        // by the token's SHA-256
    std::map<std::string, std::optional<measures::PeriodState>> states;  // by period
    std::optional<std::vector<measures::PeriodState>> all_states;
    std::optional<int64_t> last_load;
    std::map<std::string, bool> published;  // by period and lock revision
  };
  Memo& Fresh();
  // Reads PRAGMA data_version (a failure counts as a change).
  void ReadDataVersion();

  std::mutex mu_;
  strategy::Strategy strategy_;
  measures::Store store_;
  ServerOptions options_;
  Accounts accounts_;
  Memo memo_;

  // Kept pages as last answered, by the session's token hash, gzip or not,
  // and the request's path and query: a GET finding its page here for the
  // store's present generation (and an unexpired session, the same day) is
  // answered under a shared lock, holding mu_ only to read the data version
  // (a thread preempted there holds up every other for a few microseconds,
  // not for the whole request). Filled by requests that found or made a kept
  // page without writing anything; emptied by every POST and every change.
  struct FrontPage {
    Generation generation;
    int64_t expires_at = 0;  // the session's
    std::string day;         // Today() when kept
    std::shared_ptr<const std::string> body;
    bool gzip = false;
  };
  std::optional<HttpResponse> FrontPageFor(const std::string& key, const Generation& g);
  void KeepFrontPage(const std::string& key, const Generation& g, int64_t expires_at,
                     const HttpResponse& r);
  static std::string FrontKey(const HttpRequest& req);
  std::shared_mutex front_mu_;
  std::unordered_map<std::string, FrontPage> front_;
  Generation front_generation_;
  int64_t data_version_ = -1;
  int64_t data_version_failures_ = 0;
  internal::Stmt data_version_stmt_;  // after store_: finalised before it closes
};

// A measure's history on its page, and in its JSON (app_views.cc).
std::string RenderHistory(const MeasureHistory& h, int decimals);
nlohmann::ordered_json HistoryJson(const MeasureHistory& h);

}  // namespace barometer::server
