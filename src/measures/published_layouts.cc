// NHS England's own A&E layouts read into the tidy one (measures/published.h,
// docs/published-data.md "NHS England's own layouts"): the monthly provider
// CSV ("Period,Org Code,Parent Org,Org name,A&E attendances Type 1,...") and
// the "A&E by provider" sheet saved as CSV ("Code,Region,Name,Type 1
// Departments - Major A&E,..."). The mapping is the one the staged tidy file
// was built with (shared data folder, tools/build_ae.py), so a month read
// from either layout stores the same values as the tidy file's month.
#include <array>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/number.h"
#include "core/text.h"
#include "measures/published.h"

namespace barometer::measures {

using strategy::Publication;

namespace {

// The tidy A&E columns written (data/nhs-published/ae/ae_provider_monthly.csv,
// without its source columns).
constexpr std::array<std::string_view, 29> kTidyAe = {"period",
                                                      "org_code",
                                                      "org_name",
                                                      "parent_org",
                                                      "att_type1",
                                                      "att_type2",
                                                      "att_other",
                                                      "att_total",
                                                      "booked_type1",
                                                      "booked_type2",
                                                      "booked_other",
                                                      "over4_type1",
                                                      "over4_type2",
                                                      "over4_other",
                                                      "over4_total",
                                                      "within4_total",
                                                      "over4_booked_type1",
                                                      "over4_booked_type2",
                                                      "over4_booked_other",
                                                      "dta_4_12h",
                                                      "dta_12plus_h",
                                                      "dta_over4_total",
                                                      "emadm_ae_type1",
                                                      "emadm_ae_type2",
                                                      "emadm_ae_other",
                                                      "emadm_ae_total",
                                                      "emadm_other",
                                                      "emadm_total",
                                                      "four_hour_reported"};

// The figures checked against NHS England's TOTAL row (as the shared data's
// check.py does for every month).
constexpr std::array<std::string_view, 8> kTotalChecked = {
    "att_type1", "att_total",    "over4_type1",    "over4_total",
    "dta_4_12h", "dta_12plus_h", "emadm_ae_total", "emadm_total"};

// The trusts that field-tested the Clinically-led Review of Standards and did
// not report the four-hour standard from May 2019 to May 2023 (NHS England's
// notes to the monthly statistics): the monthly CSVs carry 0 attendances over
// four hours for them, which is "not reported", not zero. R0D (University
// Hospitals Dorset) continued Poole's (RD3) field test after October 2020.
constexpr std::array<std::string_view, 15> kFieldTest = {"RGT", "RC9", "RDU", "RFR", "RGR",
                                                         "RK9", "RNQ", "RQM", "RX1", "RXF",
                                                         "RYJ", "RHU", "RVW", "RD3", "R0D"};

using Counts = std::map<std::string, std::optional<double>, std::less<>>;

std::optional<int> MonthNumber(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kNames = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  std::string w = ToLower(word);
  for (size_t i = 0; i < kNames.size(); ++i)
    if (w == kNames[i]) return static_cast<int>(i) + 1;
  return std::nullopt;
}

// "MSitAE-APRIL-2020" -> 2020-04.
std::optional<Period> MsitaePeriod(std::string_view text) {
  std::string t = ToLower(Trim(text));
  if (!t.starts_with("msitae-") || t.size() < 7 + 3 + 5) return std::nullopt;
  std::string_view rest = std::string_view(t).substr(7);
  size_t dash = rest.rfind('-');
  if (dash == std::string_view::npos || rest.size() - dash != 5) return std::nullopt;
  std::optional<int> month = MonthNumber(rest.substr(0, dash));
  std::optional<int64_t> year = ParseInt(rest.substr(dash + 1));
  if (!month || !year || *year < 1900 || *year > 2200) return std::nullopt;
  return Period::Month(static_cast<int>(*year), *month);
}

// "March-2026-AE.csv" (any directory) -> 2026-03.
std::optional<Period> PeriodFromFileName(std::string_view path) {
  size_t slash = path.find_last_of("/\\");
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  size_t dash = base.find('-');
  if (dash == std::string_view::npos || base.size() < dash + 5) return std::nullopt;
  std::optional<int> month = MonthNumber(base.substr(0, dash));
  std::optional<int64_t> year = ParseInt(base.substr(dash + 1, 4));
  if (!month || !year || *year < 1900 || *year > 2200) return std::nullopt;
  if (base.size() > dash + 5 && std::isdigit(static_cast<unsigned char>(base[dash + 5])))
    return std::nullopt;
  return Period::Month(static_cast<int>(*year), *month);
}

// The rows' problems, with the raw file's name.
class Problems {
 public:
  Problems(const PublishedTable& t, std::vector<RowProblem>* out) : t_(t), out_(out) {}
  void Add(int line, std::string reason) {
    ++count_;
    out_->push_back({t_.name, line, std::move(reason)});
  }
  int count() const { return count_; }

