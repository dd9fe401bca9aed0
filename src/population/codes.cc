#include "population/codes.h"

#include <cctype>
#include <vector>

namespace barometer::population {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
char Upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// Category number of "C00"-style text (REQUIRES: valid).
int CategoryOf(std::string_view s) {
  return (Upper(s[0]) - 'A') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
}

// One table for the whole supported range, built once: the days -> civil
// date conversion is the hot path of every scan.
const std::vector<YearMonthDay>& CivilTable() {
  static const std::vector<YearMonthDay> table = [] {
    std::vector<YearMonthDay> t;
    t.reserve(kLastDay - kFirstDay + 1);
    for (int y = 1880; y <= 2099; ++y) {
      for (int m = 1; m <= 12; ++m) {
        static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        int n = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
        for (int d = 1; d <= n; ++d) {
          t.push_back({static_cast<int16_t>(y), static_cast<uint8_t>(m), static_cast<uint8_t>(d)});
        }
      }
    }
    return t;
  }();
  return table;
}

}  // namespace

std::optional<uint16_t> ParseIcd10(std::string_view s) {
  if (s.size() < 3) return std::nullopt;
  char letter = Upper(s[0]);
  if (letter < 'A' || letter > 'Z' || !IsDigit(s[1]) || !IsDigit(s[2])) return std::nullopt;
  size_t i = 3;
  int fourth = 0;  // 0 = none, 1..10 = digit 0..9
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (i >= s.size()) return std::nullopt;
  }
  if (i < s.size()) {
    char c = Upper(s[i]);
    if (IsDigit(c)) {
      fourth = c - '0' + 1;
    } else if (c != 'X') {
      return std::nullopt;
    }
    ++i;
    // One more (fifth) character, as some UK extensions add.
    if (i < s.size()) {
      char c5 = Upper(s[i]);
      if (!IsDigit(c5) && !(c5 >= 'A' && c5 <= 'Z')) return std::nullopt;
      ++i;
    }
  }
  if (i != s.size()) return std::nullopt;
  int category = CategoryOf(s);
  return static_cast<uint16_t>(1 + category * 11 + fourth);
}

std::string Icd10ToString(uint16_t code) {
  if (code == 0) return "";
  int category = Icd10Category(code);
  int fourth = (code - 1) % 11;
  std::string s;
  s += static_cast<char>('A' + category / 100);
  s += static_cast<char>('0' + category % 100 / 10);
  s += static_cast<char>('0' + category % 10);
  if (fourth > 0) s += static_cast<char>('0' + fourth - 1);
  return s;
}

bool Icd10InRange(uint16_t code, std::string_view first, std::string_view last) {
  if (code == 0) return false;
  int c = Icd10Category(code);
  return c >= CategoryOf(first) && c <= CategoryOf(last);
}

std::optional<std::string> NormaliseIcd10(std::string_view text) {
  if (!ParseIcd10(text)) return std::nullopt;
  std::string out;
  for (char c : text) {
    if (c != '.') out += Upper(c);
  }
  if (out.size() == 4 && out[3] == 'X') out.resize(3);
  return out;
}

bool IsCancer(uint16_t code) { return Icd10InRange(code, "C00", "C97"); }
bool IsCirculatory(uint16_t code) { return Icd10InRange(code, "I00", "I99"); }
bool IsRespiratory(uint16_t code) { return Icd10InRange(code, "J00", "J99"); }

EthnicGroup EthnicGroupOf(uint8_t code) {
  switch (code) {
    case 'A':
    case 'B':
    case 'C':
      return EthnicGroup::kWhite;
    case 'D':
    case 'E':
    case 'F':
    case 'G':
      return EthnicGroup::kMixed;
    case 'H':
    case 'J':
    case 'K':
    case 'L':
      return EthnicGroup::kAsian;
    case 'M':
    case 'N':
    case 'P':
      return EthnicGroup::kBlack;
    case 'R':
    case 'S':
      return EthnicGroup::kOther;
    default:
      return EthnicGroup::kNotStated;
  }
}

std::string_view EthnicGroupName(EthnicGroup g) {
  switch (g) {
    case EthnicGroup::kWhite:
      return "White";
    case EthnicGroup::kMixed:
      return "Mixed";
    case EthnicGroup::kAsian:
      return "Asian or Asian British";
    case EthnicGroup::kBlack:
      return "Black or Black British";
    case EthnicGroup::kOther:
      return "Other ethnic group";
    case EthnicGroup::kNotStated:
      return "Not stated";
  }
  return "Not stated";
}

bool IsNhsEthnicCode(char c) {
  return (c >= 'A' && c <= 'H') || (c >= 'J' && c <= 'N') || c == 'P' || c == 'R' || c == 'S' ||
         c == 'Z';
}

std::string_view LifeTableBandLabel(int band) {
  static constexpr std::array<std::string_view, kLifeTableBands> kLabels = {
      "0",     "1-4",   "5-9",   "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44",
      "45-49", "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+"};
  return kLabels[band];
}

std::string_view EspBandLabel(int band) {
  static constexpr std::array<std::string_view, kEspBands> kLabels = {
      "0-4",   "5-9",   "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
      "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+"};
  return kLabels[band];
}

int ParseLifeTableBand(std::string_view label) {
  if (label == "<1") return 0;
  for (int b = 0; b < kLifeTableBands; ++b) {
    if (LifeTableBandLabel(b) == label) return b;
  }
  return -1;
}

YearMonthDay CivilFromDays(int32_t days) { return CivilTable()[days - kFirstDay]; }

int32_t DaysFromCivil(int y, int m, int d) {
  // Howard Hinnant's days_from_civil.
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int AgeAt(int32_t days, int birth_year, int birth_month) {
  YearMonthDay ymd = CivilFromDays(days);
  int age = ymd.year - birth_year;
  if (ymd.month < birth_month || (ymd.month == birth_month && ymd.day < 15)) --age;
  return age;
}

}  // namespace barometer::population
