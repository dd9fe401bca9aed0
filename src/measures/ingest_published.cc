// Ingest of national published statistics (measures/published.h,
// docs/published-data.md): the staged tidy layout of NHS England's A&E, RTT
// and cancer waiting times publications, SHMI, the NHS Staff Survey, and
// Fingertips "download data" exports.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/number.h"
#include "core/text.h"
#include "measures/internal/ingest_common.h"
#include "measures/published.h"

namespace barometer::measures {

using internal::ProblemList;
using strategy::Publication;
using strategy::PublishedSeries;

namespace {

// A cell NHS England publishes in place of a number it withholds
// (disclosure control) or does not have: read as "no value", not zero.
bool SuppressedMarker(std::string_view c) {
  return c == "*" || c == ".." || c == "-" || c == ":" || c == "c" || c == "x";
}

// One organisation's figures for a measure in a period, as read.
struct Figure {
  std::optional<double> value, numerator, denominator, lower, upper;
  std::string note;
  bool provisional = false;  // the publication marks it provisional
};

struct ReadRow {
  int line = 0;
  Period period;
  std::string org, org_name;
  std::string region, trust_type;  // as the publication gives them (may be empty)
  bool peer = true;                // in the binding's peer set
  Figure f;
};

// The columns of a table by name (lower case).
class Columns {
 public:
  explicit Columns(const std::vector<std::string>& names) {
    for (size_t i = 0; i < names.size(); ++i) index_[ToLower(Trim(names[i]))] = i;
  }
  std::optional<size_t> Find(std::string_view name) const {
    auto it = index_.find(ToLower(name));
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::map<std::string, size_t, std::less<>> index_;
};

std::string_view CellAt(const std::vector<std::string>& row, std::optional<size_t> c) {
  if (!c || *c >= row.size()) return {};
  return Trim(row[*c]);
}

bool IsNhsTrustCode(std::string_view code) {
  return code.size() == 3 && (code[0] == 'R' || code[0] == 'T');
}

// Reads one bound measure's rows from a table. Problems are reported at the
// row's line; `rows` holds the good rows.
class SeriesReader {
 public:
  SeriesReader(const PublishedTable& t, const Columns& cols, Publication p,
               const strategy::Measure& m, const strategy::SourceBinding& b, ProblemList& problems)
      : t_(t), cols_(cols), p_(p), m_(m), b_(b), problems_(problems) {}

  // Checks the header has every column the series needs; false (with
  // problems at line 1) when not.
  bool Header() {
    bool ok = true;
    for (const std::string& c : NeededColumns()) {
      if (!cols_.Find(c)) {
        problems_.Add(1, fmt::format("missing column `{}`, which measure `{}` ({} series `{}`) "
                                     "is read from",
                                     c, m_.id, strategy::EnumName(p_), b_.series));
        ok = false;
      }
    }
    return ok;
  }

  std::vector<ReadRow> Read() {
    std::vector<ReadRow> out;
    if (p_ == Publication::kFingertips && b_.age.empty() && !OneAge()) return out;
    std::map<std::pair<std::string, std::string>, int> seen;
    for (size_t i = 0; i < t_.rows.size(); ++i) {
      const auto& row = t_.rows[i];
      const int line = t_.lines[i];
      std::optional<ReadRow> r = Row(row, line);
      if (!r) continue;
      auto [it, fresh] = seen.emplace(std::make_pair(r->period.ToString(), r->org), line);
      if (!fresh) {
        problems_.Add(line, fmt::format("duplicate row: {} for {} is already on line {}", r->org,
                                        r->period.ToString(), it->second));
        continue;
      }
      out.push_back(std::move(*r));
    }
    return out;
  }

 private:
  // Fingertips: without `age`, the indicator's rows must have one age only.
  bool OneAge() {
    std::set<std::string> ages;
    for (const auto& row : t_.rows) {
      if (CellAt(row, cols_.Find("indicator id")) == b_.series) {
        ages.emplace(CellAt(row, cols_.Find("age")));
      }
    }
    if (ages.size() <= 1) return true;
    std::string list;
    for (const std::string& a : ages) list += (list.empty() ? "\"" : ", \"") + a + "\"";
    problems_.Add(1, fmt::format("indicator {} has rows for {} ages ({}); add age = \"...\" to "
                                 "the [measures.source] of measure `{}`",
                                 b_.series, ages.size(), list, m_.id));
    return false;
  }

