// `barometer period open|status|lock|reopen`: a reporting period's record
// life cycle (docs/period-record.md). Open: data and updates may change.
// Locked: the Board has seen the record; it is read back exactly as it was
// (every table as of the lock's last load), updates for it are refused, and
// values revised since are listed beside it.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/measures_common.h"
#include "core/number.h"
#include "measures/record.h"
#include "measures/render.h"
#include "measures/store.h"

namespace barometer::cli {
namespace {

using measures::PeriodState;
using measures::RecordState;
using measures::Store;

struct PeriodArgs {
  std::string action;  // open, status, lock, reopen
  std::string strategy;
  std::string db = measures::kDefaultStorePath;
  std::string period;
  std::string note;
  std::string today;  // lock: the evaluation's `today` (default: today)
  std::string format = "text";
};

std::string StateLine(const Period& p, const std::optional<PeriodState>& s) {
  if (!s) return fmt::format("{}: open (never locked)\n", p.ToString());
  if (s->state == RecordState::kLocked) {
    return fmt::format("{}: locked {} by {} (read as of load {}{})\n", p.ToString(), s->changed_at,
                       s->changed_by, s->lock_load_id, s->note.empty() ? "" : "; " + s->note);
  }
  return fmt::format("{}: open since {} ({}){}\n", p.ToString(), s->changed_at, s->changed_by,
                     s->note.empty() ? "" : "; " + s->note);
}

int Fail(const char* what, const Status& s) {
  PrintError(what, s);
  return ExitCodeFor(s);
}

int RunPeriod(const PeriodArgs& a) {
  std::string command = "period " + a.action;
  const char* cmd = command.c_str();
  std::optional<Period> period = Period::Parse(a.period);
  if (!period) {
    std::fprintf(stderr,
                 "barometer %s: `%s` is not a period; expected e.g. \"2023-24 Q3\", 2023-24, "
                 "2023-07 or 2023\n",
                 cmd, a.period.c_str());
    return kExitUsage;
  }
  std::optional<Date> today = Today();
  if (!a.today.empty()) {
    today = Date::Parse(a.today);
    if (!today) {
      std::fprintf(stderr, "barometer %s: --today `%s` is not a date (YYYY-MM-DD)\n", cmd,
                   a.today.c_str());
      return kExitUsage;
    }
  }
  int rc = kExitOk;
  std::optional<strategy::Strategy> s = LoadStrategy(cmd, a.strategy, &rc);
  if (!s) return rc;
  auto store = Store::Open(a.db, a.action == "open" ? Store::kCreate : Store::kMustExist);
  if (!store.ok()) return Fail(cmd, store.status());

  if (a.action == "status") {
    auto state = store->GetPeriodState(*period);
    if (!state.ok()) return Fail(cmd, state.status());
    measures::EvaluateOptions options;
    options.period = period;
    options.today = today;
    auto record = measures::BuildRecord(*store, *s, options);
    if (!record.ok()) return Fail(cmd, record.status());
    int with_values = 0;
    for (const auto& m : record->evaluation.measures) with_values += m.latest.has_value();
    if (a.format == "json") {
      nlohmann::ordered_json j;
      j["period"] = period->ToString();
      j["state"] = measures::RecordStateName(record->state);
      j["changed_at"] = *state ? (*state)->changed_at : "";
      j["changed_by"] = *state ? (*state)->changed_by : "";
      j["lock_load_id"] = record->lock_load_id;
      j["measures"] = record->evaluation.measures.size();
      j["measures_with_values"] = with_values;
      j["updates"] = record->updates.size();
      j["committee_reports"] = record->assurance.size();
      j["delivery_targets"] = record->delivery_targets.size();
      j["process_changes"] = record->process_changes.size();
      j["revisions_since_lock"] =
          nlohmann::ordered_json::parse(measures::RevisionsSinceLockJson(*record));
      Print(j.dump(2) + "\n");
      return kExitOk;
    }
    std::string out = StateLine(*period, *state);
    out += fmt::format(
        "  {} measures ({} with a value), {} updates, {} committee reports, {} delivery "
        "targets, {} process changes; {}\n",
        record->evaluation.measures.size(), with_values, record->updates.size(),
        record->assurance.size(), record->delivery_targets.size(), record->process_changes.size(),
        record->as_of);
    if (record->state == RecordState::kLocked) {
      if (record->revisions_since_lock.empty()) {
        out += "  no value has been revised since the Board saw it\n";
      } else {
        out += fmt::format("  {} value(s) revised since the Board saw it:\n",
                           record->revisions_since_lock.size());
        for (const auto& v : record->revisions_since_lock) {
          out += fmt::format("    {} {}: now {} (the Board saw {}; {}:{})\n", v.measure_id,
                             v.period.ToString(), FormatShortest(v.value_now),
                             v.added ? "no value" : FormatShortest(v.value_seen),
                             v.provenance.source_file, v.provenance.source_line);
        }
      }
    }
    Print(out);
    return kExitOk;
  }

  measures::Transaction tx(*store);
  if (Status st = tx.Begin(); !st.ok()) return Fail(cmd, st);
  auto state = store->GetPeriodState(*period);
  if (!state.ok()) return Fail(cmd, state.status());
  const bool locked = *state && (*state)->state == RecordState::kLocked;
  PeriodState next;
  next.period = *period;
  next.changed_at = NowUtc();
  next.changed_by = UserName();
  next.note = a.note;
  if (a.action == "open") {
    if (locked) {
      std::fprintf(stderr,
                   "barometer %s: %s is locked (%s by %s); `barometer period reopen` it to "
                   "change it\n",
                   cmd, period->ToString().c_str(), (*state)->changed_at.c_str(),
                   (*state)->changed_by.c_str());
      return kExitFindings;
    }
    if (*state) {
      Print(StateLine(*period, *state));
      return kExitOk;  // already open: nothing to write
    }
    next.state = RecordState::kOpen;
  } else if (a.action == "lock") {
    if (locked) {
      std::fprintf(stderr, "barometer %s: %s is already locked (%s by %s)\n", cmd,
                   period->ToString().c_str(), (*state)->changed_at.c_str(),
                   (*state)->changed_by.c_str());
      return kExitFindings;
    }
    // The record must build before it is locked.
    measures::EvaluateOptions options;
    options.period = period;
    options.today = today;
    auto record = measures::BuildRecord(*store, *s, options);
    if (!record.ok()) return Fail(cmd, record.status());
    auto last = store->LastLoadId();
    if (!last.ok()) return Fail(cmd, last.status());
    next.state = RecordState::kLocked;
    next.lock_load_id = *last;
    next.lock_today = today;
  } else {  // reopen
    if (!locked) {
      std::fprintf(stderr, "barometer %s: %s is not locked; nothing to reopen\n", cmd,
                   period->ToString().c_str());
      return kExitFindings;
    }
    next.state = RecordState::kOpen;
  }
  if (Status st = store->PutPeriodState(next); !st.ok()) return Fail(cmd, st);
  if (Status st = tx.Commit(); !st.ok()) return Fail(cmd, st);
  Print(StateLine(*period, next));
  return kExitOk;
}

}  // namespace

void RegisterPeriodCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<PeriodArgs>();
  auto* sub = app.add_subcommand(
      "period",
      "A reporting period's record: open (data and updates may change), lock (the Board has "
      "seen it: it is read back exactly as it was, updates for it are refused, values revised "
      "later are listed beside it), reopen, status. Life cycle: docs/period-record.md");
  sub->add_option("action", args->action, "open, status, lock or reopen")
      ->required()
      ->check(CLI::IsMember({"open", "status", "lock", "reopen"}));
  sub->add_option("--strategy", args->strategy, "The strategy file")->required();
  sub->add_option("--period", args->period, "The reporting period, e.g. \"2023-24 Q3\"")
      ->required();
  sub->add_option("--db", args->db, "The measure store (SQLite)")->capture_default_str();
  sub->add_option("--note", args->note, "Why (kept with the state change), e.g. for reopen");
  sub->add_option("--today", args->today,
                  "lock: the date the record is evaluated on (default: today)");
  sub->add_option("--format", args->format, "status as text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  sub->footer(std::string(kExitCodeHelp) +
              "  (period: 1 also when the state does not allow the action: lock a locked "
              "period, reopen an open one, open a locked one)\n");
  sub->callback([args, exit_code] { *exit_code = RunPeriod(*args); });
}

}  // namespace barometer::cli
