// Ingest of the owners' commentary (docs/measures-data.md, "Commentary").
#include <map>
#include <utility>

#include <fmt/format.h>

#include "core/number.h"
#include "core/text.h"
#include "measures/ingest.h"
#include "measures/internal/ingest_common.h"

namespace barometer::measures {

using internal::Cell;
using internal::ProblemList;

namespace {

struct Entry {
  Commentary commentary;
  int line = 0;
};

// Checks one entry's measure and period and adds it to `entries`.
void AddEntry(std::string_view measure_id, std::string_view period, std::string text,
              std::string author, int line, const strategy::Strategy* strategy,
              ProblemList& problems, std::map<std::pair<std::string, std::string>, int>& seen,
              std::vector<Entry>& entries) {
  bool ok = true;
  if (measure_id.empty()) {
    problems.Add(line, "missing measure_id");
    ok = false;
  }
  const strategy::Measure* m = nullptr;
  if (ok && strategy != nullptr) {
    m = strategy::FindMeasure(*strategy, measure_id);
    if (m == nullptr) {
      problems.Add(line, internal::UnknownMeasure(*strategy, measure_id));
      ok = false;
    }
  }
  Entry e;
  if (m != nullptr) {
    auto p = ParseMeasurePeriod(period, *m);
    if (!p.ok()) {
      problems.Add(line, p.status().message());
      ok = false;
    } else {
      e.commentary.period = *p;
    }
  } else if (std::optional<Period> p = Period::Parse(period)) {
    e.commentary.period = *p;
  } else if (ok || strategy == nullptr) {
    problems.Add(line, period.empty() ? std::string("missing period")
                                      : fmt::format("`{}` is not a period; expected 2023-07, "
                                                    "2023-24 Q2, 2023-24, 2023 or 2023-07-31",
                                                    period));
    ok = false;
  }
  if (text.empty()) {
    problems.Add(line, "the commentary is empty");
    ok = false;
  }
  if (!ok) return;
  e.commentary.measure_id = std::string(measure_id);
  e.commentary.text = std::move(text);
  e.commentary.author = std::move(author);
  e.line = line;
  auto [it, fresh] =
      seen.emplace(std::make_pair(e.commentary.measure_id, e.commentary.period.ToString()), line);
  if (!fresh) {
    problems.Add(line, fmt::format("duplicate commentary: `{}` for {} is already on line {}",
                                   measure_id, e.commentary.period.ToString(), it->second));
    return;
  }
  entries.push_back(std::move(e));
}

Result<IngestReport> Write(Store& store, IngestReport& report, std::vector<Entry>& entries,
                           const IngestOptions& options) {
  if (report.problem_count > 0) return report;
  Status s = internal::WriteLoad(
      store, internal::MakeLoadInfo(LoadKind::kCommentary, report.file, options), options.dry_run,
      report, [&](int64_t load_id) -> Status {
        for (const Entry& e : entries) {
          auto put = store.PutCommentary(e.commentary, load_id, e.line);
          if (!put.ok()) return put.status();
          internal::Count(*put, report);
        }
        return Status::Ok();
      });
  if (!s.ok()) return s;
  return report;
}

// "## staff_turnover 2023-24 Q2" -> ("staff_turnover", "2023-24 Q2").
std::pair<std::string_view, std::string_view> SplitHeading(std::string_view heading) {
  heading = Trim(heading);
  size_t space = heading.find_first_of(" \t");
  if (space == std::string_view::npos) return {heading, {}};
  return {heading.substr(0, space), Trim(heading.substr(space + 1))};
}

std::string TrimBlankLines(const std::string& text) {
  size_t b = text.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  size_t e = text.find_last_not_of(" \t\r\n");
  return text.substr(b, e - b + 1);
}

}  // namespace

Result<IngestReport> IngestCommentaryCsv(Store& store, const strategy::Strategy* strategy,
                                         CsvReader& csv, const IngestOptions& options) {
  IngestReport report;
  report.file = csv.name();
  report.kind = LoadKind::kCommentary;
  ProblemList problems(report, options.max_listed_problems);
  static const internal::ColumnSpec spec = {{"measure_id", "period", "commentary"}, {"author"}};
  if (!csv.Next()) {
    problems.Add(csv.status().ok() ? 1 : csv.status().where().line,
                 csv.status().ok() ? "the file is empty; the first line must name the columns "
                                     "measure_id, period, commentary"
                                   : csv.status().message());
    return report;
  }
  auto cols = internal::ReadHeader(csv.fields(), csv.line(), spec, problems);
  if (!cols) return report;
  std::vector<Entry> entries;
  std::map<std::pair<std::string, std::string>, int> seen;
  while (csv.Next()) {
    ++report.rows;
    const auto& f = csv.fields();
    AddEntry(Cell(f, (*cols)[0]), Cell(f, (*cols)[1]), std::string(Cell(f, (*cols)[2])),
             std::string(Cell(f, (*cols)[3])), csv.line(), strategy, problems, seen, entries);
  }
  if (!csv.status().ok()) problems.Add(csv.status().where().line, csv.status().message());
  return Write(store, report, entries, options);
}

Result<IngestReport> IngestCommentaryMarkdown(Store& store, const strategy::Strategy* strategy,
                                              std::string_view text, std::string_view file,
                                              const IngestOptions& options) {
  IngestReport report;
  report.file = std::string(file);
  report.kind = LoadKind::kCommentary;
  ProblemList problems(report, options.max_listed_problems);
  // A byte-order mark is allowed (docs/measures-data.md); bytes that are not
  // UTF-8, NULs and control characters are not.
  text = StripBom(text);
  if (std::optional<TextProblem> bad = FindTextProblem(text)) {
    problems.Add(bad->line, fmt::format("column {}: {}", bad->column, bad->message));
    std::vector<Entry> none;
    return Write(store, report, none, options);
  }
  std::vector<Entry> entries;
  std::map<std::pair<std::string, std::string>, int> seen;
  struct Open {
    std::string heading;
    int line = 0;
    std::string author;
    std::string body;
    bool body_started = false;
  };
  std::optional<Open> open;
  auto close = [&] {
    if (!open) return;
    ++report.rows;
    auto [id, period] = SplitHeading(open->heading);
    AddEntry(id, period, TrimBlankLines(open->body), open->author, open->line, strategy, problems,
             seen, entries);
    open.reset();
  };
  std::vector<std::string_view> lines = Split(text, '\n');
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.starts_with("## ")) {
      close();
      open = Open{std::string(line.substr(3)), static_cast<int>(i + 1), {}, {}, false};
    } else if (line.starts_with("# ")) {
      close();  // a level-1 heading (a title) ends an entry and is not part of any
    } else if (open) {
      std::string_view t = Trim(line);
      if (!open->body_started && t.empty()) continue;
      if (!open->body_started && ToLower(t).starts_with("author:")) {
        open->author = std::string(Trim(t.substr(7)));
        continue;
      }
      open->body_started = true;
      open->body.append(line).append("\n");
    }
  }
  close();
  if (report.rows == 0 && report.problem_count == 0) {
    problems.Add(1,
                 "no commentary found; start each entry with a heading "
                 "`## <measure_id> <period>`");
  }
  return Write(store, report, entries, options);
}

}  // namespace barometer::measures