  std::vector<std::string> NeededColumns() const {
    std::vector<std::string> c;
    if (p_ == Publication::kFingertips) {
      return {"indicator id", "area code", "sex", "age", "time period", "value"};
    }
    c.push_back(p_ == Publication::kShmi ? "period_end" : "period");
    c.push_back("org_code");
    const PublishedSeries* s = strategy::FindSeries(p_, b_.series);
    if (s == nullptr) return c;
    for (std::string_view col : {s->numerator, s->denominator, s->value}) {
      for (std::string_view part : Split(col, '-')) {
        if (!part.empty()) c.emplace_back(part);
      }
    }
    return c;
  }

  static std::vector<std::string_view> Split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    size_t start = 0;
    while (true) {
      size_t at = s.find(sep, start);
      out.push_back(s.substr(start, at == std::string_view::npos ? at : at - start));
      if (at == std::string_view::npos) break;
      start = at + 1;
    }
    return out;
  }

  // A count cell: empty or suppressed is nullopt; otherwise a non-negative
  // number, else a problem.
  std::optional<double> Count(const std::vector<std::string>& row, std::string_view col, int line,
                              bool* ok, bool allow_negative = false) {
    std::string_view c = CellAt(row, cols_.Find(col));
    if (c.empty() || SuppressedMarker(c)) return std::nullopt;
    std::optional<double> v = ParseDouble(c);
    if (!v) {
      problems_.Add(line, fmt::format("{} `{}` is not a number", col, c));
      *ok = false;
    } else if (*v < 0 && !allow_negative) {
      problems_.Add(line, fmt::format("{} {} must not be negative", col, c));
      *ok = false;
      return std::nullopt;
    }
    return v;
  }

  // "a" or "a-b" (a minus b; nullopt when either is missing).
  std::optional<double> Expression(const std::vector<std::string>& row, std::string_view expr,
                                   int line, bool* ok) {
    std::vector<std::string_view> parts = Split(expr, '-');
    std::optional<double> v = Count(row, parts[0], line, ok);
    for (size_t i = 1; i < parts.size(); ++i) {
      std::optional<double> x = Count(row, parts[i], line, ok);
      if (!v || !x) return std::nullopt;
      *v -= *x;
    }
    if (v && *v < 0) {
      problems_.Add(line, fmt::format("{} is {}, below 0", expr, FormatShortest(*v)));
      *ok = false;
      return std::nullopt;
    }
    return v;
  }

  std::optional<Period> PeriodOf(std::string_view text, int line) {
    const bool annual = p_ == Publication::kStaffSurvey;
    std::optional<Period> p =
        Period::Parse(text, annual ? PeriodKind::kCalendarYear : PeriodKind::kMonth);
    PeriodKind want = annual ? PeriodKind::kCalendarYear : PeriodKind::kMonth;
    if (!p || p->kind != want) {
      problems_.Add(line, text.empty() ? std::string("missing period")
                                       : fmt::format("`{}` is not a period; expected {}", text,
                                                     annual ? "a year such as 2023"
                                                            : "a month such as 2023-07"));
      return std::nullopt;
    }
    return p;
  }

