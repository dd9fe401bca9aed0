#include "cli/measures_common.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "cli/exit_codes.h"
#include "strategy/load.h"

namespace barometer::cli {

void Print(const std::string& text) { std::fwrite(text.data(), 1, text.size(), stdout); }

void PrintError(const char* command, const Status& s) {
  std::string where = s.where().file.empty() ? "" : s.where().ToString() + ": ";
  std::fprintf(stderr, "barometer %s: %s%s\n", command, where.c_str(), s.message().c_str());
}

int ExitCodeFor(const Status& s) {
  switch (s.code()) {
    case StatusCode::kInvalidInput:
      return kExitFindings;
    case StatusCode::kInternal:
      return kExitInternal;
    default:
      return kExitIo;
  }
}

bool StdoutIsTerminal() { return isatty(STDOUT_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr; }

std::string UserName() {
  if (const char* u = std::getenv("USER"); u != nullptr && *u != '\0') return u;
  if (const passwd* pw = getpwuid(getuid()); pw != nullptr) return pw->pw_name;
  return "unknown";
}

std::string NowUtc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Date Today() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

// Loads a strategy; on errors prints them (not the warnings) and fails.
std::optional<strategy::Strategy> LoadStrategy(const char* command, const std::string& path,
                                               int* exit_code) {
  auto loaded = strategy::LoadStrategyFile(path);
  if (!loaded.ok()) {
    PrintError(command, loaded.status());
    *exit_code = ExitCodeFor(loaded.status());
    return std::nullopt;
  }
  if (!loaded->ok()) {
    Diagnostics errors;
    for (const Diagnostic& d : loaded->diagnostics.items()) {
      if (d.severity == Severity::kError) errors.Add(d);
    }
    std::fputs(errors.Format(loaded->source, true).c_str(), stderr);
    std::fprintf(stderr, "barometer %s: %s has errors; fix them first (`barometer validate %s`)\n",
                 command, path.c_str(), path.c_str());
    *exit_code = kExitFindings;
    return std::nullopt;
  }
  return std::move(loaded->strategy);
}

}  // namespace barometer::cli
