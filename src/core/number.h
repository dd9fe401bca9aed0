// core/number.h — strict, locale-independent number parsing and formatting.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace barometer {

// Parses the whole of `s` (surrounding spaces allowed) as a finite decimal
// number; nullopt for anything else ("", "abc", "1.2.3", "nan", "inf").
std::optional<double> ParseDouble(std::string_view s);

// Parses the whole of `s` (surrounding spaces allowed) as a base-10 integer.
std::optional<int64_t> ParseInt(std::string_view s);

// Shortest text that reads back as exactly `v` ("0.1", "1e-20", "12").
std::string FormatShortest(double v);

// `v` with exactly `decimals` places ("7.20"); decimals < 0 means shortest.
std::string FormatFixed(double v, int decimals);

// Trims ASCII spaces and tabs from both ends.
std::string_view Trim(std::string_view s);

}  // namespace barometer
