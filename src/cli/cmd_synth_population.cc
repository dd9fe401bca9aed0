// Placeholder until the synthetic population generator lands (issue 5).
#include <cstdio>

#include "cli/commands.h"
#include "cli/exit_codes.h"

namespace barometer::cli {
void AddSynthPopulationCommand(CLI::App& synth, int* exit_code) {
  auto* sub = synth.add_subcommand("population", "(not yet available)");
  sub->allow_extras();
  sub->callback([exit_code] {
    std::fprintf(stderr, "barometer synth population: not yet available\n");
    *exit_code = kExitInternal;
  });
}
}  // namespace barometer::cli
