#include "population/extract.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <filesystem>
#include <numeric>

#include <fmt/format.h>

#include "core/csv.h"
#include "core/file.h"
#include "population/codes.h"
#include "population/internal/cache.h"
#include "population/internal/fields.h"
#include "population/internal/loader.h"
#include "population/internal/parallel.h"

namespace barometer::population {

StringColumn StringColumn::FromStrings(const std::vector<std::string>& strings) {
  std::vector<uint64_t> offsets;
  offsets.reserve(strings.size() + 1);
  offsets.push_back(0);
  std::vector<char> chars;
  for (const std::string& s : strings) {
    chars.insert(chars.end(), s.begin(), s.end());
    offsets.push_back(chars.size());
  }
  return StringColumn(Column<char>(std::move(chars)), Column<uint64_t>(std::move(offsets)));
}

std::vector<std::string> StringColumn::ToVector() const {
  std::vector<std::string> out;
  out.reserve(size());
  for (size_t i = 0; i < size(); ++i) out.emplace_back((*this)[i]);
  return out;
}

std::string_view SettingName(Setting s) {
  switch (s) {
    case Setting::kAe:
      return "ae";
    case Setting::kEmergencyAdmission:
      return "emergency_admission";
    case Setting::kElectiveAdmission:
      return "elective_admission";
    case Setting::kDaycase:
      return "daycase";
    case Setting::kOutpatient:
      return "outpatient";
  }
  return "";
}

std::string CachePath(const std::string& dir) { return dir + "/.barometer-cache"; }

namespace {

using internal::CsvSource;
using internal::LoaderContext;
using internal::ProblemList;

// One file's problems, for the report.
struct FileProblems {
  std::string path;
  ProblemList list;
};

// The rejects file: file, line and reason of each left-out row, and the row
// itself only when asked (it is patient data). Owner-only (0600), whatever
// the umask and whether or not the file was there before.
Status WriteRejects(const std::string& path, const std::vector<FileProblems>& files,
                    bool with_rows) {
  std::string out = with_rows ? "file,line,reason,row\n" : "file,line,reason\n";
  for (const FileProblems& f : files) {
    for (const internal::RowProblem& p : f.list.listed()) {
      if (with_rows) {
        AppendCsvRow(out, {f.path, std::to_string(p.line), p.message, p.raw});
      } else {
        AppendCsvRow(out, {f.path, std::to_string(p.line), p.message});
      }
    }
  }
  // Never over one of the files just read (--rejects persons.csv).
  OutputOptions o;
  for (const FileProblems& f : files) o.inputs.push_back(f.path);
  for (const char* name : {"areas.csv", "persons.csv", "conditions.csv", "activity.csv"})
    if (!files.empty())
      o.inputs.push_back((std::filesystem::path(files.front().path).parent_path() / name).string());
  o.mode = 0600;  // person-level when rows are asked for: never world-readable
  return WriteFileAtomic(path, out, o);
}

// Loads the CSV files in dependency order; a file whose header is unusable
// stops the files that depend on it.
Status LoadCsvFiles(const std::string& dir, const internal::SourceStamps& stamps,
                    const LoaderContext& ctx, Extract* x, std::vector<FileProblems>* files) {
  auto open = [&](const std::string& name, const std::vector<std::string>& columns) {
    files->push_back({dir + "/" + name, ProblemList(ctx.max_listed, ctx.keep_all)});
    return internal::OpenCsvSource(dir + "/" + name, columns, ctx.threads);
  };
  internal::PhaseTrace trace("load");
  auto areas_src = open("areas.csv", internal::AreasColumns());
  if (!areas_src.ok()) return areas_src.status();
  auto lsoas = internal::LoadAreas(*areas_src, ctx, x, &files->back().list);
  if (!lsoas.ok()) return lsoas.status();
  auto persons_src = open("persons.csv", internal::PersonsColumns());
  if (!persons_src.ok()) return persons_src.status();
  auto people = internal::LoadPersons(*persons_src, ctx, *lsoas, x, &files->back().list);
  if (!people.ok()) return people.status();
  trace.Mark("areas and persons");
  Status first_error;
  auto note = [&](const Status& s) {
    if (!s.ok() && first_error.ok()) first_error = s;
  };
  auto conditions_src = open("conditions.csv", internal::ConditionsColumns());
  note(conditions_src.status());
  if (conditions_src.ok()) {
    note(internal::LoadConditions(*conditions_src, ctx, *people, x, &files->back().list));
  }
  trace.Mark("conditions");
  auto activity_src = open("activity.csv", internal::ActivityColumns());
  note(activity_src.status());
  if (activity_src.ok()) {
    note(internal::LoadActivity(*activity_src, ctx, *people, x, &files->back().list));
  }
  trace.Mark("activity");
  if (stamps[4].present) {
    auto pop_src = open("population.csv", internal::PopulationColumns());
    note(pop_src.status());
    if (pop_src.ok()) note(internal::LoadPopulation(*pop_src, ctx, *lsoas, x, &files->back().list));
  }
  return first_error;
}

// Lists the first `max_listed` problems of all files, and counts them all.
std::pair<int64_t, int64_t> ReportProblems(std::vector<FileProblems>& files,
                                           const LoadOptions& options, Diagnostics* problems) {
  int64_t total = 0, rows = 0;
  size_t listed = 0;
  for (FileProblems& f : files) {
    f.list.SortByLine();
    total += f.list.problems();
    rows += f.list.bad_rows();
    for (const internal::RowProblem& p : f.list.listed()) {
      if (listed++ >= options.max_listed) break;
      SourceLocation at{f.path, static_cast<int>(p.line), 0};
      if (options.skip_bad_rows) {
        problems->Warning(at, p.message + " (row skipped)");
      } else {
        problems->Error(at, p.message);
      }
    }
  }
  return {total, rows};
}

Status MissingFiles(const std::string& dir, const internal::SourceStamps& stamps) {
  std::vector<std::string> missing;
  for (size_t i = 0; i < 4; ++i) {
    if (!stamps[i].present) missing.push_back(internal::ContractFiles()[i]);
  }
  if (missing.empty()) return Status::Ok();
  return Status::NotFound(fmt::format(
      "{}: no {} here; an extract is a folder with persons.csv, conditions.csv, activity.csv "
      "and areas.csv (see docs/population-data.md)",
      dir, fmt::join(missing, ", ")));
}

Result<Extract> Load(const std::string& dir, const LoadOptions& options, Diagnostics* problems) {
  internal::SourceStamps stamps = internal::StampSources(dir);
  if (Status s = MissingFiles(dir, stamps); !s.ok()) return s;
  uint64_t bytes = 0;
  for (const auto& s : stamps) bytes += s.size;
  int32_t limit = kNever;
  if (!options.forecasts) {
    if (options.today) {
      limit = *options.today;
    } else {
      auto today = PopulationToday();
      if (!today.ok()) return today.status();
      limit = *today;
    }
  }
  if (options.use_cache) {
    auto cached = internal::ReadCache(CachePath(dir), stamps, dir);
    // A cache with dates after today is parsed again, so that they are reported.
    if (cached.ok() && cached->latest_date <= limit) {
      cached->dir = dir;
      cached->csv_bytes = bytes;
      return cached;
    }
  }
  // A cache about to be written records what its files held (read before
  // they are parsed, so a change during parsing shows as a mismatch).
  if (options.use_cache) stamps = internal::StampSources(dir, true);
  LoaderContext ctx{internal::ResolveThreads(options.threads), options.max_listed,
                    options.skip_bad_rows, limit};
  Extract x;
  x.dir = dir;
  x.latest_date = kFirstDay;
  x.csv_bytes = bytes;
  std::vector<FileProblems> files;
  Status loaded = LoadCsvFiles(dir, stamps, ctx, &x, &files);
  auto [total, rows] = ReportProblems(files, options, problems);
  if (!loaded.ok()) return loaded;
  if (total > 0 && !options.skip_bad_rows) {
    return Status::InvalidInput(fmt::format(
        "{} problem{} in {} row{} of the extract in {}{}; fix them, or use --skip-bad-rows to "
        "leave those rows out",
        total, total == 1 ? "" : "s", rows, rows == 1 ? "" : "s", dir,
        static_cast<size_t>(total) > options.max_listed
            ? fmt::format(" (the first {} are listed)", options.max_listed)
            : ""));
  }
  x.rejected_rows = rows;
  if (rows > 0 && !options.rejects_path.empty()) {
    if (Status s = WriteRejects(options.rejects_path, files, options.rejects_with_rows); !s.ok())
      return s;
  }
  if (rows == 0 && options.use_cache) {
    Status s = internal::WriteCache(CachePath(dir), stamps, x);
    if (!s.ok()) {
      problems->Warning({CachePath(dir), 0, 0}, s.message() + "; loading continues without it");
    }
  }
  return x;
}

}  // namespace

Result<int32_t> PopulationToday() {
  if (const char* fixed = std::getenv("BAROMETER_TODAY"); fixed != nullptr && *fixed != 0) {
    auto d = internal::ParseDay(fixed);
    if (!d) {
      return Status::InvalidInput(
          fmt::format("BAROMETER_TODAY '{}' is not a date (YYYY-MM-DD)", fixed));
    }
    return *d;
  }
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  return DaysFromCivil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

Result<Extract> LoadExtract(const std::string& dir, const LoadOptions& options,
                            Diagnostics* problems) {
  try {
    return Load(dir, options, problems);
  } catch (const std::exception& e) {
    return Status::Internal(fmt::format("loading {}: {}", dir, e.what()));
  }
}

}  // namespace barometer::population
