// `barometer ingest --source PUBLICATION FILE`: national published statistics
// (docs/published-data.md) as bound measures' values and peer benchmarks.
// Hooked into `barometer ingest` (cmd_measures.cc) by AddIngestSourceOptions.
#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "measures/published.h"
#include "measures/store.h"
#include "strategy/load.h"

namespace barometer::cli {

struct IngestSourceArgs {
  std::string source;  // a publication name
};

namespace {

std::string User() {
  if (const char* u = std::getenv("USER"); u != nullptr && *u != '\0') return u;
  if (const passwd* pw = getpwuid(getuid()); pw != nullptr) return pw->pw_name;
  return "unknown";
}

std::string Now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

int Fail(const Status& s) {
  std::fprintf(stderr, "barometer ingest: %s\n", s.message().c_str());
  return s.code() == StatusCode::kInvalidInput ? kExitFindings : kExitIo;
}

}  // namespace

std::shared_ptr<IngestSourceArgs> AddIngestSourceOptions(CLI::App* ingest) {
  auto a = std::make_shared<IngestSourceArgs>();
  ingest
      ->add_option("--source", a->source,
                   "Read the files as a national publication and store the values of the "
                   "measures the strategy binds to it ([measures.source]) with every other "
                   "organisation as a peer benchmark: nhse-ae, nhse-rtt, nhse-cancer, shmi, "
                   "staff-survey, fingertips (docs/published-data.md)")
      ->check(CLI::IsMember(strategy::EnumNames<strategy::Publication>()));
  return a;
}

bool IngestSourceRequested(const IngestSourceArgs& a) { return !a.source.empty(); }

int RunIngestSource(const IngestSourceArgs& a, const IngestCommon& c) {
  if (c.files.empty() || c.strategy.empty()) {
    std::fprintf(stderr,
                 "barometer ingest: --source %s needs the publication's file and --strategy "
                 "FILE (whose measures bind to it)\n",
                 a.source.c_str());
    return kExitUsage;
  }
  auto loaded = strategy::LoadStrategyFile(c.strategy);
  if (!loaded.ok()) return Fail(loaded.status());
  if (!loaded->ok()) {
    std::fputs(loaded->diagnostics.Format(loaded->source, true).c_str(), stderr);
    std::fprintf(stderr, "barometer ingest: %s has errors; fix them first\n", c.strategy.c_str());
    return kExitFindings;
  }
  const strategy::Strategy& s = loaded->strategy;
  auto publication = strategy::ParseEnum<strategy::Publication>(a.source);
  auto store = c.dry_run && access(c.db.c_str(), F_OK) != 0
                   ? measures::Store::OpenInMemory()
                   : measures::Store::Open(c.db, measures::Store::kCreate);
  if (!store.ok()) return Fail(store.status());
  measures::IngestOptions options;
  options.dry_run = c.dry_run;
  options.loaded_by = User();
  options.loaded_at = Now();
  options.strategy_file = c.strategy;
  int rc = kExitOk;
  nlohmann::ordered_json loads = nlohmann::ordered_json::array();
  for (const std::string& file : c.files) {
    auto csv = CsvReader::Open(file);
    if (!csv.ok()) {
      rc = std::max(rc, Fail(csv.status()));
      continue;
    }
    auto table = measures::ReadPublishedTable(*csv);
    if (!table.ok()) {
      std::fprintf(stderr, "%s\n%s: rejected; nothing was written\n",
                   table.status().message().c_str(), file.c_str());
      rc = std::max(rc, kExitFindings);
      continue;
    }
    auto r = measures::IngestPublished(*store, s, *publication, *table, options);
    if (!r.ok()) {
      rc = std::max(rc, Fail(r.status()));
      continue;
    }
    if (c.format == "json") {
      loads.push_back({{"file", r->file},
                       {"source", a.source},
                       {"rows", r->rows},
                       {"measures", r->measures},
                       {"values", r->values},
                       {"benchmarks", r->benchmarks},
                       {"blank", r->blank},
                       {"first_period", r->first_period},
                       {"last_period", r->last_period},
                       {"annotations", r->annotations},
                       {"written", r->written},
                       {"load_id", r->load_id},
                       {"problem_count", r->problem_count}});
    }
    if (!r->ok()) {
      for (const auto& p : r->problems) std::fprintf(stderr, "%s\n", p.ToString().c_str());
      int64_t more = r->problem_count - static_cast<int64_t>(r->problems.size());
      if (more > 0) std::fprintf(stderr, "... and %lld more\n", static_cast<long long>(more));
      std::fprintf(stderr, "%s: rejected: %lld problem%s; nothing was written\n", file.c_str(),
                   static_cast<long long>(r->problem_count), r->problem_count == 1 ? "" : "s");
      rc = std::max(rc, kExitFindings);
      continue;
    }
    if (c.format == "json") continue;
    std::string out = fmt::format(
        "{}: {} rows of {} (published NHS statistics): {} measure(s), {} values for {} to {} "
        "({} blank), {} peer values; {}\n",
        file, r->rows, a.source, r->measures, r->values, r->first_period, r->last_period, r->blank,
        r->benchmarks,
        r->written ? fmt::format("written to {} (load {})", c.db, r->load_id)
                   : std::string("dry run: nothing written"));
    for (const std::string& n : r->annotations) out += "  process change: " + n + "\n";
    std::fputs(out.c_str(), stdout);
  }
  if (c.format == "json") {
    std::fputs((nlohmann::ordered_json{{"loads", loads}}.dump(2) + "\n").c_str(), stdout);
  }
  return rc;
}

}  // namespace barometer::cli
