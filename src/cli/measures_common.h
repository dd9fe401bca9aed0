// cli/measures_common.h — what the measure store commands share (ingest,
// history, evaluate in cmd_measures.cc; period in cmd_period.cc): printing,
// exit codes for a Status, who and when for provenance, loading a strategy.
#pragma once

#include <optional>
#include <string>

#include "core/date.h"
#include "core/status.h"
#include "strategy/strategy.h"

namespace barometer::cli {

void Print(const std::string& text);
// "barometer <command>: file:line: message" on stderr.
void PrintError(const char* command, const Status& s);
// kExitFindings for invalid input, kExitInternal for a bug, else kExitIo.
int ExitCodeFor(const Status& s);
bool StdoutIsTerminal();
std::string UserName();
std::string NowUtc();  // ISO 8601, e.g. "2024-05-01T09:30:00Z"
Date Today();          // local date
// Loads a strategy; on errors prints them (not the warnings), sets
// *exit_code and returns nullopt.
std::optional<strategy::Strategy> LoadStrategy(const char* command, const std::string& path,
                                               int* exit_code);

}  // namespace barometer::cli
