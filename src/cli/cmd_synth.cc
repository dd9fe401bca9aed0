// `barometer synth`: seeded generators of realistic synthetic data.
#include "cli/commands.h"

namespace barometer::cli {

void RegisterSynthCommand(CLI::App& app, int* exit_code) {
  auto* synth = app.add_subcommand(
      "synth",
      "Generate realistic synthetic data (deterministic for a seed); real patient data "
      "never ships with barometer");
  synth->require_subcommand(1);
  AddSynthPopulationCommand(*synth, exit_code);
  AddSynthMeasuresCommand(*synth, exit_code);
}

}  // namespace barometer::cli
