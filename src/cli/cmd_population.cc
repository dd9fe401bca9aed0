// Placeholder until the population engine lands (issue 5).
#include <cstdio>

#include "cli/commands.h"
#include "cli/exit_codes.h"

namespace barometer::cli {
void RegisterPopulationCommand(CLI::App& app, int* exit_code) {
  auto* sub = app.add_subcommand("population", "(not yet available)");
  sub->allow_extras();
  sub->callback([exit_code] {
    std::fprintf(stderr, "barometer population: not yet available\n");
    *exit_code = kExitInternal;
  });
}
}  // namespace barometer::cli
