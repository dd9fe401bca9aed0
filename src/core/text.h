// core/text.h — small text helpers used for user-facing messages.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace barometer {

// Edit distance (insertions, deletions, substitutions and adjacent
// transpositions), case-sensitive.
int EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` if it is close enough to be a likely typo
// (distance at most max(1, len/3), case-insensitive); nullopt otherwise.
std::optional<std::string> ClosestMatch(std::string_view word,
                                        const std::vector<std::string>& candidates);

// "; did you mean `x`?"-style hint text, or "" when nothing is close.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

// Lower-cases ASCII letters.
std::string ToLower(std::string_view s);

// Splits on `sep`, keeping empty parts.
std::vector<std::string_view> Split(std::string_view s, char sep);

// Similarity of two texts in [0, 1] by shared lower-case word tokens (Dice
// coefficient); used to match reworded objectives between strategy versions.
double WordSimilarity(std::string_view a, std::string_view b);

// Escaping by context. Every text that reaches a document goes through the
// one function for the place it lands; nothing else builds markup from text.
//
//   HTML/SVG text and double-quoted attribute values    XmlEscape
//   inside a double-quoted CSS string in a <style>      CssStringEscape
//   id="..." and href="#..." fragment identifiers       report's internal::Id
//                                                       (letters, digits, _)
// Unquoted attributes, URLs other than "#fragment", <script> and event
// handlers are never built from text.

// Escapes the five XML special characters (& < > " ') for text and
// double-quoted attribute values in SVG and HTML. Control characters other
// than tab and line ends (not allowed in XML, and a NUL would cut the text
// short) become U+FFFD.
std::string XmlEscape(std::string_view s);

// Content for a double-quoted CSS string inside a <style> element: every
// ASCII character other than a letter, digit or space is written as a CSS hex
// escape ("\3C "), so the text can neither end the string or the rule nor
// the <style> element (no '<', '"', '\\', ';', '{', '}', '@' or '(' survives);
// line ends become spaces. Bytes of multi-byte UTF-8 characters pass as is.
std::string CssStringEscape(std::string_view s);

// ---- text inputs ----

// A UTF-8 byte-order mark at the start of `text` is skipped (documented as
// accepted in every text input).
std::string_view StripBom(std::string_view text);

// The first thing in `text` that is not acceptable text input: bytes that
// are not UTF-8, a NUL, or a control character other than tab, CR and LF.
// Line and column are 1-based (column counts bytes). nullopt when clean.
struct TextProblem {
  int line = 0;
  int column = 0;
  std::string message;  // "byte 0xE9 is not UTF-8 (save the file as UTF-8)"
};
std::optional<TextProblem> FindTextProblem(std::string_view text);

// `s` with control characters and bytes that are not UTF-8 written as
// \xNN, so a message never sends raw terminal escapes to the user.
std::string ShowControls(std::string_view s);

}  // namespace barometer
