// `barometer synth measures`: synthetic values, peer benchmarks and
// commentary for every measure of a strategy (docs/measures-data.md).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "core/file.h"
#include "strategy/load.h"
#include "synth/measures.h"

namespace barometer::cli {
namespace {

namespace fs = std::filesystem;

struct SynthMeasuresArgs {
  std::string strategy;
  std::string out;
  uint64_t seed = 1;
  std::string until;
  std::string today;
  int peers = 120;
};

// Writes `text` to `path` through core/file.h (atomic, never over the
// strategy the data is made from).
bool WriteFile(const fs::path& path, const std::string& text, const std::string& strategy) {
  Status s = WriteFileAtomic(path.string(), text, {.inputs = {strategy}, .mode = 0644});
  if (!s.ok()) std::fprintf(stderr, "barometer synth measures: %s\n", s.message().c_str());
  return s.ok();
}

int Run(const SynthMeasuresArgs& a) {
  synth::MeasuresSynthOptions options;
  options.seed = a.seed;
  options.peers = a.peers;
  if (!a.until.empty()) {
    std::optional<Date> d = Date::Parse(a.until);
    if (!d) {
      std::fprintf(stderr, "barometer synth measures: --until `%s` is not a date (YYYY-MM-DD)\n",
                   a.until.c_str());
      return kExitUsage;
    }
    options.until = d;
  }
  options.today = TodayFromClock();
  if (!a.today.empty()) {
    options.today = Date::Parse(a.today);
    if (!options.today) {
      std::fprintf(stderr, "barometer synth measures: --today `%s` is not a date (YYYY-MM-DD)\n",
                   a.today.c_str());
      return kExitUsage;
    }
  }
  auto loaded = strategy::LoadValidStrategy(a.strategy);
  if (!loaded.ok()) {
    std::fprintf(stderr, "barometer synth measures: %s\n", loaded.status().message().c_str());
    return loaded.status().code() == StatusCode::kInvalidInput ? kExitFindings : kExitIo;
  }
  auto data = synth::GenerateMeasures(*loaded, options);
  if (!data.ok()) {
    std::fprintf(stderr, "barometer synth measures: %s\n", data.status().message().c_str());
    return kExitUsage;
  }
  std::error_code ec;
  fs::create_directories(a.out, ec);
  fs::path dir(a.out);
  for (const auto& [name, text] :
       {std::pair<const char*, const std::string*>{"values.csv", &data->values_csv},
        {"benchmarks.csv", &data->benchmarks_csv},
        {"commentary.md", &data->commentary_md}}) {
    if (ec || !WriteFile(dir / name, *text, a.strategy)) {
      std::fprintf(stderr, "barometer synth measures: cannot write %s\n",
                   (dir / name).string().c_str());
      return kExitIo;
    }
  }
  std::string d = dir.string();
  std::printf(
      "Wrote %s/values.csv (%d values up to %s), %s/benchmarks.csv (%d peer values) and "
      "%s/commentary.md (%d entries).\nNext:\n",
      d.c_str(), data->observations, data->until.ToString().c_str(), d.c_str(),
      data->benchmark_rows, d.c_str(), data->commentary_entries);
  std::printf("  barometer ingest --strategy %s %s/values.csv\n", a.strategy.c_str(), d.c_str());
  if (data->benchmark_rows > 0) {
    std::printf("  barometer ingest --benchmark %s/benchmarks.csv\n", d.c_str());
  }
  if (data->commentary_entries > 0) {
    std::printf("  barometer ingest --strategy %s --commentary %s/commentary.md\n",
                a.strategy.c_str(), d.c_str());
  }
  std::printf("  barometer evaluate --strategy %s\n", a.strategy.c_str());
  return kExitOk;
}

}  // namespace

void AddSynthMeasuresCommand(CLI::App& synth, int* exit_code) {
  auto args = std::make_shared<SynthMeasuresArgs>();
  auto* sub = synth.add_subcommand(
      "measures",
      "Synthetic values for every measure of a strategy at its frequency (some improving, some "
      "stuck, steps, trends, a few periods missing), peer benchmarks for about 120 trusts, and "
      "commentary; deterministic for a seed. Files: docs/measures-data.md");
  sub->add_option("--strategy", args->strategy, "The strategy file")->required();
  sub->add_option("--out", args->out,
                  "Directory to write values.csv, benchmarks.csv and "
                  "commentary.md into")
      ->required();
  sub->add_option("--seed", args->seed, "Random seed")->capture_default_str();
  sub->add_option("--until", args->until,
                  "Last date with data (default: 31 December of the strategy year holding the "
                  "period's midpoint, or the end of last month if that is earlier)");
  sub->add_option("--today", args->today,
                  "The date taken as today (YYYY-MM-DD; default the clock): nothing is dated "
                  "after it; the demo and tests fix it so their output stays the same");
  sub->add_option("--peers", args->peers, "Peer organisations when the peer group gives no size")
      ->check(CLI::Range(4, 10000))
      ->capture_default_str();
  sub->footer(kExitCodeHelp);
  sub->callback([args, exit_code] { *exit_code = Run(*args); });
}

}  // namespace barometer::cli
