#include "strategy/load.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "core/file.h"
#include "core/number.h"
#include "core/text.h"
#include "strategy/internal/toml_reader.h"

namespace barometer::strategy {
namespace {

// toml++ says "Error while parsing key-value pair: cannot redefine existing
// integer 'a'"; users read "malformed TOML: cannot redefine existing integer
// 'a' (in a key-value pair)", with a hint for the common mistakes.
// "cannot redefine existing table 'measures.targets' as array-of-tables":
// an earlier [measures.targets] (single brackets) made it one table. Name
// that line so the user fixes the right header.
std::string ArrayOfTablesHint(const std::string& what, std::string_view source) {
  size_t q1 = what.find('\''), q2 = what.find('\'', q1 + 1);
  if (q1 == std::string::npos || q2 == std::string::npos) return {};
  std::string name = what.substr(q1 + 1, q2 - q1 - 1);
  std::string header = "[" + name + "]";
  int line = 1;
  size_t start = 0;
  while (start <= source.size()) {
    size_t end = source.find('\n', start);
    std::string_view l =
        source.substr(start, end == std::string_view::npos ? source.npos : end - start);
    std::string_view t = Trim(l);
    if (t.substr(0, header.size()) == header && t.substr(0, 2) != "[[") {
      return fmt::format(
          "line {} has {} with single brackets, which makes one table; write "
          "[{}] there too, for each item of the list",
          line, header, header);
    }
    if (end == std::string_view::npos) break;
    start = end + 1, ++line;
  }
  return fmt::format("write [{}] (double brackets) for every item of the list", header);
}

// Line `n` (1-based) of `source`, without its newline.
std::string_view LineAt(std::string_view source, int n) {
  size_t start = 0;
  for (int i = 1; i < n; ++i) {
    size_t nl = source.find('\n', start);
    if (nl == std::string_view::npos) return {};
    start = nl + 1;
  }
  size_t end = source.find('\n', start);
  return source.substr(start, end == std::string_view::npos ? source.npos : end - start);
}

// "could not determine value type": the two slips behind it that a user
// cannot see in the parser's words.
std::string ValueTypeHint(std::string_view source, int line) {
  std::string_view text = LineAt(source, line);
  for (std::string_view q : {"\u201c", "\u201d", "\u2018", "\u2019"}) {
    if (text.find(q) != std::string_view::npos) {
      return "write straight quotes \"...\"; curly quotes (“ ” from a word processor) are not "
             "TOML";
    }
  }
  if (!Trim(text).empty() && Trim(text)[0] == '[') {
    // A header where a value belongs: a list above was never closed.
    for (int l = line - 1; l >= 1; --l) {
      std::string_view t = Trim(LineAt(source, l));
      if (t.size() > 1 && t.back() == '[' && t.find('=') != std::string_view::npos) {
        return fmt::format(
            "the list `{}` opened at line {} is not closed: add `]` after its "
            "last item",
            Trim(t.substr(0, t.find('='))), l);
      }
      if (!t.empty() && t[0] == '[') break;
    }
    return "is a closing `]` of a list above missing?";
  }
  return {};
}

Diagnostic ParseErrorDiagnostic(const toml::parse_error& e, std::string_view file,
                                std::string_view source) {
  std::string what(e.description());
  std::string context;
  constexpr std::string_view kPrefix = "Error while parsing ";
  if (what.rfind(kPrefix, 0) == 0) {
    size_t colon = what.find(": ");
    if (colon != std::string::npos) {
      context = what.substr(kPrefix.size(), colon - kPrefix.size());
      what = what.substr(colon + 2);
    }
  }
  Diagnostic d;
  d.where = internal::LocationOf(e.source(), file);
  d.message = "malformed TOML: " + what;
  if (!context.empty()) d.message += fmt::format(" (in a {})", context);
  if (what.find("as array-of-tables") != std::string::npos) {
    d.hint = ArrayOfTablesHint(what, source);
  } else if (what.find("redefine existing table") != std::string::npos) {
    d.hint = "a [table] may appear only once; use [[name]] for each item of a list of tables";
  } else if (what.find("redefine existing") != std::string::npos) {
    d.hint = "a key may appear only once in a table";
  } else if (what.find("could not determine value type") != std::string::npos) {
    d.hint = ValueTypeHint(source, d.where.line);
  } else if (what.find("control characters") != std::string::npos) {
    d.hint =
        "is a closing quote missing? A string ends on the line it starts (use \"\"\" for "
        "text over several lines)";
  }
  return d;
}

}  // namespace

Loaded ParseStrategy(std::string_view text, std::string_view file) {
  Loaded out;
  out.file = std::string(file);
  out.source = std::string(text);
  // UTF-8 without NULs or control characters (a byte-order mark is allowed).
  std::string_view body = StripBom(text);
  if (std::optional<TextProblem> bad = FindTextProblem(body)) {
    int shift = bad->line == 1 ? static_cast<int>(text.size() - body.size()) : 0;
    out.diagnostics.Error({out.file, bad->line, bad->column + shift}, bad->message);
    return out;
  }
  try {
    toml::table root = toml::parse(out.source, out.file);
    out.strategy = ReadStrategy(root, out.file, out.diagnostics);
    CheckStrategy(out.strategy, out.diagnostics);
  } catch (const toml::parse_error& e) {
    out.diagnostics.Add(ParseErrorDiagnostic(e, out.file, out.source));
  } catch (const std::exception& e) {
    out.diagnostics.Error({out.file, 0, 0},
                          fmt::format("internal error while reading the file: {}", e.what()));
  }
  out.diagnostics.SortByLocation();
  return out;
}

namespace {

Result<std::string> ReadStrategyText(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (text.ok() || text.status().code() == StatusCode::kNotFound) {
    if (!text.ok()) return Status::NotFound(fmt::format("{}: no such file", path));
    return text;
  }
  return Status::Io(fmt::format("{}: {}", path, text.status().message()));
}

}  // namespace

Result<Loaded> LoadStrategyFile(const std::string& path, const std::string& risks_path) {
  Result<std::string> text = ReadStrategyText(path);
  if (!text.ok()) return text.status();
  if (risks_path.empty()) return ParseStrategy(*text, path);
  Result<std::string> risks = ReadStrategyText(risks_path);
  if (!risks.ok()) return risks.status();
  // Read as one document (the risks are top-level [[risks]] tables), then
  // each problem past the strategy's last line is put back in the risk file.
  int strategy_lines = static_cast<int>(std::count(text->begin(), text->end(), '\n')) + 1;
  Loaded whole = ParseStrategy(*text + "\n" + *risks, path);
  Loaded out;
  out.file = path;
  out.source = *text;
  out.risks_file = risks_path;
  out.risks_source = *risks;
  out.strategy = std::move(whole.strategy);
  for (Diagnostic d : whole.diagnostics.items()) {
    if (d.where.line > strategy_lines) {
      d.where.file = risks_path;
      d.where.line -= strategy_lines;
    }
    out.diagnostics.Add(std::move(d));
  }
  return out;
}

Result<Strategy> LoadValidStrategy(const std::string& path) {
  Result<Loaded> r = LoadStrategyFile(path);
  if (!r.ok()) return r.status();
  if (r->ok()) return std::move(r->strategy);
  for (const Diagnostic& d : r->diagnostics.items()) {
    if (d.severity != Severity::kError) continue;
    int n = r->diagnostics.error_count();
    std::string more = n > 1
                           ? fmt::format(" (and {} more; run `barometer validate {}`)", n - 1, path)
                           : std::string();
    return Status::InvalidInput(d.message + more, d.where);
  }
  return Status::Internal("validation failed without an error");
}

std::string ValidationSummary(const Loaded& loaded) {
  int e = loaded.diagnostics.error_count(), w = loaded.diagnostics.warning_count();
  return fmt::format("{} error{}, {} warning{} in {}", e, e == 1 ? "" : "s", w, w == 1 ? "" : "s",
                     loaded.file);
}

std::string FormatValidation(const Loaded& loaded, bool errors_only) {
  std::string out;
  for (const Diagnostic& d : loaded.diagnostics.items()) {
    if (errors_only && d.severity != Severity::kError) continue;
    bool in_risks = !loaded.risks_file.empty() && d.where.file == loaded.risks_file;
    out += d.ToString() + "\n";
    out += CaretLine(in_risks ? loaded.risks_source : loaded.source, d.where.line, d.where.column);
  }
  return out + ValidationSummary(loaded) + "\n";
}

}  // namespace barometer::strategy
