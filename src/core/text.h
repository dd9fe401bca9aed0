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

// Escapes the five XML special characters (& < > " ') for text and attribute
// values in SVG and HTML.
std::string XmlEscape(std::string_view s);

}  // namespace barometer