  std::optional<ReadRow> Row(const std::vector<std::string>& row, int line) {
    if (p_ == Publication::kFingertips) return FingertipsRow(row, line);
    bool ok = true;
    ReadRow r;
    r.line = line;
    std::string_view period =
        CellAt(row, cols_.Find(p_ == Publication::kShmi ? "period_end" : "period"));
    std::optional<Period> p = PeriodOf(period, line);
    if (!p) ok = false;
    r.org = std::string(CellAt(row, cols_.Find("org_code")));
    if (r.org.empty()) {
      problems_.Add(line, "missing org_code");
      ok = false;
    }
    r.org_name = std::string(CellAt(row, cols_.Find("org_name")));
    r.region = std::string(CellAt(row, cols_.Find("region")));
    if (r.region.empty()) r.region = std::string(CellAt(row, cols_.Find("parent_org")));
    r.trust_type = std::string(CellAt(row, cols_.Find("benchmarking_group")));
    const PublishedSeries* s = strategy::FindSeries(p_, b_.series);
    if (s == nullptr) return std::nullopt;
    Figure& f = r.f;
    if (!s->value.empty()) f.value = Count(row, s->value, line, &ok);
    if (!s->numerator.empty()) f.numerator = Expression(row, s->numerator, line, &ok);
    if (!s->denominator.empty()) f.denominator = Count(row, s->denominator, line, &ok);
    if (!ok || !p) return std::nullopt;
    r.period = *p;
    // Proportions: the value is their ratio.
    if (s->value.empty() && !s->denominator.empty()) {
      if (f.numerator && f.denominator && *f.numerator > *f.denominator) {
        problems_.Add(
            line, fmt::format("{} {} is above {} {}", s->numerator, FormatShortest(*f.numerator),
                              s->denominator, FormatShortest(*f.denominator)));
        return std::nullopt;
      }
      if (f.numerator && f.denominator && *f.denominator > 0) {
        f.value =
            *f.numerator / *f.denominator * (s->unit == strategy::MeasureUnit::kPercent ? 100 : 1);
      } else {
        f.numerator.reset();
        f.denominator.reset();
      }
    }
    f.provisional = Provisional(row, *s);
    if (p_ == Publication::kNhseAe && s->unit == strategy::MeasureUnit::kPercent) {
      // Trusts that did not report the four-hour standard: blank, not zero.
      std::string_view reported = CellAt(row, cols_.Find("four_hour_reported"));
      if (reported == "0") f = Figure{};
    }
    if (p_ == Publication::kStaffSurvey && f.value) {
      if (*f.value > 100) {
        problems_.Add(line, fmt::format("{} {} is above 100", s->value, FormatShortest(*f.value)));
        return std::nullopt;
      }
      // Weighted percentages: the "numerator" is the weighted count.
      if (f.denominator) f.numerator = *f.value * *f.denominator / 100;
      if (!f.denominator) f.numerator.reset();
    }
    if (p_ == Publication::kShmi && f.value) {
      f.note =
          "observed and expected deaths rounded to the nearest 5 (SHMI uses unrounded "
          "values); the 12 months to this month";
    }
    if (p_ == Publication::kNhseCancer && b_.series == "62day") {
      f.note = "shared pathways count as half patients; counts truncated to whole numbers";
    }
    if (!f.value) {
      f.numerator.reset();
      f.denominator.reset();
    }
    r.peer = Peer(r, row);
    return r;
  }

  // The publication's own flag: cancer waiting times mark each standard
  // (`fds28_status`: final or provisional, the latest months provisional
  // until NHS England revises them); RTT marks the row (`data_status`).
  bool Provisional(const std::vector<std::string>& row, const PublishedSeries& s) const {
    std::optional<size_t> col;
    std::string_view first = s.numerator.empty() ? s.value : s.numerator;
    if (size_t us = first.rfind('_'); us != std::string_view::npos) {
      col = cols_.Find(std::string(first.substr(0, us)) + "_status");
    }
    if (!col) col = cols_.Find("data_status");
    return col && ToLower(Trim(CellAt(row, col))) == "provisional";
  }

  bool Peer(const ReadRow& r, const std::vector<std::string>& row) {
    std::string_view set =
        b_.peers.empty() ? std::string_view("trusts") : std::string_view(b_.peers);
    if (set == "all") return true;
    if (!IsNhsTrustCode(r.org)) return false;
    if (set == "type1") {
      std::optional<double> t1 = ParseDouble(CellAt(row, cols_.Find("att_type1")));
      return t1 && *t1 > 0;
    }
    return true;
  }

