// report/html.h — building the reports' self-contained HTML: escaping, the
// page shell with its embedded stylesheet (screen, and A4 print with page
// numbers and a running footer), status pills and tables. No scripts, fonts,
// images or links to anything outside the file.
//
//   std::string body = "<h1>" + Esc(title) + "</h1>" + Pill("On track", Tone::kGood);
//   std::string html = RenderPage({.title = "Board strategy report", .footer = "LUHFT"}, body);
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "report/data_table.h"

namespace barometer::report {

// Escapes text for HTML content and double-quoted attribute values
// (core/text.h XmlEscape; see there for the other contexts).
std::string Esc(std::string_view s);

// The policy every page carries, first in <head>: no scripts, frames,
// objects, fonts or network or file loads; only the inline stylesheet and
// data: images. A text that got past escaping still could not run or fetch.
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'";
inline constexpr std::string_view kContentSecurityPolicyMeta =
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
    "'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">";

struct PageMeta {
  std::string title;   // <title> and the print footer's left side
  std::string footer;  // e.g. "LUHFT · Board strategy report · 2023-24 Q3"
  std::string lang = "en-GB";
};

// A complete HTML document around `body` (kContentSecurityPolicyMeta right
// after the charset, before any text from the user) (which should start with <header>
// or <main> content; it is placed inside <main>).
std::string RenderPage(const PageMeta& meta, std::string_view body);

// The colour a status is shown in; the text always says the status too.
enum class Tone { kGood, kWarn, kBad, kNeutral, kInfo };
std::string_view ToneClass(Tone t);  // "good", "warn", "bad", "neutral", "info"

// <span class="pill good">On track</span>
std::string Pill(std::string_view label, Tone tone);

// A table from markup cells. `numeric[j]` right-aligns column j.
struct HtmlTable {
  std::string caption;  // shown above the table and read by screen readers
  std::vector<std::string> headers;
  std::vector<bool> numeric;
  std::vector<std::vector<std::string>> rows;  // cells are markup (escape text!)
  std::string css_class;
};
std::string RenderTable(const HtmlTable& t);

// A DataTable as an HTML table (numbers formatted with the column's decimals).
std::string RenderDataTable(const DataTable& t);

// The embedded stylesheet (exposed for tests and for documents built elsewhere).
std::string Stylesheet(std::string_view footer);

}  // namespace barometer::report
