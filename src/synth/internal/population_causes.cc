#include "synth/internal/population_causes.h"

#include <array>
#include <cmath>

#include "core/date.h"
#include "synth/internal/population_conditions.h"
#include "synth/internal/population_mortality.h"

namespace barometer::synth::internal {
namespace {

constexpr WeightedCode kCancerCodes[] = {
    {"C349", 0.21},   {"C189", 0.07}, {"C259", 0.06}, {"C159", 0.05},   {"C509", 0.14, 2},
    {"C61", 0.13, 1}, {"C679", 0.03}, {"C169", 0.03}, {"C220", 0.03},   {"C719", 0.03},
    {"C859", 0.03},   {"C920", 0.02}, {"C809", 0.05}, {"C56", 0.05, 2}, {"C64", 0.02},
    {"C20", 0.03},    {"C900", 0.02}, {"C439", 0.01}};
constexpr WeightedCode kCirculatoryCodes[] = {
    {"I219", 0.22}, {"I251", 0.25}, {"I64", 0.07},  {"I639", 0.10}, {"I619", 0.04},
    {"I500", 0.06}, {"I48", 0.04},  {"I119", 0.05}, {"I713", 0.03}, {"I269", 0.03},
    {"I350", 0.04}, {"I709", 0.03}, {"I10", 0.04}};
constexpr WeightedCode kRespiratoryCodes[] = {{"J449", 0.35}, {"J189", 0.30}, {"J841", 0.12},
                                              {"J690", 0.08}, {"J439", 0.05}, {"J22", 0.05},
                                              {"J459", 0.03}, {"J961", 0.02}};
constexpr WeightedCode kDementiaCodes[] = {{"F03", 0.55}, {"G309", 0.35}, {"F019", 0.10}};
constexpr WeightedCode kExternalCodes[] = {
    {"X42", 0.18},  {"X44", 0.05}, {"X70", 0.15}, {"W19", 0.20},  {"V892", 0.08}, {"W10", 0.05},
    {"Y349", 0.05}, {"X59", 0.10}, {"X41", 0.05}, {"V475", 0.04}, {"W80", 0.05}};
constexpr WeightedCode kOtherCodes[] = {
    {"K703", 0.10}, {"K746", 0.05}, {"A419", 0.08}, {"G20", 0.08},  {"G122", 0.03}, {"N179", 0.05},
    {"N189", 0.04}, {"E149", 0.05}, {"K922", 0.04}, {"K566", 0.03}, {"G409", 0.03}, {"K559", 0.03},
    {"N390", 0.05}, {"G35", 0.02},  {"D649", 0.03}, {"K573", 0.03}, {"E119", 0.04}, {"R54", 0.05},
    {"K259", 0.02}, {"G10", 0.01},  {"R99", 0.02}};
constexpr WeightedCode kPerinatalCodes[] = {
    {"P073", 0.25}, {"Q249", 0.15}, {"P220", 0.08}, {"Q899", 0.10}, {"R95", 0.08},
    {"P369", 0.07}, {"P011", 0.05}, {"Q000", 0.02}, {"P77", 0.05},  {"P291", 0.03},
    {"P285", 0.04}, {"P000", 0.03}, {"W75", 0.05}};
constexpr WeightedCode kCovidCodes[] = {{"U071", 1}};

// Share of deaths by group within age bands (before deprivation and
// conditions): cancer, circulatory, respiratory, dementia, external, other.
// Weighted by the age of deaths they give about 28% cancer, 24% circulatory,
// 13% respiratory, 11% dementia, 4% external (ONS deaths registrations 2019).
constexpr double kBandStart[] = {1, 15, 35, 50, 65, 75, 85};
constexpr std::array<double, 6> kGroupByBand[] = {
    {0.20, 0.05, 0.08, 0.00, 0.30, 0.37}, {0.10, 0.06, 0.03, 0.00, 0.55, 0.26},
    {0.30, 0.17, 0.05, 0.00, 0.22, 0.26}, {0.42, 0.22, 0.08, 0.01, 0.07, 0.20},
    {0.42, 0.23, 0.12, 0.03, 0.02, 0.18}, {0.32, 0.25, 0.14, 0.10, 0.01, 0.19},
    {0.16, 0.27, 0.15, 0.22, 0.01, 0.20}};
// Log relative weight at deprivation score +1: deprived areas lose more people
// to respiratory disease, drugs and alcohol; relatively fewer to cancer and dementia.
constexpr double kGroupDeprivation[] = {-0.15, 0.05, 0.30, -0.20, 0.35, 0.10};
constexpr CauseGroup kGroups[] = {CauseGroup::kCancer,      CauseGroup::kCirculatory,
                                  CauseGroup::kRespiratory, CauseGroup::kDementia,
                                  CauseGroup::kExternal,    CauseGroup::kOther};
constexpr double kConditionTilt = 1.5;  // weight of a group the person has a condition of
constexpr double kDottedShare = 0.05;

std::span<const WeightedCode> CodesOf(CauseGroup g) {
  switch (g) {
    case CauseGroup::kCancer:
      return kCancerCodes;
    case CauseGroup::kCirculatory:
      return kCirculatoryCodes;
    case CauseGroup::kRespiratory:
      return kRespiratoryCodes;
    case CauseGroup::kDementia:
      return kDementiaCodes;
    case CauseGroup::kExternal:
      return kExternalCodes;
    case CauseGroup::kCovid:
      return kCovidCodes;
    case CauseGroup::kPerinatal:
      return kPerinatalCodes;
    default:
      return kOtherCodes;
  }
}

CauseGroup DrawGroup(const Person& p, double age, Rng& rng) {
  int band = 0;
  while (band + 1 < 7 && age >= kBandStart[band + 1]) ++band;
  std::array<double, 6> w = kGroupByBand[band];
  double score = DeprivationScore(p.decile);
  for (size_t g = 0; g < w.size(); ++g) w[g] *= std::exp(kGroupDeprivation[g] * score);
  auto catalogue = ConditionCatalogue();
  for (const ConditionRecord& r : p.conditions) {
    if (r.condition < 0) continue;
    CauseGroup related = catalogue[r.condition].related_cause;
    for (size_t g = 0; g < w.size(); ++g) {
      if (kGroups[g] == related) w[g] *= kConditionTilt;
    }
  }
  return kGroups[rng.Categorical(w)];
}

}  // namespace

std::string_view DrawCode(std::span<const WeightedCode> codes, int sex, Rng& rng) {
  double total = 0;
  for (const WeightedCode& c : codes) {
    if (c.sex_only == 0 || c.sex_only == sex + 1) total += c.weight;
  }
  double u = rng.Uniform() * total;
  for (const WeightedCode& c : codes) {
    if (c.sex_only != 0 && c.sex_only != sex + 1) continue;
    if (u < c.weight) return c.code;
    u -= c.weight;
  }
  return codes.back().code;
}

std::string DrawCauseOfDeath(const Person& p, Rng& rng, CauseGroup* group) {
  double age = p.AgeAt(p.exit_day);
  int year = Date::FromDays(p.exit_day).year;
  double covid = MortalityModel::CovidFactor(year);
  double u = rng.Uniform();
  CauseGroup g;
  if (age < 1) {
    g = CauseGroup::kPerinatal;
  } else if (u < 1 - 1 / covid) {
    g = CauseGroup::kCovid;
  } else {
    g = DrawGroup(p, age, rng);
  }
  if (group != nullptr) *group = g;
  std::string_view code = DrawCode(CodesOf(g), p.sex, rng);
  if (code.size() == 4 && rng.Uniform() < kDottedShare) {
    return std::string(code.substr(0, 3)) + '.' + code[3];
  }
  return std::string(code);
}

CauseGroup CauseGroupOf(std::string_view code) {
  if (code.empty()) return CauseGroup::kNone;
  char c = code[0];
  if (c == 'C') return CauseGroup::kCancer;
  if (c == 'I') return CauseGroup::kCirculatory;
  if (c == 'J') return CauseGroup::kRespiratory;
  if (code.starts_with("F01") || code.starts_with("F03") || code.starts_with("G30")) {
    return CauseGroup::kDementia;
  }
  if (c == 'V' || c == 'W' || c == 'X' || c == 'Y') return CauseGroup::kExternal;
  if (c == 'U') return CauseGroup::kCovid;
  if (c == 'P' || c == 'Q' || code.starts_with("R95")) return CauseGroup::kPerinatal;
  return CauseGroup::kOther;
}

}  // namespace barometer::synth::internal
