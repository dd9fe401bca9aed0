// `barometer validate`, `show` and `diff`: the strategy file commands.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "strategy/diff.h"
#include "strategy/load.h"
#include "strategy/render.h"

namespace barometer::cli {
namespace {

using strategy::Loaded;

void Print(const std::string& text) { std::fwrite(text.data(), 1, text.size(), stdout); }

void PrintError(const char* command, const Status& s) {
  std::fprintf(stderr, "barometer %s: %s\n", command, s.message().c_str());
}

nlohmann::ordered_json DiagnosticsJson(const Loaded& l, bool errors_only) {
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  for (const Diagnostic& d : l.diagnostics.items()) {
    if (errors_only && d.severity != Severity::kError) continue;
    nlohmann::ordered_json j;
    j["file"] = d.where.file;
    j["line"] = d.where.line;
    j["column"] = d.where.column;
    j["severity"] = d.severity == Severity::kError ? "error" : "warning";
    j["message"] = d.message;
    if (!d.hint.empty()) j["hint"] = d.hint;
    items.push_back(std::move(j));
  }
  nlohmann::ordered_json f;
  f["file"] = l.file;
  f["errors"] = l.diagnostics.error_count();
  f["warnings"] = l.diagnostics.warning_count();
  f["diagnostics"] = std::move(items);
  return f;
}

struct ValidateOptions {
  std::vector<std::string> files;
  bool strict = false;
  bool quiet = false;
  std::string format = "text";
};

int RunValidate(const ValidateOptions& o) {
  int rc = kExitOk;
  bool findings = false;
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  for (const std::string& path : o.files) {
    Result<Loaded> r = strategy::LoadStrategyFile(path);
    if (!r.ok()) {
      PrintError("validate", r.status());
      if (o.format == "json") files.push_back({{"file", path}, {"io_error", r.status().message()}});
      rc = ExitCodeFor(r.status());
      continue;
    }
    findings |= r->diagnostics.has_errors() || (o.strict && r->diagnostics.warning_count() > 0);
    if (o.format == "json") {
      files.push_back(DiagnosticsJson(*r, o.quiet));
    } else {
      Print(strategy::FormatValidation(*r, o.quiet));
    }
  }
  if (o.format == "json") Print(nlohmann::ordered_json{{"files", files}}.dump(2) + "\n");
  if (rc != kExitOk) return rc;
  return findings ? kExitFindings : kExitOk;
}

struct ShowOptions {
  std::string file;
  std::string format = "text";
};

// Loads a file for show/diff: prints why when it cannot be used and returns
// the exit code in `rc`.
std::optional<Loaded> LoadForUse(const char* command, const std::string& path, int* rc) {
  Result<Loaded> r = strategy::LoadStrategyFile(path);
  if (!r.ok()) {
    PrintError(command, r.status());
    *rc = ExitCodeFor(r.status());
    return std::nullopt;
  }
  if (!r->ok()) {
    std::fputs(strategy::FormatValidation(*r).c_str(), stderr);
    std::fprintf(stderr, "barometer %s: %s has errors; fix them first\n", command, path.c_str());
    *rc = kExitFindings;
    return std::nullopt;
  }
  return std::move(*r);
}

int RunShow(const ShowOptions& o) {
  int rc = kExitOk;
  std::optional<Loaded> l = LoadForUse("show", o.file, &rc);
  if (!l) return rc;
  Print(o.format == "json" ? strategy::ToJson(l->strategy) : strategy::RenderTree(l->strategy));
  return kExitOk;
}

struct DiffOptions {
  std::string old_file;
  std::string new_file;
  std::string format = "text";
  bool exit_code = false;
};

int RunDiff(const DiffOptions& o) {
  int rc = kExitOk;
  std::optional<Loaded> a = LoadForUse("diff", o.old_file, &rc);
  std::optional<Loaded> b = LoadForUse("diff", o.new_file, &rc);
  if (!a || !b) return rc;
  strategy::StrategyDiff d = strategy::DiffStrategies(a->strategy, b->strategy);
  Print(o.format == "json"
            ? strategy::DiffToJson(d, o.old_file, o.new_file)
            : strategy::RenderDiff(d, a->strategy, b->strategy, o.old_file, o.new_file));
  return o.exit_code && !d.empty() ? kExitFindings : kExitOk;
}

}  // namespace

void RegisterValidateCommand(CLI::App& app, int* exit_code) {
  auto opts = std::make_shared<ValidateOptions>();
  auto* sub = app.add_subcommand(
      "validate",
      "Check strategy files (docs/strategy-format.md) and report every problem as "
      "file:line:column: error|warning: message, with the source line, a caret and a "
      "suggestion where one is likely.");
  sub->add_option("files", opts->files, "strategy files (TOML)")->required();
  sub->add_flag("--strict", opts->strict, "treat warnings as errors (exit 1 when there are any)");
  sub->add_flag("-q,--quiet", opts->quiet,
                "print errors only (warnings are still counted in the summary)");
  sub->add_option("--format", opts->format, "text (default) or json (a list of diagnostics)")
      ->check(CLI::IsMember({"text", "json"}));
  sub->footer(
      "Warnings mark gaps the file records (todo notes, unnamed owners, baselines to be "
      "established, an unknown ODS code) and doubtful targets; errors make the file unusable.\n\n" +
      std::string(kExitCodeHelp));
  sub->callback([opts, exit_code] { *exit_code = RunValidate(*opts); });
}

void RegisterShowCommand(CLI::App& app, int* exit_code) {
  auto opts = std::make_shared<ShowOptions>();
  auto* sub = app.add_subcommand(
      "show",
      "Print a strategy's golden thread as a tree: priority -> objective -> measure with its "
      "targets year by year, committees, owners and actions; then strategic ambitions, "
      "programmes, enabling strategies, the cascade and the risks. --format json prints the "
      "whole validated model.");
  sub->add_option("file", opts->file, "strategy file (TOML)")->required();
  sub->add_option("--format", opts->format, "text (default, a tree) or json (the whole model)")
      ->check(CLI::IsMember({"text", "json"}));
  sub->footer(
      "A file with errors is not shown: its diagnostics are printed instead (as by "
      "`barometer validate`).\n\n" +
      std::string(kExitCodeHelp));
  sub->callback([opts, exit_code] { *exit_code = RunShow(*opts); });
}

void RegisterDiffCommand(CLI::App& app, int* exit_code) {
  auto opts = std::make_shared<DiffOptions>();
  auto* sub = app.add_subcommand(
      "diff",
      "Show what a strategy refresh changed between OLD and NEW: every element (organisation, "
      "values, reporting, committees, roles, priorities, ambitions, objectives, measures, "
      "programmes, cascade, risks) added, removed, reworded (matched by id, or by similar "
      "wording when the ids differ), moved or changed key by key; targets year by year.");
  sub->add_option("old", opts->old_file, "the earlier strategy file")->required();
  sub->add_option("new", opts->new_file, "the later strategy file")->required();
  sub->add_option("--format", opts->format, "text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  sub->add_flag("--exit-code", opts->exit_code,
                "exit 1 when there are differences (like `git diff --exit-code`)");
  sub->footer(
      "Elements with different ids are the same element when more than half their content words "
      "are "
      "shared (Dice coefficient of content words > 0.5).\nExit codes: 0 compared (with or without "
      "differences; "
      "with --exit-code, 0 only when there are none), 1 differences found (--exit-code) or a "
      "file has errors, 2 usage error, 3 a file could not be read, 4 internal error.");
  sub->callback([opts, exit_code] { *exit_code = RunDiff(*opts); });
}

}  // namespace barometer::cli
