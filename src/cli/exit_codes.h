// cli/exit_codes.h — the process exit codes every command uses (see --help).
#pragma once

#include "core/status.h"

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
    "  3  a file could not be read or written: missing, unreadable, damaged, refused as an\n"
    "     output (not a regular file, or an input of the command), or standard output\n"
    "     failed (a full disk, a closed pipe)\n"
    "  4  internal error (a bug in barometer; please report it)\n";

// The one mapping from a problem to an exit code, for every command:
// kInvalidInput 1, kNotFound 3 (a missing file or store), kCorrupt 3, kIo 3,
// kInternal 4.
constexpr int ExitCodeFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return kExitOk;
    case StatusCode::kInvalidInput:
      return kExitFindings;
    case StatusCode::kNotFound:
    case StatusCode::kCorrupt:
    case StatusCode::kIo:
      return kExitIo;
    case StatusCode::kInternal:
      break;
  }
  return kExitInternal;
}
inline int ExitCodeFor(const Status& s) { return ExitCodeFor(s.code()); }

}  // namespace barometer::cli
