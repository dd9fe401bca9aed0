// Placeholder until the statistics part lands (issue 3).
#include <cstdio>

#include "cli/commands.h"
#include "cli/exit_codes.h"

namespace barometer::cli {
void RegisterSpcCommand(CLI::App& app, int* exit_code) {
  auto* sub = app.add_subcommand("spc", "(not yet available)");
  sub->allow_extras();
  sub->callback([exit_code] {
    std::fprintf(stderr, "barometer spc: not yet available\n");
    *exit_code = kExitInternal;
  });
}
}  // namespace barometer::cli
