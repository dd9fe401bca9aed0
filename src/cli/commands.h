// cli/commands.h — the table of subcommands. Each Register function adds one
// subcommand to the app; when it runs it stores its exit code in `*exit_code`.
// main.cc only builds the table and runs it; commands know nothing of each other.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace barometer::cli {

void RegisterValidateCommand(CLI::App& app, int* exit_code);
void RegisterShowCommand(CLI::App& app, int* exit_code);
void RegisterDiffCommand(CLI::App& app, int* exit_code);
void RegisterSpcCommand(CLI::App& app, int* exit_code);               // cmd_spc.cc
void RegisterStatsCommand(CLI::App& app, int* exit_code);             // cmd_stats.cc
void RegisterPopulationCommand(CLI::App& app, int* exit_code);        // cmd_population.cc
void AddPopulationFeedCommand(CLI::App& population, int* exit_code);  // cmd_population_feed.cc
void RegisterIngestCommand(CLI::App& app, int* exit_code);            // cmd_measures.cc
void RegisterHistoryCommand(CLI::App& app, int* exit_code);           // cmd_measures.cc
void RegisterEvaluateCommand(CLI::App& app, int* exit_code);          // cmd_measures.cc
void RegisterPeriodCommand(CLI::App& app, int* exit_code);            // cmd_period.cc
void RegisterReportCommand(CLI::App& app, int* exit_code);            // cmd_report.cc
void RegisterServeCommand(CLI::App& app, int* exit_code);             // cmd_serve.cc
void RegisterUsersCommand(CLI::App& app, int* exit_code);             // cmd_users.cc
void RegisterAuditCommand(CLI::App& app, int* exit_code);             // cmd_users.cc
// `barometer synth` is one parent command; each generator adds its own subcommand.
void RegisterSynthCommand(CLI::App& app, int* exit_code);         // cmd_synth.cc
void AddSynthPopulationCommand(CLI::App& synth, int* exit_code);  // cmd_synth_population.cc
void AddSynthMeasuresCommand(CLI::App& synth, int* exit_code);    // cmd_synth_measures.cc

// `ingest --source` (cmd_ingest_sources.cc): options added to `ingest`, run
// instead of the plain ingest when given.
struct IngestSourceArgs;
struct IngestCommon {
  std::vector<std::string> files;
  std::string strategy;
  std::string db;
  bool dry_run = false;
  std::string format;
};
std::shared_ptr<IngestSourceArgs> AddIngestSourceOptions(CLI::App* ingest);
bool IngestSourceRequested(const IngestSourceArgs& a);
int RunIngestSource(const IngestSourceArgs& a, const IngestCommon& c);
// `barometer population partition` (and the MPI side of --shards).
void AddPopulationShardsCommands(CLI::App& population, int* exit_code);

}  // namespace barometer::cli