 private:
  const PublishedTable& t_;
  std::vector<RowProblem>* out_;
  int count_ = 0;
};

// A published count: "1,234" is 1234; empty and NHS England's markers for a
// figure not available ("-", "*", "N/A", "NA", "..") are no value; anything
// else (text, a fraction, a negative) is a problem naming the column.
std::optional<double> ReadCount(std::string_view cell, std::string_view column, int line,
                                Problems& problems, bool* ok) {
  std::string_view c = Trim(cell);
  if (c.empty() || c == "-" || c == "*" || c == ".." || c == "N/A" || c == "NA")
    return std::nullopt;
  std::string digits;
  for (char ch : c)
    if (ch != ',') digits += ch;
  std::optional<double> v = ParseDouble(digits);
  if (!v || !std::isfinite(*v)) {
    problems.Add(line, fmt::format("{} `{}` is not a number", column, c));
  } else if (*v < 0) {
    problems.Add(line, fmt::format("{} {} must not be negative", column, c));
  } else if (*v != std::floor(*v)) {
    problems.Add(line, fmt::format("{} {} is not a whole number (a count of patients)", column, c));
  } else {
    return v;
  }
  *ok = false;
  return std::nullopt;
}

std::optional<double> Sum(std::initializer_list<std::optional<double>> xs) {
  double s = 0;
  for (const auto& x : xs) {
    if (!x) return std::nullopt;
    s += *x;
  }
  return s;
}

std::optional<double> Minus(std::optional<double> a, std::optional<double> b) {
  if (!a || !b) return std::nullopt;
  return *a - *b;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool IsTotalCode(std::string_view code) {
  std::string c = ToLower(code);
  return c == "total" || c == "england";
}

struct Provider {
  int line = 0;
  Period period;
  std::string code, name, parent;
  Counts n;
};

// The field-test rule and the derived columns, then the tidy cells.
std::vector<std::string> TidyCells(Provider& p) {
  Counts& n = p.n;
  bool reported = true;
  bool in_test = false;
  for (std::string_view c : kFieldTest) in_test = in_test || c == p.code;
  if (in_test && p.period.ToString() >= "2019-05" && p.period.ToString() <= "2023-05" &&
      n["att_type1"].value_or(0) > 0 && n["over4_total"].value_or(0) == 0) {
    reported = false;
    for (std::string_view c :
         {"over4_type1", "over4_type2", "over4_other", "over4_total", "within4_total",
          "over4_booked_type1", "over4_booked_type2", "over4_booked_other"})
      n[std::string(c)].reset();
  }
  std::vector<std::string> cells;
  cells.reserve(kTidyAe.size());
  for (std::string_view col : kTidyAe) {
    if (col == "period") {
      cells.push_back(p.period.ToString());
    } else if (col == "org_code") {
      cells.push_back(p.code);
    } else if (col == "org_name") {
      cells.push_back(p.name);
    } else if (col == "parent_org") {
      cells.push_back(p.parent);
    } else if (col == "four_hour_reported") {
      cells.push_back(reported ? "1" : "0");
    } else {
      auto it = n.find(col);
      cells.push_back(it == n.end() || !it->second ? std::string() : FormatShortest(*it->second));
    }
  }
  return cells;
}

// Checks the TOTAL row against the sum of the providers (before the field
// test's figures are blanked: NHS England's total counts them as 0).
void CheckTotal(const PublishedTotal& total, const std::vector<Provider>& rows,
                Problems& problems) {
  for (std::string_view col : kTotalChecked) {
    auto t = total.counts.find(std::string(col));
    if (t == total.counts.end()) continue;
    double sum = 0;
    for (const Provider& p : rows) {
      auto it = p.n.find(col);
      if (it != p.n.end() && it->second) sum += *it->second;
    }
    if (sum != t->second) {
      problems.Add(total.line,
                   fmt::format("the TOTAL row's {} is {} but the providers' rows sum to {}: the "
                               "file is incomplete or was edited",
                               col, FormatShortest(t->second), FormatShortest(sum)));
    }
  }
}

// Keeps a provider's row unless its code was on an earlier line (a
// duplicate is a problem at its line; the first row stands).
void Keep(Provider p, int line, std::map<std::string, int, std::less<>>& seen,
          std::vector<Provider>& providers, Problems& problems) {
  auto [it, fresh] = seen.emplace(p.code, line);
  if (!fresh) {
    problems.Add(line, fmt::format("duplicate row: {} is already on line {}", p.code, it->second));
    return;
  }
  providers.push_back(std::move(p));
}

// ---- the monthly provider CSV ----

// The providers read from a raw file as the tidy table, once the TOTAL row
// (when the layout has one) has been checked against them.
TidyTable Finish(TidyTable out, std::vector<Provider>& providers, Problems& problems) {
  if (problems.count() == 0 && out.total) CheckTotal(*out.total, providers, problems);
  out.table.columns.assign(kTidyAe.begin(), kTidyAe.end());
  for (Provider& p : providers) {
    out.table.rows.push_back(TidyCells(p));
    out.table.lines.push_back(p.line);
  }
  return out;
}

struct MonthlyColumns {
  std::map<std::string, size_t, std::less<>> index;  // lower-case name -> column
  std::optional<size_t> Find(std::string_view name) const {
    auto it = index.find(name);
    if (it == index.end()) return std::nullopt;
    return it->second;
  }
};

// Published column -> tidy column (before booked appointments are added).
constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kMonthlyCounts = {{
    {"a&e attendances type 1", "att_type1"},
    {"a&e attendances type 2", "att_type2"},
    {"a&e attendances other a&e department", "att_other"},
    {"attendances over 4hrs type 1", "over4_type1"},
    {"attendances over 4hrs type 2", "over4_type2"},
    {"attendances over 4hrs other department", "over4_other"},
    {"patients who have waited 4-12 hs from dta to admission", "dta_4_12h"},
    {"patients who have waited 12+ hrs from dta to admission", "dta_12plus_h"},
    {"emergency admissions via a&e - type 1", "emadm_ae_type1"},
    {"emergency admissions via a&e - type 2", "emadm_ae_type2"},
    {"emergency admissions via a&e - other a&e department", "emadm_ae_other"},
    {"other emergency admissions", "emadm_other"},
}};
// Booked appointments (from August 2020): part of the headline attendances.
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kMonthlyBooked = {{
    {"a&e attendances booked appointments type 1", "booked_type1"},
    {"a&e attendances booked appointments type 2", "booked_type2"},
    {"a&e attendances booked appointments other department", "booked_other"},
    {"attendances over 4hrs booked appointments type 1", "over4_booked_type1"},
    {"attendances over 4hrs booked appointments type 2", "over4_booked_type2"},
    {"attendances over 4hrs booked appointments other department", "over4_booked_other"},
}};

void Derive(Counts& n) {
  n["att_total"] = Sum({n["att_type1"], n["att_type2"], n["att_other"]});
  n["over4_total"] = Sum({n["over4_type1"], n["over4_type2"], n["over4_other"]});
  n["within4_total"] = Minus(n["att_total"], n["over4_total"]);
  n["dta_over4_total"] = Sum({n["dta_4_12h"], n["dta_12plus_h"]});
  n["emadm_ae_total"] = Sum({n["emadm_ae_type1"], n["emadm_ae_type2"], n["emadm_ae_other"]});
  n["emadm_total"] = Sum({n["emadm_ae_total"], n["emadm_other"]});
}

TidyTable FromMonthly(const PublishedTable& raw, Problems& problems) {
  TidyTable out;
  out.layout = PublishedLayout::kNhseAeMonthly;
  MonthlyColumns cols;
  for (size_t i = 0; i < raw.columns.size(); ++i) {
    std::string name = ToLower(Trim(raw.columns[i]));
    if (!name.empty()) cols.index.emplace(name, i);
  }
  bool header_ok = true;
  for (std::string_view need : {"period", "org code", "parent org", "org name"}) {
    if (!cols.Find(need)) {
      problems.Add(1, fmt::format("missing column `{}` of NHS England's monthly A&E CSV", need));
      header_ok = false;
    }
  }
  for (const auto& [name, tidy] : kMonthlyCounts) {
    if (!cols.Find(name)) {
      problems.Add(1, fmt::format("missing column `{}` of NHS England's monthly A&E CSV (read "
                                  "as {})",
                                  name, tidy));
      header_ok = false;
    }
  }
  if (!header_ok) return out;
  const bool booked = cols.Find(kMonthlyBooked[0].first).has_value();
  if (booked) {
    for (const auto& [name, tidy] : kMonthlyBooked) {
      if (!cols.Find(name)) {
        problems.Add(1, fmt::format("missing column `{}`: the file has booked appointments "
                                    "columns but not this one",
                                    name));
        header_ok = false;
      }
    }
    if (!header_ok) return out;
  }
  auto cell = [](const std::vector<std::string>& row, std::optional<size_t> c) {
    return !c || *c >= row.size() ? std::string_view() : Trim(row[*c]);
  };
  std::optional<Period> file_period;
  int period_line = 0;
  std::vector<Provider> providers;
  std::map<std::string, int, std::less<>> seen;
  for (size_t i = 0; i < raw.rows.size(); ++i) {
    const std::vector<std::string>& row = raw.rows[i];
    const int line = raw.lines[i];
    bool blank = true;
    for (const std::string& c : row) blank = blank && Trim(c).empty();
    if (blank) continue;
    bool ok = true;
    Provider p;
    p.line = line;
    p.code = std::string(cell(row, cols.Find("org code")));
    p.name = std::string(cell(row, cols.Find("org name")));
    p.parent = std::string(cell(row, cols.Find("parent org")));
    for (const auto& [name, tidy] : kMonthlyCounts)
      p.n[std::string(tidy)] = ReadCount(cell(row, cols.Find(name)),
                                         Trim(raw.columns[*cols.Find(name)]), line, problems, &ok);
    if (booked) {
      for (const auto& [name, tidy] : kMonthlyBooked)
        p.n[std::string(tidy)] = ReadCount(
            cell(row, cols.Find(name)), Trim(raw.columns[*cols.Find(name)]), line, problems, &ok);
      // The headline attendances (and those over four hours) include booked
      // appointments, which these files count separately.
      for (std::string_view t : {"type1", "type2", "other"}) {
        Counts& n = p.n;
        n["att_" + std::string(t)] =
            Sum({n["att_" + std::string(t)], n["booked_" + std::string(t)]});
        n["over4_" + std::string(t)] =
            Sum({n["over4_" + std::string(t)], n["over4_booked_" + std::string(t)]});
      }
    }
    if (p.code.empty()) {
      problems.Add(line, "missing Org Code");
      continue;
    }
    if (IsTotalCode(p.code)) {
      if (!ok) continue;
      Derive(p.n);
      if (out.total) {
        problems.Add(line,
                     fmt::format("a second TOTAL row (the first is on line {})", out.total->line));
        continue;
      }
      PublishedTotal t;
      t.line = line;
      for (std::string_view c : kTotalChecked)
        if (p.n[std::string(c)]) t.counts[std::string(c)] = *p.n[std::string(c)];
      out.total = std::move(t);
      continue;
    }
    std::string_view period_text = cell(row, cols.Find("period"));
    std::optional<Period> period = MsitaePeriod(period_text);
    if (!period) {
      problems.Add(line, period_text.empty()
                             ? std::string("missing Period")
                             : fmt::format("Period `{}` is not a month; expected the form "
                                           "MSitAE-APRIL-2020",
                                           period_text));
      continue;
    }
    if (!ok) continue;
    Derive(p.n);
    if (!file_period) {
      file_period = period;
      period_line = line;
    } else if (*period != *file_period) {
      problems.Add(line, fmt::format("Period {} differs from the file's month, {} (line {}): "
                                     "a monthly CSV holds one month",
                                     period->ToString(), file_period->ToString(), period_line));
      continue;
    }
    p.period = *period;
    Keep(std::move(p), line, seen, providers, problems);
  }
  return Finish(std::move(out), providers, problems);
}

// ---- the "A&E by provider" sheet ----

// Columns by position (the sheet repeats the department names under three
// headings), each with text its header must contain.
struct ByProviderColumn {
  size_t index;
  std::string_view header;  // lower case, contained in the header
  std::string_view tidy;
};
constexpr std::array<ByProviderColumn, 18> kByProvider = {{
    {3, "type 1", "att_type1"},
    {4, "type 2", "att_type2"},
    {5, "type 3", "att_other"},
    {6, "total attendances", "att_total"},
    {11, "type 1", "over4_type1"},
    {12, "type 2", "over4_type2"},
    {13, "type 3", "over4_other"},
    {14, "total attendances > 4 hours", "over4_total"},
    {19, "emergency admissions via type 1", "emadm_ae_type1"},
    {20, "emergency admissions via type 2", "emadm_ae_type2"},
    {21, "emergency admissions via type 3", "emadm_ae_other"},
    {22, "total emergency admissions via a&e", "emadm_ae_total"},
    {23, "other emergency admissions", "emadm_other"},
    {24, "total emergency admissions", "emadm_total"},
    {25, ">4 hours from decision to admit", "dta_over4_total"},
    {26, ">12 hours from decision to admit", "dta_12plus_h"},
    {10, "total attendances < 4 hours", "within4_total"},
    {0, "code", ""},
}};

TidyTable FromByProvider(const PublishedTable& raw, const PublishedOptions& options,
                         Problems& problems) {
  TidyTable out;
  out.layout = PublishedLayout::kNhseAeByProvider;
  bool header_ok = true;
  for (const ByProviderColumn& c : kByProvider) {
    std::string have = c.index < raw.columns.size() ? ToLower(Trim(raw.columns[c.index])) : "";
    if (have.find(c.header) == std::string::npos) {
      problems.Add(
          1, fmt::format("column {} is `{}`; NHS England's \"A&E by provider\" sheet "
                         "has `{}` there",
                         c.index + 1, c.index < raw.columns.size() ? raw.columns[c.index] : "",
                         c.header));
      header_ok = false;
    }
  }
  std::optional<Period> period = options.period ? options.period : PeriodFromFileName(raw.name);
  if (!period) {
    problems.Add(1,
                 "no month: the \"A&E by provider\" sheet has no Period column; give --period "
                 "YYYY-MM, or name the file as NHS England does (March-2026-AE.csv)");
    header_ok = false;
  }
  if (!header_ok) return out;
  std::vector<Provider> providers;
  std::map<std::string, int, std::less<>> seen;
  for (size_t i = 0; i < raw.rows.size(); ++i) {
    const std::vector<std::string>& row = raw.rows[i];
    const int line = raw.lines[i];
    auto cell = [&](size_t c) { return c < row.size() ? Trim(row[c]) : std::string_view(); };
    bool blank = true;
    for (const std::string& c : row) blank = blank && Trim(c).empty();
    if (blank) continue;
    Provider p;
    p.line = line;
    p.period = *period;
    p.code = std::string(cell(0));
    p.parent = Upper(cell(1));
    p.name = Upper(cell(2));
    if (p.code.empty() || p.code == "-") continue;  // a spacer or note row
    bool ok = true;
    for (const ByProviderColumn& c : kByProvider) {
      if (c.tidy.empty()) continue;
      p.n[std::string(c.tidy)] =
          ReadCount(cell(c.index), raw.columns[c.index], line, problems, &ok);
    }
    if (!ok) continue;
    Counts& n = p.n;
    n["dta_4_12h"] = Minus(n["dta_over4_total"], n["dta_12plus_h"]);
    // The sheet's totals must add up, or the columns are not what they seem.
    auto check = [&](std::string_view total, std::optional<double> sum) {
      if (n[std::string(total)] && sum && *n[std::string(total)] != *sum) {
        problems.Add(line,
                     fmt::format("{} is {} but its parts sum to {}", total,
                                 FormatShortest(*n[std::string(total)]), FormatShortest(*sum)));
        ok = false;
      }
    };
    check("att_total", Sum({n["att_type1"], n["att_type2"], n["att_other"]}));
    check("over4_total", Sum({n["over4_type1"], n["over4_type2"], n["over4_other"]}));
    check("att_total", Sum({n["within4_total"], n["over4_total"]}));
    if (n["dta_4_12h"] && *n["dta_4_12h"] < 0) {
      problems.Add(line, "more patients waited over 12 hours from decision to admit than over 4");
      ok = false;
    }
    if (!ok) continue;
    if (IsTotalCode(p.code)) {
      if (!out.total) {
        PublishedTotal t;
        t.line = line;
        for (std::string_view c : kTotalChecked)
          if (n[std::string(c)]) t.counts[std::string(c)] = *n[std::string(c)];
        out.total = std::move(t);
      }
      continue;
    }
    Keep(std::move(p), line, seen, providers, problems);
  }
  return Finish(std::move(out), providers, problems);
}

}  // namespace

std::string_view LayoutName(PublishedLayout l) {
  switch (l) {
    case PublishedLayout::kAuto:
      return "auto";
    case PublishedLayout::kTidy:
      return "tidy";
    case PublishedLayout::kNhseAeMonthly:
      return "nhse-ae-monthly";
    case PublishedLayout::kNhseAeByProvider:
      return "nhse-ae-by-provider";
  }
  return "auto";
}

std::vector<std::string> LayoutNames() {
  return {"auto", "tidy", "nhse-ae-monthly", "nhse-ae-by-provider"};
}

std::optional<PublishedLayout> ParseLayout(std::string_view name) {
  for (PublishedLayout l : {PublishedLayout::kAuto, PublishedLayout::kTidy,
                            PublishedLayout::kNhseAeMonthly, PublishedLayout::kNhseAeByProvider})
    if (LayoutName(l) == name) return l;
  return std::nullopt;
}

PublishedLayout DetectLayout(Publication p, const std::vector<std::string>& columns) {
  if (p != Publication::kNhseAe) return PublishedLayout::kTidy;
  std::set<std::string> names;
  for (const std::string& c : columns) names.insert(ToLower(Trim(c)));
  if (names.count("org_code") > 0) return PublishedLayout::kTidy;
  if (names.count("org code") > 0 && names.count("period") > 0)
    return PublishedLayout::kNhseAeMonthly;
  if (!columns.empty() && ToLower(Trim(columns[0])) == "code" && names.count("region") > 0)
    return PublishedLayout::kNhseAeByProvider;
  return PublishedLayout::kTidy;
}

TidyTable ToTidyLayout(const PublishedTable& raw, Publication p, const PublishedOptions& options,
                       std::vector<RowProblem>* problems) {
  Problems list(raw, problems);
  PublishedLayout layout =
      options.layout == PublishedLayout::kAuto ? DetectLayout(p, raw.columns) : options.layout;
  TidyTable out;
  if (layout != PublishedLayout::kTidy && p != Publication::kNhseAe) {
    list.Add(1, fmt::format("layout {} is NHS England's A&E layout; {} files are read in the tidy "
                            "layout only",
                            LayoutName(layout), strategy::EnumName(p)));
    return out;
  }
  switch (layout) {
    case PublishedLayout::kNhseAeMonthly:
      out = FromMonthly(raw, list);
      break;
    case PublishedLayout::kNhseAeByProvider:
      out = FromByProvider(raw, options, list);
      break;
    case PublishedLayout::kAuto:
    case PublishedLayout::kTidy:
      out.table = raw;
      out.layout = PublishedLayout::kTidy;
      return out;
  }
  out.table.name = raw.name;
  return out;
}

}  // namespace barometer::measures