  // Fingertips "download data": rows of the bound indicator, sex and age,
  // without a breakdown category.
  std::optional<ReadRow> FingertipsRow(const std::vector<std::string>& row, int line) {
    if (CellAt(row, cols_.Find("indicator id")) != b_.series) return std::nullopt;
    std::string_view sex = b_.sex.empty() ? std::string_view("Persons") : std::string_view(b_.sex);
    if (CellAt(row, cols_.Find("sex")) != sex) return std::nullopt;
    if (!b_.age.empty() && CellAt(row, cols_.Find("age")) != b_.age) return std::nullopt;
    if (!CellAt(row, cols_.Find("category type")).empty()) return std::nullopt;
    bool ok = true;
    ReadRow r;
    r.line = line;
    r.org = std::string(CellAt(row, cols_.Find("area code")));
    r.org_name = std::string(CellAt(row, cols_.Find("area name")));
    if (r.org.empty()) {
      problems_.Add(line, "missing Area Code");
      ok = false;
    }
    std::string_view tp = CellAt(row, cols_.Find("time period"));
    std::optional<Period> p = FingertipsPeriod(tp, &r.f.note);
    if (!p) {
      problems_.Add(line, fmt::format("Time period `{}` is not a period; expected e.g. 2021, "
                                      "2021/22, 2019 - 21 or 2021/22 Q3",
                                      tp));
      ok = false;
    }
    Figure& f = r.f;
    f.value = Count(row, "value", line, &ok, /*allow_negative=*/true);
    f.lower = Count(row, "lower ci 95.0 limit", line, &ok, true);
    f.upper = Count(row, "upper ci 95.0 limit", line, &ok, true);
    f.numerator = Count(row, "count", line, &ok);
    f.denominator = Count(row, "denominator", line, &ok);
    if (!ok) return std::nullopt;
    r.period = *p;
    if (!f.lower || !f.upper) f.lower.reset(), f.upper.reset();
    if (f.lower && f.value && (*f.value < *f.lower || *f.value > *f.upper)) {
      problems_.Add(
          line, fmt::format("Value {} is outside its 95% limits {} to {}", FormatShortest(*f.value),
                            FormatShortest(*f.lower), FormatShortest(*f.upper)));
      return std::nullopt;
    }
    if (!f.numerator || !f.denominator || *f.denominator <= 0) {
      f.numerator.reset();
      f.denominator.reset();
    }
    if (!f.value) f = Figure{};
    std::string_view vnote = CellAt(row, cols_.Find("value note"));
    if (!vnote.empty()) f.note += (f.note.empty() ? "" : "; ") + std::string(vnote);
    r.peer = true;
    return r;
  }

  // "2021" a year; "2021/22" a financial year; "2021/22 Q3" a quarter;
  // "2019 - 21" (pooled years) stored at its last year, noted.
  std::optional<Period> FingertipsPeriod(std::string_view tp, std::string* note) {
    std::string t(tp);
    if (auto y = ParseInt(t); y && t.size() == 4) return Period::CalendarYear(static_cast<int>(*y));
    if (t.size() >= 7 && t[4] == '/') {
      auto y = ParseInt(t.substr(0, 4));
      if (!y) return std::nullopt;
      if (t.size() == 7) return Period::FinancialYear(static_cast<int>(*y));
      if (t.size() == 10 && t[7] == ' ' && t[8] == 'Q' && t[9] >= '1' && t[9] <= '4') {
        return Period::FinancialQuarter(static_cast<int>(*y), t[9] - '0');
      }
      return std::nullopt;
    }
    size_t dash = t.find(" - ");
    if (dash == 4 && t.size() == 9) {
      auto y = ParseInt(t.substr(0, 4));
      auto last = ParseInt(t.substr(7, 2));
      if (!y || !last) return std::nullopt;
      int end = static_cast<int>(*y / 100 * 100 + *last);
      if (end < *y) end += 100;
      *note = fmt::format("pooled years {} to {}", *y, end);
      return Period::CalendarYear(end);
    }
    return std::nullopt;
  }

  const PublishedTable& t_;
  const Columns& cols_;
  Publication p_;
  const strategy::Measure& m_;
  const strategy::SourceBinding& b_;
  ProblemList& problems_;
};

// The organisation's own figure for one period: its row, plus its
// predecessors' rows summed (like-for-like) where the series allows.
struct Own {
  Figure f;
  int line = 0;
  std::vector<std::string> combined;  // predecessor codes added
};

bool Summable(Publication p, const PublishedSeries* s) {
  if (s == nullptr) return false;
  return p == Publication::kNhseAe || p == Publication::kNhseRtt || p == Publication::kNhseCancer;
}

// "NHS ENGLAND NORTH WEST", "NHS England North West " and "North West" are
// one region.
std::string RegionKey(std::string_view region) {
  std::string key;
  for (char c : ToLower(Trim(region))) {
    if (c == ' ' && (key.empty() || key.back() == ' ')) continue;
    key += c;
  }
  while (!key.empty() && key.back() == ' ') key.pop_back();
  if (key.starts_with("nhs england ")) key.erase(0, 12);
  return key;
}

// The peer group a bound measure's peers are stored under, and who is in it
// (docs/published-data.md, "Peer groups").
struct PeerFilter {
  std::string group;
  const strategy::PeerGroup* g = nullptr;
  std::set<std::string> members;  // empty: no list
  std::string region;             // RegionKey; empty: any
  std::string trust_type;         // lower case; empty: any

