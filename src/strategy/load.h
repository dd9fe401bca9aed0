// strategy/load.h — reading a strategy file and validating it.
//
//   Result<Loaded> r = LoadStrategyFile("examples/x/strategy.toml");
//   if (!r.ok()) { /* the file could not be read: r.status() */ }
//   std::cout << FormatValidation(*r);          // every problem, with carets
//   if (r->ok()) Use(r->strategy);              // no errors (maybe warnings)
//
// Validation reports every problem in the file, not only the first: malformed
// TOML (one error at the parser's position), unknown keys, missing required
// keys, wrong types, bad enumeration values, bad or duplicate ids, dangling
// references, targets outside the strategy period, contradictory
// trajectories, years without a target, objectives without a measure, risk
// scores, and the gaps a file records (`todo`, `unnamed` owners, baselines
// "to be established", an "unknown" ODS code) as warnings.
// Nothing here throws.
#pragma once

#include <string>
#include <string_view>

#include "core/diagnostics.h"
#include "core/status.h"
#include "strategy/strategy.h"

namespace barometer::strategy {

// A strategy as read from one file, with everything validation found. The
// model holds whatever could be read even when there are errors.
struct Loaded {
  std::string file;    // the name diagnostics use
  std::string source;  // the file's text (for caret lines)
  // A separate risk register read with it (LoadStrategyFile with a risks
  // path): its name and text; diagnostics in it name this file and its lines.
  std::string risks_file;
  std::string risks_source;
  Strategy strategy;
  Diagnostics diagnostics;  // sorted by position

  bool ok() const { return !diagnostics.has_errors(); }
};

// Parses and validates `text`, naming it `file` in diagnostics.
Loaded ParseStrategy(std::string_view text, std::string_view file);

// Reads and validates a file. A non-ok Status only when the file cannot be
// read (kNotFound, kIo); problems inside it are diagnostics. With
// `risks_path`, the [[risks]] of that separate file (a draft register) are
// read as part of the strategy; a problem in it is reported at its own file
// and line. The one way every command loads a strategy.
Result<Loaded> LoadStrategyFile(const std::string& path, const std::string& risks_path = "");

// Reads a file and returns the model only when it has no errors; otherwise
// an kInvalidInput Status naming the first error and the count. For parts
// that need a valid strategy and leave reporting to `barometer validate`.
Result<Strategy> LoadValidStrategy(const std::string& path);

// Checks a model (read from TOML or JSON) and adds what it finds to `diags`:
// everything above except what only the TOML text can show (syntax, unknown
// keys, types). Used by ParseStrategy; exposed for models built in code.
void CheckStrategy(const Strategy& s, Diagnostics& diags);

// What `barometer validate` prints for one file: each diagnostic as
// "file:line:column: error|warning: message; hint" with the source line and
// a caret, then "N errors, M warnings in FILE". With `errors_only` the
// warnings are left out but still counted.
std::string FormatValidation(const Loaded& loaded, bool errors_only = false);

// "1 error, 2 warnings in FILE" (the summary line alone, no newline).
std::string ValidationSummary(const Loaded& loaded);

}  // namespace barometer::strategy
