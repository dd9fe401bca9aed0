// population/codes.h — the coded values of an extract: ICD-10 causes, NHS
// ethnic categories, age bands and the calendar arithmetic used in scans.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace barometer::population {

// ---- ICD-10 -----------------------------------------------------------------
// A compact ICD-10 code: the three-character category (letter and two digits)
// and an optional fourth digit, in 16 bits; 0 means no code.
// Accepted text: "C34", "C349", "C34.9", "I10X" (the UK filler X = no fourth
// character) and one further character after the fourth as some UK
// extensions add ("M5456"), in upper or lower case.
std::optional<uint16_t> ParseIcd10(std::string_view text);
// "C349" / "I10"; "" for 0.
std::string Icd10ToString(uint16_t code);
// The category as a number: letter index × 100 + the two digits (C34 -> 234).
inline int Icd10Category(uint16_t code) { return (code - 1) / 11; }
// Whether the category lies in [first, last], both written like "C00".
bool Icd10InRange(uint16_t code, std::string_view first, std::string_view last);
// The normalised text of an ICD-10 code as stored in condition code lists
// ("C34.9" -> "C349", "i10x" -> "I10"); nullopt when not a valid code.
std::optional<std::string> NormaliseIcd10(std::string_view text);

// The cause groups of the premature mortality indicators (ICD-10 chapters as
// OHID defines them for Fingertips): cancer C00-C97, circulatory I00-I99,
// respiratory J00-J99.
bool IsCancer(uint16_t code);
bool IsCirculatory(uint16_t code);
bool IsRespiratory(uint16_t code);

// ---- Ethnicity ----------------------------------------------------------------
// The five broad groups of the NHS ethnic category codes (2001 census
// classification) and "not stated" (Z, 99 or blank).
enum class EthnicGroup : uint8_t { kWhite, kMixed, kAsian, kBlack, kOther, kNotStated };
inline constexpr int kEthnicGroupCount = 6;
// `code` as stored in Persons::ethnic ('A'..'Z', '9', 0).
EthnicGroup EthnicGroupOf(uint8_t code);
std::string_view EthnicGroupName(EthnicGroup g);
// True for the NHS codes A-H, J-N, P, R, S, Z.
bool IsNhsEthnicCode(char c);

// ---- Age bands ----------------------------------------------------------------
// The 20 life-table bands 0, 1-4, 5-9, ..., 85-89, 90+ (index 0..19).
inline constexpr int kLifeTableBands = 20;
// The 19 five-year bands of the 2013 European Standard Population, 0-4 ... 90+.
inline constexpr int kEspBands = 19;
inline int LifeTableBand(int age) {
  if (age < 1) return 0;
  if (age < 5) return 1;
  return age >= 90 ? 19 : age / 5 + 1;
}
// The ESP band holding a life-table band (0 and 1-4 both fall in 0-4).
inline int EspBandOfLifeTableBand(int band) { return band == 0 ? 0 : band - 1; }
// "0", "1-4", "5-9", ..., "90+".
std::string_view LifeTableBandLabel(int band);
// "0-4", "5-9", ..., "90+".
std::string_view EspBandLabel(int band);
// The life-table band for a label ("0" or "<1", "1-4", ..., "90+"), or -1.
int ParseLifeTableBand(std::string_view label);

// ---- Calendar -----------------------------------------------------------------
// Dates in an extract lie in [kFirstDay, kLastDay] (1880-01-01 .. 2099-12-31),
// as days since 1970-01-01, so that these look-ups are table reads.
inline constexpr int32_t kFirstDay = -32872;  // 1880-01-01
inline constexpr int32_t kLastDay = 47481;    // 2099-12-31

struct YearMonthDay {
  int16_t year;
  uint8_t month;
  uint8_t day;
};
// REQUIRES: kFirstDay <= days <= kLastDay
YearMonthDay CivilFromDays(int32_t days);
// Days since 1970-01-01 of a valid civil date.
int32_t DaysFromCivil(int year, int month, int day);
// Age in completed years at `days`, for someone born in (birth_year,
// birth_month); the extract has no day of birth, so the birthday is taken as
// the 15th of the birth month (the middle, so ages are unbiased on average).
int AgeAt(int32_t days, int birth_year, int birth_month);
// Age at 30 June of `year` (the mid-year date of the denominators).
inline int AgeAtMidYear(int year, int birth_year, int birth_month) {
  return year - birth_year - (birth_month > 6 ? 1 : 0);
}
// The date a person is taken to be born (the 15th of the birth month).
inline int32_t BirthDay(int birth_year, int birth_month) {
  return DaysFromCivil(birth_year, birth_month, 15);
}

}  // namespace barometer::population
