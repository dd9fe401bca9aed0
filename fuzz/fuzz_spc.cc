// Fuzzes the `barometer spc` input path: any bytes as the user's CSV (after
// three bytes choosing options and the output form) must give a chart or
// diagnostics, never a crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/diagnostics.h"
#include "core/table.h"
#include "report/spc.h"

using namespace barometer;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3) return 0;
  const uint8_t flags = data[0];
  report::SpcRequest req;
  req.date_column = "date";
  req.value_column = "value";
  if (flags & 16) req.facet_column = "f";
  if (flags & 64) req.targets.push_back((flags & 16) ? "A=5" : "5");
  if (flags & 128) req.rebase.push_back("2021-01-05");
  auto& o = req.options;
  o.improvement = static_cast<stats::Improvement>(flags % 3);
  o.screen_outliers = (flags & 4) == 0;
  o.two_in_three =
      (flags & 8) ? stats::TwoInThreeRule::kMdc2023 : stats::TwoInThreeRule::kReference;
  if (flags & 32) o.fix_after_n_points = 12;
  o.shift_length = 2 + data[1] % 10;
  o.trend_length = 2 + data[2] % 10;
  if (!report::ParseSpcOptions(req).ok()) return 0;

  std::string text(reinterpret_cast<const char*>(data + 3), size - 3);
  auto table = ParseCsvTable(text, "fuzz.csv");
  if (!table.ok()) return 0;
  Diagnostics diags;
  auto chart = report::BuildSpcReport(*table, text, req, diags);
  std::string out = report::FormatSpcDiagnostics(diags, text);
  if (chart) {  // one family of writers per input: each is slow unoptimised
    switch (data[1] / 16 % 3) {
      case 0:
        out += report::SpcPointsCsv(*chart) + report::SpcIconsCsv(*chart);
        out += report::SpcPointsTable(*chart) + report::SpcIconsTable(*chart);
        break;
      case 1:
        out += report::SpcJson(*chart, diags.items(), (data[2] & 128) != 0);
        break;
      default:
        out += report::SpcSvg(*chart, {"fuzz", "value"});
    }
  }
  volatile size_t sink = out.size();  // keep the work from being optimised away
  (void)sink;
  return 0;
}
