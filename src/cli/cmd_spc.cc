// `barometer spc`: a Making Data Count XmR chart of each series in a CSV file.
// The work (reading, charting, warnings, every output form, the SVG drawn by
// the reports' SPC renderer) is in report/spc.h; this file is the command line.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "report/spc.h"

namespace barometer::cli {
namespace {

using report::BuildSpcReport;
using report::FormatSpcDiagnostics;
using report::ParseSpcOptions;
using report::SpcIconsCsv;
using report::SpcIconsTable;
using report::SpcJson;
using report::SpcPointsCsv;
using report::SpcPointsTable;
using report::SpcReport;
using report::SpcRequest;
using report::SpcSvg;

constexpr const char* kSpcHelp =
    "Output (--format csv, sorted by facet then date): [facet,] date, value, rebase_group,\n"
    "mean, lpl, upl, special_cause_type, point_type. With --icons, one row per facet:\n"
    "[facet,] last_date, variation_icon, assurance_icon. Empty fields mark missing values.\n"
    "--format json carries everything (points, rebase groups, icons, warnings); table is\n"
    "for reading; svg draws the chart. Labels and limits match NHSRplotthedots 0.2.2\n"
    "(docs/spc.md). A value cell that is empty or NA is a missing point.\n\n";

struct SpcArgs {
  std::string file;
  SpcRequest req;
  std::string improvement = "increase";
  int fix_after = 0;
  bool no_screen = false;
  std::string two_in_three = "reference";
  bool icons = false;
  bool strict = false;
  std::string format = "csv";
  std::string output;
};

Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int err = errno;
    if (err == ENOENT) return Status::NotFound(fmt::format("{}: no such file", path));
    return Status::Io(fmt::format("{}: cannot open: {}", path, std::strerror(err)));
  }
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return Status::Io(fmt::format("{}: read failed", path));
  return s.str();
}

std::string Render(const SpcArgs& a, const SpcReport& report, const Diagnostics& diags) {
  if (a.format == "json") {
    std::vector<Diagnostic> warnings;
    for (const Diagnostic& d : diags.items()) {
      if (d.severity == Severity::kWarning) warnings.push_back(d);
    }
    return SpcJson(report, warnings, a.icons);
  }
  if (a.format == "svg") {
    return SpcSvg(report,
                  {fmt::format("{} ({}): Making Data Count SPC chart", a.req.value_column, a.file),
                   a.req.value_column});
  }
  if (a.format == "table") return a.icons ? SpcIconsTable(report) : SpcPointsTable(report);
  return a.icons ? SpcIconsCsv(report) : SpcPointsCsv(report);
}

int Write(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) return kExitIo;
    return std::fflush(stdout) == 0 ? kExitOk : kExitIo;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    std::fprintf(stderr, "barometer spc: %s: cannot write\n", path.c_str());
    return kExitIo;
  }
  return kExitOk;
}

int RunSpc(SpcArgs a) {
  a.req.options.improvement = *stats::ParseImprovement(a.improvement);
  a.req.options.two_in_three = *stats::ParseTwoInThreeRule(a.two_in_three);
  a.req.options.screen_outliers = !a.no_screen;
  if (a.fix_after > 0) a.req.options.fix_after_n_points = a.fix_after;
  if (auto o = ParseSpcOptions(a.req); !o.ok()) {
    std::fprintf(stderr, "barometer spc: %s\n", o.status().message().c_str());
    return kExitUsage;
  }
  auto text = ReadText(a.file);
  if (!text.ok()) {
    std::fprintf(stderr, "barometer spc: %s\n", text.status().message().c_str());
    return kExitIo;
  }
  auto table = ParseCsvTable(*text, a.file);
  if (!table.ok()) {
    std::fprintf(stderr, "%s\n", table.status().ToString().c_str());
    return kExitFindings;
  }
  Diagnostics diags;
  auto report = BuildSpcReport(*table, *text, a.req, diags);
  diags.SortByLocation();
  std::fputs(FormatSpcDiagnostics(diags, *text).c_str(), stderr);
  if (!report) {
    std::fprintf(stderr, "barometer spc: %d error(s) in %s; nothing written\n", diags.error_count(),
                 a.file.c_str());
    return kExitFindings;
  }
  if (a.strict && diags.warning_count() > 0) {
    std::fprintf(stderr, "barometer spc: %d warning(s) in %s and --strict; nothing written\n",
                 diags.warning_count(), a.file.c_str());
    return kExitFindings;
  }
  return Write(a.output, Render(a, *report, diags));
}

}  // namespace

void RegisterSpcCommand(CLI::App& app, int* exit_code) {
  auto a = std::make_shared<SpcArgs>();
  auto* sub = app.add_subcommand(
      "spc", "Making Data Count SPC: XmR chart, special causes and icons of a CSV time series");
  sub->footer(std::string(kSpcHelp) + kExitCodeHelp);
  sub->add_option("FILE", a->file, "CSV file with a header row")->required();
  sub->add_option("--date", a->req.date_column, "column holding the date or period")->required();
  sub->add_option("--value", a->req.value_column, "column holding the value")->required();
  sub->add_option_function<std::string>(
      "--facet", [a](const std::string& s) { a->req.facet_column = s; },
      "column splitting the data into separate series (one chart each)");
  sub->add_option("--improvement", a->improvement, "which direction is better")
      ->check(CLI::IsMember({"increase", "decrease", "neutral"}))
      ->capture_default_str();
  sub->add_option("--target", a->req.targets, "target X for every series, or FACET=X");
  sub->add_option("--rebase", a->req.rebase,
                  "recalculate the limits from DATE on (or FACET=DATE); repeatable");
  sub->add_option("--fix-after", a->fix_after,
                  "fix the limits on the first N points of each rebase group (N >= 12)")
      ->check(CLI::Range(12, 1000000));
  sub->add_flag("--no-screen-outliers", a->no_screen,
                "keep moving ranges above 3.267 x their mean in the limits");
  sub->add_option("--shift-length", a->req.options.shift_length,
                  "points on one side of the mean that make a shift (MDC's Excel tool allows 6)")
      ->check(CLI::Range(2, 1000))
      ->capture_default_str();
  sub->add_option("--trend-length", a->req.options.trend_length,
                  "points rising or falling that make a trend")
      ->check(CLI::Range(2, 1000))
      ->capture_default_str();
  sub->add_option("--two-in-three", a->two_in_three,
                  "reference: points between 2 and 3 sigma count; mdc2023: all beyond 2 sigma")
      ->check(CLI::IsMember({"reference", "mdc2023"}))
      ->capture_default_str();
  sub->add_flag("--strict", a->strict, "treat warnings as errors (exit 1, nothing written)");
  sub->add_flag("--icons", a->icons, "one row per facet: the variation and assurance icons");
  sub->add_option("--format", a->format, "output form")
      ->check(CLI::IsMember({"csv", "json", "table", "svg"}))
      ->capture_default_str();
  sub->add_option("-o,--output", a->output, "write here instead of standard output");
  sub->callback([a, exit_code] { *exit_code = RunSpc(*a); });
}

}  // namespace barometer::cli
