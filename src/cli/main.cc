// barometer — one binary, many subcommands (see commands.h).
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "core/file.h"

int main(int argc, char** argv) {
  using namespace barometer::cli;
  CLI::App app{
      "barometer — turns an NHS organisation's strategy into a monitored system: strategy as "
      "data, measures evaluated against their trajectories with Making Data Count SPC and "
      "OHID/PHE indicator methods, and the Board reports.",
      "barometer"};
  app.footer(kExitCodeHelp);
  app.require_subcommand(1);
  app.set_version_flag("--version", "barometer 0.1.0");

  int exit_code = kExitOk;
  RegisterValidateCommand(app, &exit_code);
  RegisterShowCommand(app, &exit_code);
  RegisterDiffCommand(app, &exit_code);
  RegisterSpcCommand(app, &exit_code);
  RegisterStatsCommand(app, &exit_code);
  RegisterPopulationCommand(app, &exit_code);
  RegisterIngestCommand(app, &exit_code);
  RegisterHistoryCommand(app, &exit_code);
  RegisterEvaluateCommand(app, &exit_code);
  RegisterPeriodCommand(app, &exit_code);
  RegisterReportCommand(app, &exit_code);
  RegisterSynthCommand(app, &exit_code);
  RegisterServeCommand(app, &exit_code);
  RegisterUsersCommand(app, &exit_code);
  RegisterAuditCommand(app, &exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "barometer: internal error: %s\n", e.what());
    return kExitInternal;
  }
  // Whatever a command printed, a failed standard output is exit 3.
  if (barometer::Status s = barometer::FlushStdout(); !s.ok() && exit_code != kExitInternal) {
    std::fprintf(stderr, "barometer: %s\n", s.message().c_str());
    return kExitIo;
  }
  return exit_code;
}
