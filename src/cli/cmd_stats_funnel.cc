// `barometer stats funnel` and `barometer stats compare`: funnel-plot limits
// and significance (stats/funnels.h) and the comparison of each row with a
// comparator (better / similar / worse), on a user's table.
//
// funnel, by default or --significance: every input column, then
// `significance` (the package's labels: "High (0.001)", …). --limits: one row
// per funnel point (population / observed_events / events), lower95_0cl,
// upper95_0cl, lower99_8cl, upper99_8cl, for ratios and rates the denominator
// on each limit (<limit>_expected_events / <limit>_population_1_year), then
// baseline (not for ratios), statistic, method. --points (rates): every input
// column, then rate_chart and denominator_derived (population per year).
//
// compare: every input column, then `comparison` (interval mode) or
// comparison95_0, comparison99_8, … (count mode, one per --confidence level).
#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/exit_codes.h"
#include "cli/stats_io.h"
#include "core/number.h"
#include "core/text.h"
#include "stats/funnels.h"
#include "stats/indicators.h"

namespace barometer::cli::stats_io {
namespace {

namespace st = barometer::stats;
using Rule = Input::Rule;

// ---- funnel -------------------------------------------------------------------

struct FunnelArgs {
  std::string file, format = "csv";
  std::string statistic, numerator = "numerator", denominator = "denominator", rate = "rate";
  std::string ratio_type = "count", rate_type;
  double years_of_data = 0, multiplier = 0;
  bool limits = false, significance = false, points = false;
  bool denominator_given = false;  // set from the command line
};

st::FunnelOptions OptionsOf(const FunnelArgs& a) {
  st::FunnelOptions o;
  o.statistic = a.statistic == "ratio"  ? st::FunnelStatistic::kRatio
                : a.statistic == "rate" ? st::FunnelStatistic::kRate
                                        : st::FunnelStatistic::kProportion;
  o.ratio_type = a.ratio_type == "isr" ? st::RatioType::kIsr : st::RatioType::kCount;
  o.rate_type = a.rate_type == "crude" ? st::RateType::kCrude : st::RateType::kDsr;
  bool rate = o.statistic == st::FunnelStatistic::kRate;
  o.multiplier = a.multiplier > 0 ? a.multiplier : rate ? 100000 : 100;
  o.years_of_data = a.years_of_data > 0 ? a.years_of_data : 1;
  return o;
}

// The usage errors CLI11 cannot express; empty when the options fit together.
std::string UsageProblem(const FunnelArgs& a) {
  bool rate = a.statistic == "rate";
  if (rate && a.rate_type.empty()) return "--statistic rate needs --rate-type dsr or crude";
  if (rate && (a.limits || a.points) && !(a.years_of_data > 0)) {
    return "rate funnel limits and points need --years-of-data N (the years the counts cover)";
  }
  if (a.points && !rate) return "--points is for --statistic rate";
  return "";
}

struct FunnelColumns {
  std::vector<double> x, n, rate;
  bool has_denominator = false;
};

// A rate that is missing or not above 0 where there are events (text that is
// not a number was reported when the column was read).
void RateError(Input& in, size_t r, const std::string& col, double v) {
  if (!st::IsMissing(v)) {
    in.Error(r, fmt::format("column `{}`: a rate must be more than 0 where there are events "
                            "(got {})",
                            col, FormatShortest(v)));
    return;
  }
  std::string_view cell = Trim(in.table().cell(r, *in.table().header().Find(col)));
  if (cell.empty() || cell == "NA") {
    in.Error(r, fmt::format("column `{}`: the rate is missing but there are events", col));
  }
}

// The numbers the statistic needs, every bad row reported.
FunnelColumns ReadFunnel(Input& in, const FunnelArgs& a, const st::FunnelOptions& o) {
  FunnelColumns c;
  bool rate = o.statistic == st::FunnelStatistic::kRate;
  bool ratio = o.statistic == st::FunnelStatistic::kRatio;
  const char* what = rate ? "a number of events" : ratio ? "an observed count" : "a numerator";
  c.x = in.Numbers(in.Col(a.numerator, "--numerator"), Rule::kNonNegative, false, what);
  c.has_denominator = !rate || a.denominator_given || in.table().header().Find(a.denominator);
  if (c.has_denominator) {
    const char* den = rate ? "a population" : ratio ? "an expected count" : "a denominator";
    c.n = in.Numbers(in.Col(a.denominator, "--denominator"), Rule::kPositive, rate, den);
  }
  if (rate) c.rate = in.Numbers(in.Col(a.rate, "--rate"), Rule::kAny, true, "a rate");
  for (size_t r = 0; r < c.x.size(); ++r) {
    double x = c.x[r], n = c.n.empty() ? st::kMissing : c.n[r];
    if (o.statistic == st::FunnelStatistic::kProportion && x > n) {
      in.Error(r, fmt::format("the numerator ({}) is more than the denominator ({}); a "
                              "proportion needs {} <= {}",
                              FormatShortest(x), FormatShortest(n), a.numerator, a.denominator));
    } else if (rate && x > 0 && !(c.rate[r] > 0)) {
      RateError(in, r, a.rate, c.rate[r]);
    } else if (rate && x == 0 && o.rate_type == st::RateType::kCrude && st::IsMissing(n)) {
      in.Error(r, c.has_denominator
                      ? fmt::format("column `{}`: the population is missing; a crude rate with "
                                    "0 events needs it",
                                    a.denominator)
                      : std::string("a crude rate with 0 events needs its population: give the "
                                    "population column with --denominator COLUMN"));
    }
  }
  return c;
}

// Every input column as text, to which a command appends its own; an input
// column with the name of one of ours is replaced (with a warning).
Output EchoInput(Input& in, const std::vector<std::string>& own) {
  const CsvTable& t = in.table();
  std::vector<size_t> keep;
  Output o;
  for (size_t c = 0; c < t.header().names().size(); ++c) {
    const std::string& name = t.header().names()[c];
    if (std::find(own.begin(), own.end(), name) == own.end()) {
      keep.push_back(c);
      o.columns.push_back(name);
    } else {
      in.FileWarning(fmt::format("the input's column `{}` is replaced by the one computed", name));
    }
  }
  o.columns.insert(o.columns.end(), own.begin(), own.end());
  for (size_t r = 0; r < t.rows(); ++r) {
    std::vector<Cell> row;
    for (size_t c : keep) row.push_back(Text(std::string(t.cell(r, c))));
    o.rows.push_back(std::move(row));
  }
  return o;
}

Output LimitTable(const st::FunnelLimitTable& t, st::FunnelStatistic s) {
  const char* x = s == st::FunnelStatistic::kProportion ? "population"
                  : s == st::FunnelStatistic::kRatio    ? "observed_events"
                                                        : "events";
  const char* den = s == st::FunnelStatistic::kRatio ? "_expected_events" : "_population_1_year";
  std::vector<std::string> limits;
  for (double level : {0.95, 0.998}) {
    for (const char* side : {"lower", "upper"}) {
      limits.push_back(fmt::format("{}{}cl", side, st::ConfidenceSuffix(level)));
    }
  }
  Output o;
  o.columns = {x};
  o.columns.insert(o.columns.end(), limits.begin(), limits.end());
  bool dens = s != st::FunnelStatistic::kProportion;
  if (dens) {
    for (const auto& l : limits) o.columns.push_back(l + den);
  }
  if (s != st::FunnelStatistic::kRatio) o.columns.push_back("baseline");
  o.columns.insert(o.columns.end(), {"statistic", "method"});
  for (const st::FunnelLimitRow& r : t.rows) {
    std::vector<Cell> row = {Num(r.x)};
    for (const st::FunnelLimit* l : {&r.limit95, &r.limit998}) {
      row.insert(row.end(), {Num(l->lower), Num(l->upper)});
    }
    if (dens) {
      for (const st::FunnelLimit* l : {&r.limit95, &r.limit998}) {
        row.insert(row.end(), {Num(l->lower_denominator), Num(l->upper_denominator)});
      }
    }
    if (s != st::FunnelStatistic::kRatio) row.push_back(Num(r.baseline));
    row.insert(row.end(), {Text(t.statistic), Text(t.method)});
    o.rows.push_back(std::move(row));
  }
  return o;
}

void RunFunnel(Input& in, const FunnelArgs& a, Output& out) {
  st::FunnelOptions o = OptionsOf(a);
  FunnelColumns c = ReadFunnel(in, a, o);
  if (in.diags().has_errors()) return;
  st::FunnelData d{c.x, c.n, c.rate};
  if (a.limits) {
    auto t = st::CalculateFunnelLimits(d, o);
    if (!t.ok()) return in.FileError(t.status().message());
    out = LimitTable(*t, o.statistic);
  } else if (a.points) {
    auto p = st::CalculateFunnelPoints(d, o);
    if (!p.ok()) return in.FileError(p.status().message());
    out = EchoInput(in, {"rate_chart", "denominator_derived"});
    for (size_t r = 0; r < p->size(); ++r) {
      out.rows[r].insert(out.rows[r].end(), {Num((*p)[r].rate), Num((*p)[r].denominator)});
    }
  } else {
    auto s = st::AssignFunnelSignificance(d, o);
    if (!s.ok()) return in.FileError(s.status().message());
    out = EchoInput(in, {"significance"});
    for (size_t r = 0; r < s->size(); ++r) {
      out.rows[r].push_back(Text(std::string(st::FunnelSignificanceName((*s)[r]))));
    }
  }
}

// ---- compare ------------------------------------------------------------------

struct CompareArgs {
  std::string file, format = "csv";
  std::string value, lower, upper, comparator_column, observed, expected;
  std::optional<double> comparator;
  std::string polarity, confidence = "95,99.8";
};

st::Polarity PolarityOf(const std::string& s) {
  if (s == "high-is-good") return st::Polarity::kHighIsGood;
  if (s == "low-is-good") return st::Polarity::kLowIsGood;
  return st::Polarity::kNoJudgement;
}

// "95,99.8" -> {0.95, 0.998}; empty if malformed.
std::vector<double> Levels(const std::string& text) {
  std::vector<double> out;
  for (auto part : Split(text, ',')) {
    auto v = ParseDouble(part);
    double c = v ? (*v > 1 ? *v / 100 : *v) : 0;
    if (!(c > 0 && c < 1)) return {};
    out.push_back(c);
  }
  return out;
}

void RunCompareCount(Input& in, const CompareArgs& a, const std::vector<double>& levels,
                     Output& out) {
  auto x =
      in.Numbers(in.Col(a.observed, "--observed"), Rule::kNonNegative, true, "an observed count");
  auto e =
      in.Numbers(in.Col(a.expected, "--expected"), Rule::kNonNegative, true, "an expected count");
  if (in.diags().has_errors()) return;
  std::vector<std::string> own;
  for (double c : levels) own.push_back("comparison" + st::ConfidenceSuffix(c));
  out = EchoInput(in, own);
  for (size_t r = 0; r < x.size(); ++r) {
    for (double c : levels) {
      st::Comparison k = st::CompareCount(x[r], e[r], c, PolarityOf(a.polarity));
      out.rows[r].push_back(Text(std::string(st::ComparisonName(k))));
    }
  }
}

void RunCompareInterval(Input& in, const CompareArgs& a, Output& out) {
  if (!a.value.empty()) {
    (void)in.Numbers(in.Col(a.value, "--value"), Rule::kAny, true, "an indicator value");
  }
  auto lo = in.Numbers(in.Col(a.lower, "--lower"), Rule::kAny, true, "a lower limit");
  auto hi = in.Numbers(in.Col(a.upper, "--upper"), Rule::kAny, true, "an upper limit");
  std::vector<double> comparator(lo.size(), a.comparator.value_or(st::kMissing));
  if (!a.comparator_column.empty()) {
    comparator = in.Numbers(in.Col(a.comparator_column, "--comparator-column"), Rule::kAny, true,
                            "a comparator value");
  }
  for (size_t r = 0; r < lo.size(); ++r) {
    if (lo[r] > hi[r]) {
      in.Error(r, fmt::format("the lower limit ({}) is above the upper limit ({})",
                              FormatShortest(lo[r]), FormatShortest(hi[r])));
    }
  }
  if (in.diags().has_errors()) return;
  out = EchoInput(in, {"comparison"});
  for (size_t r = 0; r < lo.size(); ++r) {
    st::Comparison k = st::CompareInterval(lo[r], hi[r], comparator[r], PolarityOf(a.polarity));
    out.rows[r].push_back(Text(std::string(st::ComparisonName(k))));
  }
}

int RunCompare(const CompareArgs& a) {
  bool count = !a.observed.empty() || !a.expected.empty();
  bool interval = !a.lower.empty() || !a.upper.empty();
  std::string problem;
  if (count == interval) {
    problem =
        "give either --lower and --upper (with --comparator or --comparator-column), or "
        "--observed and --expected";
  } else if (count && (a.observed.empty() || a.expected.empty())) {
    problem = "count comparison needs both --observed and --expected";
  } else if (interval && (a.lower.empty() || a.upper.empty())) {
    problem = "interval comparison needs both --lower and --upper";
  } else if (interval && a.comparator.has_value() == !a.comparator_column.empty()) {
    problem = "give one of --comparator VALUE or --comparator-column COLUMN";
  }
  std::vector<double> levels = Levels(a.confidence);
  if (problem.empty() && levels.empty()) {
    problem = fmt::format("--confidence {}: expected levels such as 95,99.8", a.confidence);
  }
  if (!problem.empty()) {
    std::fprintf(stderr, "barometer stats compare: %s\n", problem.c_str());
    return kExitUsage;
  }
  return RunOnFile(a.file, a.format, [&](Input& in, Output& out) {
    if (count) return RunCompareCount(in, a, levels, out);
    RunCompareInterval(in, a, out);
  });
}

// ---- registration -----------------------------------------------------------

void AddFileAndFormat(CLI::App* sub, std::string& file, std::string& format) {
  sub->add_option("file", file, "input CSV, one row per area")->required();
  sub->add_option("--format", format, "output format: csv (default), json or table")
      ->check(CLI::IsMember({"csv", "json", "table"}));
}

void AddFunnelOptions(CLI::App* f, FunnelArgs& a) {
  f->add_option("--statistic", a.statistic, "proportion, ratio or rate")
      ->required()
      ->check(CLI::IsMember({"proportion", "ratio", "rate"}));
  f->add_option("--numerator", a.numerator,
                "numerator / observed events / events column (default numerator)");
  f->add_option("--denominator", a.denominator,
                "denominator / expected events / population column (default denominator; "
                "rates need it only where a crude rate has 0 events)");
  f->add_option("--rate", a.rate, "rate column, per --multiplier (rates; default rate)");
  f->add_option("--ratio-type", a.ratio_type, "ratio limits as count (O/E - 1) or isr (x 100)")
      ->check(CLI::IsMember({"count", "isr"}));
  f->add_option("--rate-type", a.rate_type, "dsr or crude (rates)")
      ->check(CLI::IsMember({"dsr", "crude"}));
  f->add_option("--years-of-data", a.years_of_data,
                "years the counts cover (rate limits and points)")
      ->check(CLI::PositiveNumber);
  f->add_option("--multiplier", a.multiplier,
                "scale: 100 = percentage (proportion default), 100000 (rate default)")
      ->check(CLI::PositiveNumber);
  auto* lim = f->add_flag("--limits", a.limits, "write the 100-point limit table instead");
  auto* sig = f->add_flag("--significance", a.significance,
                          "write each row with its significance (the default)");
  auto* pts = f->add_flag("--points", a.points,
                          "rates: write each row with its point (rate_chart, "
                          "denominator_derived)");
  lim->excludes(sig)->excludes(pts);
  sig->excludes(pts);
}

}  // namespace

void AddFunnelCommand(CLI::App& stats, int* exit_code) {
  auto a = std::make_shared<FunnelArgs>();
  CLI::App* f = stats.add_subcommand(
      "funnel",
      "funnel plot limits (95%, 99.8%) and significance around the overall average "
      "(PHEindicatormethods calculate_funnel_limits / assign_funnel_significance)");
  AddFileAndFormat(f, a->file, a->format);
  AddFunnelOptions(f, *a);
  f->callback([a, f, exit_code] {
    a->denominator_given = f->get_option("--denominator")->count() > 0;
    std::string problem = UsageProblem(*a);
    if (!problem.empty()) {
      std::fprintf(stderr, "barometer stats funnel: %s\n", problem.c_str());
      *exit_code = kExitUsage;
      return;
    }
    *exit_code =
        RunOnFile(a->file, a->format, [&](Input& in, Output& out) { RunFunnel(in, *a, out); });
  });
}

void AddCompareCommand(CLI::App& stats, int* exit_code) {
  auto a = std::make_shared<CompareArgs>();
  CLI::App* c = stats.add_subcommand(
      "compare",
      "compare each row with a comparator: its limits against the comparator's value, or an "
      "observed count against its expected (Poisson limits): better / similar / worse");
  AddFileAndFormat(c, a->file, a->format);
  c->add_option("--value", a->value, "indicator value column (carried through, checked)");
  c->add_option("--lower", a->lower, "lower confidence limit column");
  c->add_option("--upper", a->upper, "upper confidence limit column");
  c->add_option("--comparator", a->comparator, "the comparator's value (e.g. England's)");
  c->add_option("--comparator-column", a->comparator_column,
                "column holding each row's comparator value");
  c->add_option("--observed", a->observed, "observed count column (count comparison)");
  c->add_option("--expected", a->expected, "expected count column (count comparison)");
  c->add_option("--confidence", a->confidence,
                "count comparison: levels in percent, comma-separated (default 95,99.8)");
  c->add_option("--polarity", a->polarity,
                "high-is-good, low-is-good, or none (answers higher / lower / similar)")
      ->required()
      ->check(CLI::IsMember({"high-is-good", "low-is-good", "none"}));
  c->callback([a, exit_code] { *exit_code = RunCompare(*a); });
}

}  // namespace barometer::cli::stats_io
