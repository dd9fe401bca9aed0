// cli/exit_codes.h — the process exit codes every command uses (see --help).
#pragma once

namespace barometer::cli {

inline constexpr int kExitOk = 0;        // success (warnings allowed unless --strict)
inline constexpr int kExitFindings = 1;  // the input has errors; nothing was written
inline constexpr int kExitUsage = 2;     // bad command line
inline constexpr int kExitIo = 3;        // a file could not be read or written
inline constexpr int kExitInternal = 4;  // a bug in barometer; please report it

// The text --help prints about them.
inline constexpr const char* kExitCodeHelp =
    "Exit codes:\n"
    "  0  success (warnings allowed unless --strict)\n"
    "  1  the input has errors (each reported as file:line:column); nothing was written\n"
    "  2  usage error (unknown option, missing argument)\n"
    "  3  a file could not be read or written\n"
    "  4  internal error (a bug in barometer; please report it)\n";

}  // namespace barometer::cli