  // The organisation itself is always in its own peer group.
  bool Admits(const ReadRow& r, const std::string& org) const {
    if (r.org == org) return true;
    if (!members.empty() && members.count(r.org) == 0) return false;
    if (!region.empty() && RegionKey(r.region) != region) return false;
    if (!trust_type.empty() && ToLower(Trim(r.trust_type)) != trust_type) return false;
    return true;
  }
};

PeerFilter MakePeerFilter(const strategy::Strategy& s, const strategy::Measure& m,
                          Publication publication, const PublishedOptions& options) {
  PeerFilter f;
  f.group = m.peer_group;
  if (f.group.empty()) f.group = m.binding->peers;
  if (f.group.empty()) f.group = publication == Publication::kFingertips ? "all" : "trusts";
  f.g = strategy::FindPeerGroup(s, f.group);
  if (f.g == nullptr) return f;
  f.members.insert(f.g->members.begin(), f.g->members.end());
  if (auto it = options.member_files.find(f.group); it != options.member_files.end())
    f.members.insert(it->second.begin(), it->second.end());
  f.region = RegionKey(f.g->region);
  f.trust_type = ToLower(Trim(f.g->trust_type));
  return f;
}

std::string ProvenanceNote(Publication p, const strategy::SourceBinding& b) {
  return fmt::format("published NHS statistics: {} ({} `{}`)", strategy::PublicationTitle(p),
                     strategy::EnumName(p), b.series);
}

}  // namespace

Result<PublishedTable> ReadPublishedTable(CsvReader& csv) {
  PublishedTable t;
  t.name = csv.name();
  if (!csv.Next()) {
    if (!csv.status().ok()) return csv.status();
    return Status::InvalidInput(fmt::format("{}:1: the file is empty", csv.name()));
  }
  for (std::string_view f : csv.fields()) t.columns.emplace_back(f);
  // A UTF-8 byte order mark (Fingertips exports have one) is not part of a name.
  if (!t.columns.empty() && t.columns[0].starts_with("\xEF\xBB\xBF")) t.columns[0].erase(0, 3);
  while (csv.Next()) {
    if (csv.fields().size() > t.columns.size()) {
      return Status::InvalidInput(fmt::format("{}:{}: {} fields, but the header names {} columns",
                                              csv.name(), csv.line(), csv.fields().size(),
                                              t.columns.size()));
    }
    t.rows.emplace_back(csv.fields().begin(), csv.fields().end());
    t.lines.push_back(csv.line());
  }
  if (!csv.status().ok()) return csv.status();
  return t;
}

Result<PublishedReport> IngestPublished(Store& store, const strategy::Strategy& strategy,
                                        Publication publication, const PublishedTable& given,
                                        const IngestOptions& options,
                                        const PublishedOptions& layout) {
  PublishedReport report;
  report.file = given.name;
  report.kind = LoadKind::kValues;
  report.rows = static_cast<int64_t>(given.rows.size());
  ProblemList problems(report, options.max_listed_problems);
  // NHS England's own layouts are read into the tidy one first; their rows
  // keep their lines in the file.
  const PublishedLayout chosen = layout.layout == PublishedLayout::kAuto
                                     ? DetectLayout(publication, given.columns)
                                     : layout.layout;
  report.layout = std::string(LayoutName(chosen));
  TidyTable converted;
  if (chosen != PublishedLayout::kTidy) {
    std::vector<RowProblem> found;
    PublishedOptions o = layout;
    o.layout = chosen;
    converted = ToTidyLayout(given, publication, o, &found);
    for (RowProblem& p : found) problems.Add(p.line, std::move(p.reason));
    if (report.problem_count > 0) return report;
    report.total_checked = converted.total.has_value();
  }
  const PublishedTable& table = chosen == PublishedLayout::kTidy ? given : converted.table;
  Columns cols(table.columns);

  struct Bound {
    const strategy::Measure* m;
    std::vector<ReadRow> rows;
    PeerFilter peers;
  };
  std::vector<Bound> bound;
  for (const strategy::Measure& m : strategy.measures) {
    if (!m.binding || m.binding->publication != publication) continue;
    ++report.measures;
    SeriesReader reader(table, cols, publication, m, *m.binding, problems);
    if (!reader.Header()) continue;
    PeerFilter peers = MakePeerFilter(strategy, m, publication, layout);
    // A peer group chosen by region or trust type needs the column it is read from.
    if (!peers.region.empty() && !cols.Find("region") && !cols.Find("parent_org")) {
      problems.Add(1, fmt::format("measure `{}`: peer group `{}` is the organisations of a "
                                  "region, but the file has no region column (region or "
                                  "parent_org); list its members instead (members_file)",
                                  m.id, peers.group));
      continue;
    }
    if (!peers.trust_type.empty() && !cols.Find("benchmarking_group")) {
      problems.Add(1, fmt::format("measure `{}`: peer group `{}` is the organisations of a trust "
                                  "type, but the file has no trust type column "
                                  "(benchmarking_group); list its members instead (members_file)",
                                  m.id, peers.group));
      continue;
    }
    std::vector<ReadRow> rows = reader.Read();
    if (!peers.members.empty()) {
      std::set<std::string> present;
      for (const ReadRow& r : rows) present.insert(r.org);
      std::vector<std::string> absent;
      for (const std::string& c : peers.members)
        if (present.count(c) == 0) absent.push_back(c);
      if (!absent.empty()) {
        report.warnings.push_back(fmt::format(
            "measure `{}`: {} of the {} members of peer group "
            "`{}` have no row in the file: {}",
            m.id, absent.size(), peers.members.size(), peers.group, fmt::join(absent, ", ")));
      }
    }
    bound.push_back({&m, std::move(rows), std::move(peers)});
  }
  if (report.measures == 0) {
    problems.Add(1,
                 fmt::format("no measure of {} is bound to {}; add a [measures.source] table "
                             "with publication = \"{}\" (docs/strategy-format.md)",
                             options.strategy_file.empty() ? "the strategy" : options.strategy_file,
                             strategy::EnumName(publication), strategy::EnumName(publication)));
  }

  // The organisation's own values, checked before anything is written.
  struct Put {
    Observation o;
    int line;
  };
  std::vector<Put> own_puts;
  std::vector<std::pair<ProcessChange, int>> process_changes;  // with the line
  std::set<std::string> periods;
  for (const Bound& b : bound) {
    const strategy::Measure& m = *b.m;
    const strategy::SourceBinding& bind = *m.binding;
    const std::string org = strategy::BoundOrg(strategy, bind);
    const PublishedSeries* s = strategy::FindSeries(publication, bind.series);
    std::map<Period, Own> own;
    std::map<Period, std::vector<const ReadRow*>> preds;
    for (const ReadRow& r : b.rows) {
      if (r.org == org) {
        own[r.period].f = r.f;
        own[r.period].line = r.line;
      } else if (std::find(bind.predecessors.begin(), bind.predecessors.end(), r.org) !=
                 bind.predecessors.end()) {
        preds[r.period].push_back(&r);
      }
    }
    if (!preds.empty() && !Summable(publication, s)) {
      problems.Add(1, fmt::format("measure `{}`: predecessors cannot be combined for {} `{}` "
                                  "(published values, not counts); remove `predecessors`",
                                  m.id, strategy::EnumName(publication), bind.series));
      continue;
    }
    std::optional<Period> last_combined;
    for (auto& [period, list] : preds) {
      Own& o = own[period];
      if (o.line == 0) o.line = list.front()->line;
      for (const ReadRow* r : list) {
        const Figure& pf = r->f;
        Figure& f = o.f;
        if (!pf.value && !pf.numerator) continue;
        if (s->value.empty()) {
          if (!pf.numerator || !pf.denominator) continue;
          f.numerator = f.numerator.value_or(0) + *pf.numerator;
          f.denominator = f.denominator.value_or(0) + *pf.denominator;
          f.value = *f.numerator / *f.denominator *
                    (s->unit == strategy::MeasureUnit::kPercent ? 100 : 1);
        } else {
          f.value = f.value.value_or(0) + *pf.value;
        }
        f.provisional = f.provisional || pf.provisional;
        o.combined.push_back(r->org);
      }
      if (!o.combined.empty()) last_combined = period;
    }
    std::vector<strategy::DefinitionChange> changes =
        strategy::DefinitionChanges(publication, bind.series);
    std::set<size_t> noted;
    bool merged_noted = false;
    for (auto& [period, o] : own) {
      if (!o.f.value) {
        ++report.blank;
        continue;
      }
      Put put{{}, o.line};
      Observation& ob = put.o;
      ob.measure_id = m.id;
      ob.period = period;
      ob.value = *o.f.value;
      ob.numerator = o.f.numerator;
      ob.denominator = o.f.denominator;
      ob.lower = o.f.lower;
      ob.upper = o.f.upper;
      ob.provisional = o.f.provisional;
      std::vector<std::string> notes = {ProvenanceNote(publication, bind)};
      if (!o.f.note.empty()) notes.push_back(o.f.note);
      if (!o.combined.empty()) {
        std::string codes;
        for (const std::string& c : o.combined) codes += (codes.empty() ? "" : " + ") + c;
        notes.push_back(fmt::format("like-for-like: {} + {} (predecessors combined)", org, codes));
      } else if (last_combined && *last_combined < period && !merged_noted) {
        merged_noted = true;
        std::string text = fmt::format(
            "{} reported alone from {} (after the "
            "merger with {}; earlier months combined like-for-like)",
            org, period.ToString(), fmt::join(bind.predecessors, ", "));
        notes.push_back("process change: " + text);
        report.annotations.push_back(fmt::format("{} {}: {}", period.ToString(), m.id, text));
      }
      for (size_t i = 0; i < changes.size(); ++i) {
        if (noted.count(i) == 0 && period.start >= changes[i].from) {
          noted.insert(i);
          notes.push_back("process change: " + std::string(changes[i].what));
          report.annotations.push_back(
              fmt::format("{} {}: {}", period.ToString(), m.id, changes[i].what));
          // Recorded in the store: SPC starts new limits from this period.
          process_changes.push_back(
              {{m.id, period.start, std::string(changes[i].what), 1, {}}, o.line});
        }
      }
      std::string note;
      for (const std::string& n : notes) note += (note.empty() ? "" : "; ") + n;
      ob.note = note;
      if (m.frequency && !PeriodFits(period, *m.frequency)) {
        problems.Add(o.line, fmt::format("period {} does not fit measure `{}` ({})",
                                         period.ToString(), m.id, ExpectedPeriods(*m.frequency)));
        continue;
      }
      if (auto reason = internal::CheckValueRange(ob.value, m)) {
        problems.Add(o.line, fmt::format("measure `{}`: {}", m.id, *reason));
        continue;
      }
      periods.insert(period.ToString());
      own_puts.push_back(std::move(put));
    }
  }
  if (!periods.empty()) {
    report.first_period = *periods.begin();
    report.last_period = *periods.rbegin();
  }
  if (report.problem_count > 0) return report;

  LoadInfo info = internal::MakeLoadInfo(LoadKind::kValues, table.name, options);
  Status st =
      internal::WriteLoad(store, info, options.dry_run, report, [&](int64_t load_id) -> Status {
        for (const Put& p : own_puts) {
          auto put = store.PutObservation(p.o, load_id, p.line);
          if (!put.ok()) return put.status();
          internal::Count(*put, report);
          ++report.values;
        }
        for (const auto& [c, line] : process_changes) {
          auto put = store.PutProcessChange(c, load_id, line);
          if (!put.ok()) return put.status();
        }
        for (const Bound& b : bound) {
          const strategy::Measure& m = *b.m;
          const std::string& peer_group = b.peers.group;
          const std::string org = strategy::BoundOrg(strategy, *m.binding);
          for (const ReadRow& r : b.rows) {
            if (!r.peer || !b.peers.Admits(r, org)) continue;
            BenchmarkRow row;
            row.indicator = m.id;
            row.period = r.period;
            row.org_code = r.org;
            row.org_name = r.org_name;
            row.peer_group = peer_group;
            row.value = r.f.value;
            row.numerator = r.f.numerator;
            row.denominator = r.f.denominator;
            auto put = store.PutBenchmark(row, load_id, r.line);
            if (!put.ok()) return put.status();
            internal::Count(*put, report);
            ++report.benchmarks;
          }
        }
        return Status::Ok();
      });
  if (!st.ok()) return st;
  return report;
}

}  // namespace barometer::measures
