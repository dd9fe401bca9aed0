// `barometer stats <method> FILE.csv` — the OHID/PHE indicator methods on a
// user's table, grouped as PHEindicatormethods does (one row per record; the
// --group columns define the groups). The methods themselves live in
// stats/indicators.h; this file reads, validates, groups and writes.
//
// Output columns: the group columns, the method's own columns, then value,
// lower95_0cl, upper95_0cl, lower99_8cl, upper99_8cl (one pair per level),
// method, note. Missing or suppressed values are empty fields; the note says
// why, and each distinct note is also printed to stderr as a warning.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/stats_io.h"
#include "core/diagnostics.h"
#include "core/number.h"
#include "core/table.h"
#include "core/text.h"
#include "stats/indicators.h"

namespace barometer::cli {
namespace {

namespace st = barometer::stats;
using stats_io::Cell;
using stats_io::Input;
using stats_io::Num;
using stats_io::Output;
using stats_io::Text;

// ---- options -----------------------------------------------------------------

struct Common {
  std::string file;
  std::vector<std::string> groups;
  std::string confidence = "95,99.8";
  std::string format = "csv";
  std::vector<double> levels;  // parsed from `confidence`
};

struct Args {
  Common common;
  std::string count = "x", denominator = "n", value = "x", population = "n";
  std::string age_band = "ageband", standard = "esp2013", standard_column;
  bool non_independent = false;
  std::string event_frequency = "eventfreq";
  std::string ref_count = "x_ref", ref_population = "n_ref";
  double multiplier = kNoMultiplier;
  double ref_value = 1;
  std::string deaths = "deaths", start_age = "startage";
  std::string quantile, se, lower_cl, upper_cl, value_type = "normal";
  bool transform = false;
  int repetitions = 100000;
  uint64_t seed = 1;
  static constexpr double kNoMultiplier = -1e308;
  double MultiplierOr(double d) const { return multiplier == kNoMultiplier ? d : multiplier; }
};

// "95,99.8" or "0.95,0.998" -> {0.95, 0.998}.
std::optional<std::vector<double>> ParseLevels(std::string_view text) {
  std::vector<double> out;
  for (auto part : Split(text, ',')) {
    auto v = ParseDouble(part);
    if (!v) return std::nullopt;
    double c = *v > 1 ? *v / 100 : *v;
    if (!(c > 0 && c <= 1)) return std::nullopt;
    out.push_back(c);
  }
  if (out.empty()) return std::nullopt;
  return out;
}

struct Group {
  std::vector<std::string> key;
  std::vector<size_t> rows;
};

// Rows grouped by the values of `cols`, groups in order of first appearance.
std::vector<Group> MakeGroups(const CsvTable& t, const std::vector<size_t>& cols) {
  std::map<std::vector<std::string>, size_t> index;
  std::vector<Group> groups;
  for (size_t r = 0; r < t.rows(); ++r) {
    std::vector<std::string> key;
    for (size_t c : cols) key.emplace_back(t.cell(r, c));
    auto [it, added] = index.emplace(key, groups.size());
    if (added) groups.push_back({key, {}});
    groups[it->second].rows.push_back(r);
  }
  return groups;
}

std::vector<double> Pick(const std::vector<double>& v, const std::vector<size_t>& rows) {
  std::vector<double> out;
  for (size_t r : rows) out.push_back(v[r]);
  return out;
}

// Sum of the rows; missing if any is missing (as R's sum() without na.rm).
double SumOrMissing(const std::vector<double>& v, const std::vector<size_t>& rows) {
  double s = 0;
  for (size_t r : rows) s += v[r];
  return s;
}

std::vector<std::string> LimitHeader(const std::vector<double>& levels, const std::string& pre) {
  std::vector<std::string> h;
  for (double c : levels) {
    h.push_back(pre + "lower" + st::ConfidenceSuffix(c) + "cl");
    h.push_back(pre + "upper" + st::ConfidenceSuffix(c) + "cl");
  }
  return h;
}

void AddLimits(std::vector<Cell>& row, const std::vector<st::Limits>& limits) {
  for (const auto& l : limits) {
    row.push_back(Num(l.lower));
    row.push_back(Num(l.upper));
  }
}

// Output with the group columns and `own` columns, then value and limits,
// method and note.
Output NewOutput(Input& in, const std::vector<size_t>& group_cols,
                 const std::vector<std::string>& own, const std::vector<double>& levels) {
  Output o;
  for (size_t c : group_cols) o.columns.push_back(in.table().header().names()[c]);
  o.columns.insert(o.columns.end(), own.begin(), own.end());
  o.columns.push_back("value");
  for (auto& h : LimitHeader(levels, "")) o.columns.push_back(h);
  o.columns.push_back("method");
  o.columns.push_back("note");
  return o;
}

// Appends a row: group keys, own cells, the estimate; warns once per note.
void AddRow(Output& o, Input& in, const Group& g, std::vector<Cell> own, const st::Estimate& e) {
  std::vector<Cell> row;
  for (const auto& k : g.key) row.push_back(Text(k));
  for (auto& c : own) row.push_back(std::move(c));
  row.push_back(Num(e.value));
  AddLimits(row, e.limits);
  row.push_back(Text(e.method));
  row.push_back(Text(e.note));
  if (!e.note.empty()) in.Warning(g.rows.front(), e.note);
  o.rows.push_back(std::move(row));
}

// ---- methods -------------------------------------------------------------------

using Method = void (*)(Input&, const Args&, const std::vector<size_t>&, Output&);

// A group-level Status from a method, reported at the group's first row.
void GroupError(Input& in, const Group& g, const Status& s) {
  in.Error(g.rows.front(), s.message());
}

void RunRateOrProportion(Input& in, const Args& a, const std::vector<size_t>& gc, Output& o,
                         bool proportion) {
  using R = Input::Rule;
  auto xc = in.Col(a.count, "--count"), nc = in.Col(a.denominator, "--denominator");
  auto x = in.Numbers(xc, R::kNonNegative, true, "a count");
  auto n = in.Numbers(nc, R::kPositive, true, "a denominator");
  if (proportion) {
    for (size_t r = 0; r < x.size(); ++r) {
      if (x[r] > n[r]) {
        in.Error(r,
                 fmt::format("the count ({}) is more than the denominator ({}); a proportion "
                             "needs {} <= {}",
                             FormatShortest(x[r]), FormatShortest(n[r]), a.count, a.denominator));
      }
    }
  }
  o = NewOutput(in, gc, {a.count, a.denominator}, a.common.levels);
  if (in.diags().has_errors()) return;
  // Ungrouped, a rate or proportion is per record (as phe_rate and phe_proportion).
  std::vector<Group> groups = MakeGroups(in.table(), gc);
  if (gc.empty()) {
    groups.clear();
    for (size_t r = 0; r < x.size(); ++r) groups.push_back({{}, {r}});
  }
  for (const Group& g : groups) {
    double sx = SumOrMissing(x, g.rows), sn = SumOrMissing(n, g.rows);
    Result<st::Estimate> e = proportion
                                 ? st::Proportion(sx, sn, {a.MultiplierOr(1), a.common.levels})
                                 : st::CrudeRate(sx, sn, {a.MultiplierOr(100000), a.common.levels});
    if (!e.ok()) {
      GroupError(in, g, e.status());
      continue;
    }
    AddRow(o, in, g, {Num(sx), Num(sn)}, *e);
  }
}

void RunRate(Input& in, const Args& a, const std::vector<size_t>& gc, Output& o) {
  RunRateOrProportion(in, a, gc, o, false);
}
void RunProportion(Input& in, const Args& a, const std::vector<size_t>& gc, Output& o) {
  RunRateOrProportion(in, a, gc, o, true);
}

void RunMean(Input& in, const Args& a, const std::vector<size_t>& gc, Output& o) {
  auto v = in.Numbers(in.Col(a.value, "--value"), Input::Rule::kAny, true, "a value");
  o = NewOutput(in, gc, {"value_sum", "value_count", "stdev"}, a.common.levels);
  if (in.diags().has_errors()) return;
  for (const Group& g : MakeGroups(in.table(), gc)) {
    auto m = st::Mean(Pick(v, g.rows), a.common.levels);
    if (!m.ok()) {
      GroupError(in, g, m.status());
      continue;
    }
    AddRow(o, in, g, {Num(m->sum), Num(m->count), Num(m->stdev)}, m->estimate);
  }
}

// DSR bands of one group: rows with the same age band are one band (for
// non-independent events, one row per event frequency); without an age-band
// column each row is a band.
struct DsrBands {
  std::vector<double> counts, pops, standard, freq_sq;
};

DsrBands CollectDsrBands(const CsvTable& t, const Group& g, std::optional<size_t> band_col,
                         const std::vector<double>& x, const std::vector<double>& n,
                         const std::vector<double>& w, const std::vector<double>& f) {
  DsrBands b;
  std::map<std::string, size_t> index;
  for (size_t r : g.rows) {
    std::string key = band_col ? std::string(t.cell(r, *band_col)) : std::to_string(r);
    auto [it, added] = index.emplace(key, b.counts.size());
    if (added) {
      b.counts.push_back(0);
      b.freq_sq.push_back(0);
      b.pops.push_back(n[r]);
      b.standard.push_back(w.empty() ? 0 : w[r]);
    }
    double xr = st::IsMissing(x[r]) ? 0 : x[r];
    double fr = f.empty() ? 1 : f[r];
    b.counts[it->second] += xr * fr;
    b.freq_sq[it->second] += xr * fr * fr;
  }
  if (f.empty()) b.freq_sq.clear();
  return b;
}

// The bands of one group against the built-in 2013 ESP, matched by their
// labels (never by row order: a file sorted as text gives the same DSR). An
// unknown or (for independent events) repeated band is an error at its row;
// a band with no row is an error at the group's first row.
std::optional<DsrBands> EspBands(Input& in, const Group& g, std::optional<size_t> band_col,
                                 const std::vector<double>& x, const std::vector<double>& n,
                                 const std::vector<double>& f, const std::string& band_name) {
  const size_t bands = st::kEsp2013.size();
  if (!band_col) {
    in.Error(g.rows.front(),
             fmt::format("no age band column `{}`: the 2013 European Standard Population is "
                         "matched by band label (0-4, 5-9, …, 85-89, 90+), not by row order; "
                         "name the column with --age-band",
                         band_name));
    return std::nullopt;
  }
  DsrBands b;
  b.counts.assign(bands, 0);
  b.freq_sq.assign(bands, 0);
  b.pops.assign(bands, 0);
  b.standard.assign(st::kEsp2013.begin(), st::kEsp2013.end());
  std::vector<std::optional<size_t>> first_row(bands);
  bool ok = true;
  for (size_t r : g.rows) {
    std::string_view label = in.table().cell(r, *band_col);
    int band = st::Esp2013BandIndex(label);
    if (band < 0) {
      in.Error(r, fmt::format("age band '{}' is not a band of the 2013 European Standard "
                              "Population (0-4, 5-9, …, 85-89, 90+)",
                              label));
      ok = false;
      continue;
    }
    if (first_row[band] && f.empty()) {
      in.Error(r, fmt::format("age band '{}' appears twice in this group (first at {})", label,
                              in.table().Where(*first_row[band]).ToString()));
      ok = false;
      continue;
    }
    if (!first_row[band]) {
      first_row[band] = r;
      b.pops[band] = n[r];
    }
    double xr = st::IsMissing(x[r]) ? 0 : x[r];
    double fr = f.empty() ? 1 : f[r];
    b.counts[band] += xr * fr;
    b.freq_sq[band] += xr * fr * fr;
  }
  std::vector<std::string_view> missing;
  for (size_t i = 0; i < bands; ++i) {
    if (!first_row[i]) missing.push_back(st::kEsp2013Bands[i]);
  }
  if (!missing.empty() && ok) {
    in.Error(g.rows.front(),
             fmt::format("this group has no row for age band{} {} of the 2013 European Standard "
                         "Population (19 bands: 0-4, 5-9, …, 85-89, 90+)",
                         missing.size() == 1 ? "" : "s", fmt::join(missing, ", ")));
  }
  if (!ok || !missing.empty()) return std::nullopt;
  if (f.empty()) b.freq_sq.clear();
  return b;
}

void RunDsr(Input& in, const Args& a, const std::vector<size_t>& gc, Output& o) {
  using R = Input::Rule;
  auto x = in.Numbers(in.Col(a.count, "--count"), R::kNonNegative, true, "a count");
  auto n = in.Numbers(in.Col(a.population, "--population"), R::kPositive, false,
                      "a population (a DSR needs every population above 0)");
  std::vector<double> w, f;
  if (!a.standard_column.empty()) {
    w = in.Numbers(in.Col(a.standard_column, "--standard-column"), R::kNonNegative, false,
                   "a standard population");
  }
  std::optional<size_t> band_col;
  if (a.non_independent) {
    band_col = in.Col(a.age_band, "--age-band");
    f = in.Numbers(in.Col(a.event_frequency, "--event-frequency"), R::kPositive, false,
                   "an event frequency");
  } else if (auto c = in.table().header().Find(a.age_band)) {
    band_col = *c;
  }
  o = NewOutput(in, gc, {"total_count", "total_pop"}, a.common.levels);
  if (in.diags().has_errors()) return;
  for (const Group& g : MakeGroups(in.table(), gc)) {
    DsrBands b;
    if (w.empty()) {
      auto esp = EspBands(in, g, band_col, x, n, f, a.age_band);
      if (!esp) continue;
      b = std::move(*esp);
    } else {
      b = CollectDsrBands(in.table(), g, band_col, x, n, w, f);
    }
    auto d = st::Dsr({b.counts, b.pops, b.standard, b.freq_sq},
                     {a.MultiplierOr(100000), a.common.levels});
    if (!d.ok()) {
      GroupError(in, g, d.status());
      continue;
    }
    AddRow(o, in, g, {Num(d->total_count), Num(d->total_pop)}, d->estimate);
  }
}

void RunIsr(Input& in, const Args& a, const std::vector<size_t>& gc, Output& o, bool ratio) {
  using R = Input::Rule;
  auto x = in.Numbers(in.Col(a.count, "--count"), R::kNonNegative, true, "a count");
  auto n = in.Numbers(in.Col(a.population, "--population"), R::kNonNegative, true, "a population");
  auto xr =
      in.Numbers(in.Col(a.ref_count, "--ref-count"), R::kNonNegative, true, "a reference count");
  auto nr = in.Numbers(in.Col(a.ref_population, "--ref-population"), R::kPositive, false,
                       "a reference population");
  std::vector<std::string> own = {"observed", "expected"};
  if (!ratio) own.push_back("ref_rate");
  o = NewOutput(in, gc, own, a.common.levels);
  if (in.diags().has_errors()) return;
  st::IsrOptions opt{a.MultiplierOr(100000), a.ref_value, a.common.levels};
  for (const Group& g : MakeGroups(in.table(), gc)) {
    auto px = Pick(x, g.rows), pn = Pick(n, g.rows), pxr = Pick(xr, g.rows), pnr = Pick(nr, g.rows);
    st::IsrInput input{px, pn, pxr, pnr};
    auto r = ratio ? st::IsRatio(input, opt) : st::IsRate(input, opt);
    if (!r.ok()) {
      GroupError(in, g, r.status());
      continue;
    }
    std::vector<Cell> cells = {Num(r->observed), Num(r->expected)};
    if (!ratio) cells.push_back(Num(r->reference_rate));
    AddRow(o, in, g, std::move(cells), r->estimate);
  }
}
void RunIsRate(Input& in, const Args& a, const std::vector<size_t>& gc, Output& o) {
  RunIsr(in, a, gc, o, false);
}
void RunIsRatio(Input& in, const Args& a, const std::vector<size_t>& gc, Output& o) {
  RunIsr(in, a, gc, o, true);
}

void RunLifeExpectancy(Input& in, const Args& a, const std::vector<size_t>& gc, Output& o) {
  using R = Input::Rule;
  // Negative deaths and zero populations are the reference's documented
  // warnings (the group's table is suppressed), not errors.
  auto d = in.Numbers(in.Col(a.deaths, "--deaths"), R::kAny, false, "a number of deaths");
  auto p = in.Numbers(in.Col(a.population, "--population"), R::kAny, false, "a population");
  auto age = in.Numbers(in.Col(a.start_age, "--start-age"), R::kNonNegative, false,
                        "a start age (0, 1, 5, 10, …, 90)");
  // A start age is a whole number of years a life table can hold; anything
  // else (2.5, 9e16) is an error at its row, never a conversion to int.
  for (size_t r = 0; r < age.size(); ++r)
    if (age[r] >= 0 && (age[r] > 150 || age[r] != std::floor(age[r])))
      in.Error(r, fmt::format("start age {} is not a whole number of years from 0 to 150",
                              FormatShortest(age[r])));
  o = NewOutput(in, gc, {"start_age", "pops_used", "dths_used"}, a.common.levels);
  if (in.diags().has_errors()) return;
  for (const Group& g : MakeGroups(in.table(), gc)) {
    std::vector<int> ages;
    for (size_t r : g.rows) ages.push_back(static_cast<int>(age[r]));
    auto le = st::LifeExpectancy(ages, Pick(d, g.rows), Pick(p, g.rows), a.common.levels);
    if (!le.ok()) {
      GroupError(in, g, le.status());
      continue;
    }
    if (!le->warning.empty()) in.Warning(g.rows.front(), le->warning);
    for (const auto& row : le->rows) {
      st::Estimate e = row.estimate;
      e.note.clear();  // one warning per group (above), the note still goes in the column
      AddRow(o, in, g, {Num(row.start_age), Num(row.pops_used), Num(row.deaths_used)}, e);
      o.rows.back().back() = Text(row.estimate.note);
    }
  }
}

// ---- SII -----------------------------------------------------------------------

struct SiiColumns {
  std::vector<double> quantile, pop, value, se, lower, upper, count;
};

st::ValueType ValueTypeOf(const std::string& s) {
  if (s == "rate" || s == "1") return st::ValueType::kRate;
  if (s == "proportion" || s == "2") return st::ValueType::kProportion;
  return st::ValueType::kNormal;
}

SiiColumns ReadSiiColumns(Input& in, const Args& a, st::ValueType type) {
  using R = Input::Rule;
  SiiColumns c;
  c.quantile = in.Numbers(in.Col(a.quantile, "--quantile"), R::kAny, false, "a quantile number");
  c.pop = in.Numbers(in.Col(a.population, "--population"), R::kPositive, false,
                     "a population (an SII needs every population above 0)");
  // Proportions may come as counts: without --value, the count column is used
  // when the file has no `value` column.
  bool from_count =
      a.value.empty() && type == st::ValueType::kProportion && !in.table().header().Find("value");
  if (from_count) {
    c.count = in.Numbers(in.Col(a.count, "--count"), R::kPositive, false,
                         "a count (a proportion's count must be above 0)");
  } else {
    c.value = in.Numbers(in.Col(a.value.empty() ? "value" : a.value, "--value"), R::kAny, false,
                         "an indicator value");
  }
  if (!a.se.empty()) {
    c.se = in.Numbers(in.Col(a.se, "--se"), R::kNonNegative, false, "a standard error");
  } else {
    c.lower = in.Numbers(in.Col(a.lower_cl.empty() ? "lower_cl" : a.lower_cl, "--lower-cl"),
                         R::kAny, false, "a lower 95% limit");
    c.upper = in.Numbers(in.Col(a.upper_cl.empty() ? "upper_cl" : a.upper_cl, "--upper-cl"),
                         R::kAny, false, "an upper 95% limit");
  }
  if (from_count) {
    c.value.resize(c.pop.size());
    for (size_t r = 0; r < c.pop.size(); ++r) c.value[r] = c.count[r] / c.pop[r];
  }
  return c;
}

// The rows a value type cannot take (proportions strictly inside (0, 1),
// rates above 0, limits that transform).
void CheckSiiValues(Input& in, const SiiColumns& c, st::ValueType type) {
  if (type == st::ValueType::kNormal) return;
  bool prop = type == st::ValueType::kProportion;
  auto bad = [&](double v) { return !st::IsMissing(v) && (v <= 0 || (prop && v >= 1)); };
  const char* want = prop ? "strictly between 0 and 1 for a proportion" : "above 0 for a rate";
  for (size_t r = 0; r < c.value.size(); ++r) {
    if (bad(c.value[r])) {
      in.Error(r, fmt::format("the value {} must be {}", FormatShortest(c.value[r]), want));
    }
    if (!c.lower.empty() && (bad(c.lower[r]) || bad(c.upper[r]))) {
      in.Error(r, fmt::format("the confidence limits ({}, {}) must be {}",
                              FormatShortest(c.lower[r]), FormatShortest(c.upper[r]), want));
    }
  }
}

std::vector<TableColumn> SiiHeader(Input& in, const std::vector<size_t>& gc,
                                   const std::vector<double>& levels) {
  std::vector<TableColumn> h;
  for (size_t col : gc) h.push_back(in.table().header().names()[col]);
  h.push_back("sii");
  for (auto& l : LimitHeader(levels, "sii_")) h.push_back(l);
  h.push_back("rii");
  for (auto& l : LimitHeader(levels, "rii_")) h.push_back(l);
  for (const char* l : {"intercept", "method", "note"}) h.push_back(l);
  return h;
}

// One group's output row; a group without every quantile is not calculated.
void SiiGroupRow(Input& in, const Group& g, const SiiColumns& c, size_t nquantiles,
                 const st::SiiOptions& opt, Output& o) {
  std::map<double, size_t> by_quantile;
  for (size_t r : g.rows) {
    if (!by_quantile.emplace(c.quantile[r], r).second) {
      in.Error(
          r, fmt::format("quantile {} appears twice in this group", FormatShortest(c.quantile[r])));
    }
  }
  std::string note;
  st::SiiResult res;
  if (by_quantile.size() != nquantiles) {
    note = fmt::format("this group has {} of the {} quantiles; the SII is not calculated",
                       by_quantile.size(), nquantiles);
    in.Warning(g.rows.front(), note);
    res.sii_limits = res.rii_limits = std::vector<st::Limits>(opt.confidence.size());
  } else {
    std::vector<st::SiiQuantile> q;
    for (const auto& [label, r] : by_quantile) {
      double se =
          c.se.empty() ? st::SiiStandardError(c.lower[r], c.upper[r], opt.value_type) : c.se[r];
      q.push_back({c.pop[r], c.value[r], se});
    }
    auto s = st::Sii(q, opt);
    if (!s.ok()) return GroupError(in, g, s.status());
    res = *s;
  }
  std::vector<Cell> row;
  for (const auto& k : g.key) row.push_back(Text(k));
  row.push_back(Num(res.sii));
  AddLimits(row, res.sii_limits);
  row.push_back(Num(res.rii));
  AddLimits(row, res.rii_limits);
  row.push_back(Num(res.intercept));
  row.push_back(Text(
      note.empty() ? fmt::format("Low & Low; limits from {} simulations", opt.repetitions) : ""));
  row.push_back(Text(note));
  o.rows.push_back(std::move(row));
}

void RunSii(Input& in, const Args& a, const std::vector<size_t>& gc, Output& o) {
  st::ValueType type = ValueTypeOf(a.value_type);
  SiiColumns c = ReadSiiColumns(in, a, type);
  CheckSiiValues(in, c, type);
  o.columns = SiiHeader(in, gc, a.common.levels);
  if (in.diags().has_errors()) return;
  std::vector<double> labels = c.quantile;
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  if (labels.size() < 5 || labels.size() > 100) {
    in.FileError(
        fmt::format("the file has {} quantiles; an SII needs between 5 and 100", labels.size()));
    return;
  }
  if (labels.size() > 10) {
    in.FileWarning("small values can make the SII unstable when using a large number of quantiles");
  }
  st::SiiOptions opt{type, a.transform, a.MultiplierOr(1), a.repetitions, a.common.levels, a.seed};
  for (const Group& g : MakeGroups(in.table(), gc)) {
    SiiGroupRow(in, g, c, labels.size(), opt, o);
  }
}

// ---- registration --------------------------------------------------------------

int Run(Args& a, Method method) {
  auto levels = ParseLevels(a.common.confidence);
  if (!levels) {
    std::fprintf(stderr,
                 "barometer stats: --confidence %s: expected levels such as 95,99.8 (each above "
                 "0 and at most 100)\n",
                 a.common.confidence.c_str());
    return kExitUsage;
  }
  a.common.levels = *levels;
  return stats_io::RunOnFile(a.common.file, a.common.format, [&](Input& in, Output& out) {
    std::vector<size_t> group_cols;
    for (const auto& name : a.common.groups) {
      if (auto c = in.Col(name, "--group")) group_cols.push_back(*c);
    }
    if (!in.diags().has_errors()) method(in, a, group_cols, out);
  });
}

CLI::App* AddMethod(CLI::App& stats, const char* name, const char* help, Method method,
                    std::shared_ptr<Args> a, int* exit_code) {
  CLI::App* sub = stats.add_subcommand(name, help);
  sub->add_option("file", a->common.file, "input CSV, one row per record")->required();
  sub->add_option("--group", a->common.groups, "column(s) defining the groups (repeatable)")
      ->allow_extra_args(false)
      ->delimiter(',');
  sub->add_option("--confidence", a->common.confidence,
                  "confidence levels in percent, comma-separated (default 95,99.8)");
  sub->add_option("--format", a->common.format, "output format: csv (default), json or table")
      ->check(CLI::IsMember({"csv", "json", "table"}));
  sub->callback([a, method, exit_code] { *exit_code = Run(*a, method); });
  return sub;
}

void AddMultiplier(CLI::App* sub, Args& a, const char* deflt) {
  sub->add_option("--multiplier", a.multiplier,
                  fmt::format("scale of the output (default {})", deflt));
}

// rate, proportion and mean.
void AddCountMethods(CLI::App& stats, const std::shared_ptr<Args>& a, int* exit_code) {
  auto* rate = AddMethod(stats, "rate", "crude rate; exact limits below 10 events, Byar's from 10",
                         RunRate, a, exit_code);
  rate->add_option("--count", a->count, "events column (default x)");
  rate->add_option("--denominator", a->denominator, "population column (default n)");
  AddMultiplier(rate, *a, "100000");

  auto* prop = AddMethod(stats, "proportion", "proportion with Wilson score limits", RunProportion,
                         a, exit_code);
  prop->add_option("--count", a->count, "numerator column (default x)");
  prop->add_option("--denominator", a->denominator, "denominator column (default n)");
  AddMultiplier(prop, *a, "1; 100 for a percentage");

  auto* mean = AddMethod(stats, "mean", "mean with Student's t limits", RunMean, a, exit_code);
  mean->add_option("--value", a->value, "value column (default x)");
}

// dsr, isr and isratio.
void AddStandardisedMethods(CLI::App& stats, const std::shared_ptr<Args>& a, int* exit_code) {
  auto* dsr = AddMethod(stats, "dsr",
                        "directly standardised rate (Dobson limits); 2013 ESP built in; "
                        "suppressed below 10 events",
                        RunDsr, a, exit_code);
  dsr->add_option("--count", a->count, "events column (default x)");
  dsr->add_option("--population", a->population, "population column (default n)");
  dsr->add_option("--age-band", a->age_band, "age band column (default ageband)");
  dsr->add_option("--standard", a->standard,
                  "standard population: esp2013 (19 bands 0-4 … 90+, matched by the labels in "
                  "the --age-band column)")
      ->check(CLI::IsMember({"esp2013"}));
  dsr->add_option("--standard-column", a->standard_column,
                  "take the standard population from this column instead");
  dsr->add_flag("--non-independent", a->non_independent,
                "events are not independent: each row counts people with --event-frequency "
                "events");
  dsr->add_option("--event-frequency", a->event_frequency,
                  "events per person column (default eventfreq)");
  AddMultiplier(dsr, *a, "100000");

  for (bool ratio : {false, true}) {
    auto* isr = AddMethod(stats, ratio ? "isratio" : "isr",
                          ratio ? "indirectly standardised ratio (observed / expected)"
                                : "indirectly standardised rate",
                          ratio ? RunIsRatio : RunIsRate, a, exit_code);
    isr->add_option("--count", a->count, "observed events column (default x)");
    isr->add_option("--population", a->population, "local population column (default n)");
    isr->add_option("--ref-count", a->ref_count, "reference events column (default x_ref)");
    isr->add_option("--ref-population", a->ref_population,
                    "reference population column (default n_ref)");
    if (ratio) {
      isr->add_option("--ref-value", a->ref_value, "value of the reference (1, or 100 for an SMR)");
    } else {
      AddMultiplier(isr, *a, "100000");
    }
  }
}

// life-expectancy and sii.
void AddLifeExpectancyAndSii(CLI::App& stats, const std::shared_ptr<Args>& a, int* exit_code) {
  auto* le = AddMethod(stats, "life-expectancy",
                       "life expectancy (Chiang II, 20 bands to 90+, Silcocks limits), one row "
                       "per start age",
                       RunLifeExpectancy, a, exit_code);
  le->add_option("--deaths", a->deaths, "deaths column (default deaths)");
  le->add_option("--population", a->population, "population column (default pops)");
  le->add_option("--start-age", a->start_age, "start age column (default startage)");
  le->preparse_callback([a](size_t) { a->population = "pops"; });

  auto* sii = AddMethod(stats, "sii",
                        "slope and relative index of inequality (Low & Low), simulated limits",
                        RunSii, a, exit_code);
  sii->add_option("--quantile", a->quantile, "quantile column (1 = most deprived)")->required();
  sii->add_option("--population", a->population, "population column")->required();
  sii->add_option("--value", a->value, "indicator value column");
  sii->add_option("--count", a->count, "count column (proportions given as counts)");
  sii->add_option("--se", a->se,
                  "standard error column (log / logit scale for rates / "
                  "proportions)");
  sii->add_option("--lower-cl", a->lower_cl, "lower 95% limit column (default lower_cl)");
  sii->add_option("--upper-cl", a->upper_cl, "upper 95% limit column (default upper_cl)");
  sii->add_option("--value-type", a->value_type, "normal (default), rate or proportion")
      ->check(CLI::IsMember({"normal", "rate", "proportion", "0", "1", "2"}));
  sii->add_flag("--transform", a->transform,
                "regress on the log (rate) or logit (proportion) scale");
  sii->add_option("--repetitions", a->repetitions, "simulations (default 100000)");
  sii->add_option("--seed", a->seed, "random seed (default 1)");
  AddMultiplier(sii, *a, "1");
  sii->preparse_callback([a](size_t) { a->value.clear(); });
}

}  // namespace

void RegisterStatsCommand(CLI::App& app, int* exit_code) {
  CLI::App* stats = app.add_subcommand(
      "stats",
      "OHID/PHE indicator methods (PHEindicatormethods v2.1.0) on a CSV: rates, proportions, "
      "means, DSR, ISR, life expectancy, SII, funnel plots, comparison with a comparator");
  stats->require_subcommand(1);
  stats->footer(kExitCodeHelp);
  auto a = std::make_shared<Args>();
  AddCountMethods(*stats, a, exit_code);
  AddStandardisedMethods(*stats, a, exit_code);
  AddLifeExpectancyAndSii(*stats, a, exit_code);
  stats_io::AddFunnelCommand(*stats, exit_code);
  stats_io::AddCompareCommand(*stats, exit_code);
}

}  // namespace barometer::cli
