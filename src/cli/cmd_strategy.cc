// Placeholder until the strategy part lands (issue 2): replaced by validate/show/diff.
#include <cstdio>

#include "cli/commands.h"
#include "cli/exit_codes.h"

namespace barometer::cli {
namespace {
void Placeholder(CLI::App& app, const char* name, int* exit_code) {
  auto* sub = app.add_subcommand(name, "(not yet available)");
  sub->allow_extras();
  sub->callback([exit_code, name] {
    std::fprintf(stderr, "barometer %s: not yet available\n", name);
    *exit_code = kExitInternal;
  });
}
}  // namespace
void RegisterValidateCommand(CLI::App& app, int* exit_code) {
  Placeholder(app, "validate", exit_code);
}
void RegisterShowCommand(CLI::App& app, int* exit_code) { Placeholder(app, "show", exit_code); }
void RegisterDiffCommand(CLI::App& app, int* exit_code) { Placeholder(app, "diff", exit_code); }
}  // namespace barometer::cli
