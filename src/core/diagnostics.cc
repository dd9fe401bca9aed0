#include "core/diagnostics.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/text.h"

namespace barometer {

std::string SourceLocation::ToString() const {
  if (line <= 0) return file;
  if (column <= 0) return fmt::format("{}:{}", file, line);
  return fmt::format("{}:{}:{}", file, line, column);
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string place = where_.ToString();
  // Messages quote the user's text: never echo raw terminal escapes.
  if (place.empty()) return ShowControls(message_);
  return ShowControls(fmt::format("{}: {}", place, message_));
}

std::string Diagnostic::ToString() const {
  std::string s = where.ToString();
  if (!s.empty()) s += ": ";
  s += severity == Severity::kError ? "error: " : "warning: ";
  s += message;
  if (!hint.empty()) s += fmt::format("; {}", hint);
  return ShowControls(s);
}

void Diagnostics::Error(SourceLocation where, std::string message, std::string hint) {
  items_.push_back({Severity::kError, std::move(where), std::move(message), std::move(hint)});
}

void Diagnostics::Warning(SourceLocation where, std::string message, std::string hint) {
  items_.push_back({Severity::kWarning, std::move(where), std::move(message), std::move(hint)});
}

int Diagnostics::error_count() const {
  return static_cast<int>(std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
    return d.severity == Severity::kError;
  }));
}

int Diagnostics::warning_count() const { return static_cast<int>(items_.size()) - error_count(); }

void Diagnostics::SortByLocation() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.where.file != b.where.file) return a.where.file < b.where.file;
    if (a.where.line != b.where.line) return a.where.line < b.where.line;
    return a.where.column < b.where.column;
  });
}

std::string Diagnostics::Format(std::string_view source, bool with_source_lines) const {
  std::string out;
  for (const Diagnostic& d : items_) {
    out += d.ToString();
    out += '\n';
    if (with_source_lines) out += CaretLine(source, d.where.line, d.where.column);
  }
  return out;
}

std::string_view LineOf(std::string_view text, int line) {
  if (line <= 0) return {};
  size_t pos = 0;
  for (int i = 1; i < line; ++i) {
    pos = text.find('\n', pos);
    if (pos == std::string_view::npos) return {};
    ++pos;
  }
  size_t end = text.find('\n', pos);
  std::string_view l = text.substr(pos, end == std::string_view::npos ? text.npos : end - pos);
  if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  return l;
}

std::string CaretLine(std::string_view text, int line, int column) {
  std::string_view l = LineOf(text, line);
  if (l.empty()) return {};
  std::string out = fmt::format("  {}\n", ShowControls(l));
  if (column > 0) {
    std::string pad;
    // Keep tabs so the caret lines up under tab-indented text.
    for (int i = 0; i < column - 1 && i < static_cast<int>(l.size()); ++i) {
      pad += l[i] == '\t' ? '\t' : ' ';
    }
    out += fmt::format("  {}^\n", pad);
  }
  return out;
}

}  // namespace barometer
