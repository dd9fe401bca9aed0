#include "synth/internal/population_conditions.h"

#include <algorithm>
#include <cmath>

#include "synth/internal/population_mortality.h"

namespace barometer::synth::internal {
namespace {

using CG = CauseGroup;
constexpr auto kRising = Onset::kRisingWithAge;
constexpr auto kEarly = Onset::kEarlyInLife;

constexpr CodeChoice kHypertension[] = {{"icd10", "I10", 0.75}, {"snomed", "38341003", 0.25}};
constexpr CodeChoice kDiabetes2[] = {
    {"icd10", "E119", 0.55}, {"icd10", "E11", 0.2}, {"snomed", "44054006", 0.25}};
constexpr CodeChoice kDiabetes1[] = {{"icd10", "E109", 1}};
constexpr CodeChoice kCopd[] = {
    {"icd10", "J449", 0.7}, {"icd10", "J440", 0.05}, {"snomed", "13645005", 0.25}};
constexpr CodeChoice kAsthma[] = {
    {"icd10", "J459", 0.7}, {"icd10", "J450", 0.05}, {"snomed", "195967001", 0.25}};
constexpr CodeChoice kChd[] = {
    {"icd10", "I251", 0.6}, {"icd10", "I209", 0.2}, {"icd10", "I252", 0.2}};
constexpr CodeChoice kHeartFailure[] = {{"icd10", "I500", 0.7}, {"icd10", "I509", 0.3}};
constexpr CodeChoice kCkd[] = {
    {"icd10", "N183", 0.8}, {"icd10", "N184", 0.15}, {"icd10", "N185", 0.05}};
constexpr CodeChoice kDepression[] = {{"icd10", "F329", 0.5},
                                      {"icd10", "F331", 0.15},
                                      {"icd10", "F320", 0.1},
                                      {"snomed", "35489007", 0.25}};
constexpr CodeChoice kSmi[] = {
    {"icd10", "F209", 0.45}, {"icd10", "F319", 0.45}, {"icd10", "F259", 0.1}};
constexpr CodeChoice kDementia[] = {
    {"icd10", "F03", 0.5}, {"icd10", "G309", 0.3}, {"icd10", "F019", 0.2}};
constexpr CodeChoice kLearningDisability[] = {
    {"icd10", "F70", 0.4}, {"icd10", "F71", 0.15}, {"icd10", "F72", 0.1}, {"icd10", "F79", 0.35}};
constexpr CodeChoice kCancer[] = {
    {"icd10", "C509", 0.25, 2}, {"icd10", "C61", 0.25, 1}, {"icd10", "C349", 0.12},
    {"icd10", "C189", 0.08},    {"icd10", "C20", 0.04},    {"icd10", "C439", 0.07},
    {"icd10", "C679", 0.04},    {"icd10", "C64", 0.03},    {"icd10", "C541", 0.03, 2},
    {"icd10", "C56", 0.02, 2},  {"icd10", "C859", 0.04},   {"icd10", "C169", 0.02},
    {"icd10", "C73", 0.02},     {"icd10", "C900", 0.02}};
// Frailty: ICD-10 R54, or the electronic Frailty Index categories (SNOMED CT UK).
constexpr CodeChoice kFrailty[] = {{"icd10", "R54", 0.4},
                                   {"snomed", "925791000000100", 0.3},
                                   {"snomed", "925831000000107", 0.2},
                                   {"snomed", "925861000000102", 0.1}};
constexpr CodeChoice kSubstance[] = {{"icd10", "F102", 0.5},
                                     {"icd10", "F112", 0.2},
                                     {"icd10", "F192", 0.15},
                                     {"icd10", "F122", 0.15}};
constexpr CodeChoice kHomeless[] = {{"icd10", "Z590", 1}};
constexpr CodeChoice kPalliative[] = {{"icd10", "Z515", 1}};

// name, onset, probability, mid, scale, min_age, max_age, deprivation, frailty,
// long_term, related cause, codes. See docs/synthetic-population.md for sources.
constexpr ConditionSpec kCatalogue[] = {
    {"hypertension",
     kRising,
     {0.70, 0.68},
     {64, 67},
     10,
     25,
     0,
     0.15,
     0.15,
     true,
     CG::kNone,
     kHypertension},
    {"diabetes_type2",
     kRising,
     {0.28, 0.22},
     {66, 68},
     11,
     25,
     0,
     0.35,
     0.2,
     true,
     CG::kOther,
     kDiabetes2},
    {"diabetes_type1",
     kEarly,
     {0.005, 0.004},
     {0, 0},
     0,
     1,
     30,
     0.0,
     0.0,
     true,
     CG::kOther,
     kDiabetes1},
    {"copd", kRising, {0.14, 0.12}, {72, 73}, 8, 40, 0, 0.6, 0.3, true, CG::kRespiratory, kCopd},
    {"asthma", kEarly, {0.10, 0.12}, {0, 0}, 0, 2, 45, 0.15, 0.1, true, CG::kRespiratory, kAsthma},
    {"chd", kRising, {0.22, 0.12}, {75, 79}, 8, 35, 0, 0.3, 0.3, true, CG::kCirculatory, kChd},
    {"heart_failure",
     kRising,
     {0.16, 0.13},
     {83, 85},
     7,
     40,
     0,
     0.3,
     0.45,
     true,
     CG::kCirculatory,
     kHeartFailure},
    {"ckd", kRising, {0.40, 0.45}, {80, 80}, 8, 40, 0, 0.2, 0.3, true, CG::kOther, kCkd},
    {"depression",
     kEarly,
     {0.14, 0.22},
     {0, 0},
     0,
     15,
     65,
     0.3,
     0.25,
     true,
     CG::kNone,
     kDepression},
    {"smi", kEarly, {0.010, 0.009}, {0, 0}, 0, 17, 45, 0.6, 0.4, true, CG::kNone, kSmi},
    {"dementia",
     kRising,
     {0.45, 0.50},
     {87, 88},
     5,
     50,
     0,
     0.15,
     0.35,
     true,
     CG::kDementia,
     kDementia},
    {"learning_disability",
     kEarly,
     {0.005, 0.004},
     {0, 0},
     0,
     0,
     12,
     0.3,
     0.6,
     true,
     CG::kNone,
     kLearningDisability},
    {"cancer", kRising, {0.35, 0.30}, {76, 74}, 10, 20, 0, 0.1, 0.15, true, CG::kCancer, kCancer},
    {"frailty", kRising, {0.55, 0.60}, {84, 84}, 6, 65, 0, 0.3, 0.5, false, CG::kNone, kFrailty},
    {"substance_misuse",
     kEarly,
     {0.020, 0.008},
     {0, 0},
     0,
     16,
     50,
     0.9,
     0.35,
     false,
     CG::kNone,
     kSubstance},
    {"homelessness",
     kEarly,
     {0.004, 0.0015},
     {0, 0},
     0,
     18,
     65,
     1.2,
     0.35,
     false,
     CG::kNone,
     kHomeless},
};

constexpr double kMaxLifetimeChance = 0.95;

CodeChoice DrawChoice(std::span<const CodeChoice> codes, int sex, Rng& rng) {
  double total = 0;
  for (const CodeChoice& c : codes) {
    if (c.sex_only == 0 || c.sex_only == sex + 1) total += c.weight;
  }
  double u = rng.Uniform() * total;
  for (const CodeChoice& c : codes) {
    if (c.sex_only != 0 && c.sex_only != sex + 1) continue;
    if (u < c.weight) return c;
    u -= c.weight;
  }
  return codes.back();
}

constexpr size_t kConditions = std::size(kCatalogue);

// Relative risk of each condition by decile and frailty level, computed once.
struct RiskTable {
  std::array<double, 10 * kFrailtyLevels * kConditions> risk;
  RiskTable() {
    for (int d = 1; d <= 10; ++d) {
      for (int k = 0; k < kFrailtyLevels; ++k) {
        for (size_t i = 0; i < kConditions; ++i) {
          const ConditionSpec& c = kCatalogue[i];
          risk[((d - 1) * kFrailtyLevels + k) * kConditions + i] =
              std::exp(c.deprivation * DeprivationScore(d) + c.frailty * (k - 1.5));
        }
      }
    }
  }
  double operator()(int decile, int frailty, size_t condition) const {
    return risk[((decile - 1) * kFrailtyLevels + frailty) * kConditions + condition];
  }
};

const RiskTable& Risks() {
  static const RiskTable table;
  return table;
}

// Onset age for one condition, or a negative number when the person never has it.
double DrawOnsetAge(size_t i, const Person& p, Rng& rng) {
  const ConditionSpec& c = kCatalogue[i];
  double risk = Risks()(p.decile, p.frailty, i);
  double chance = std::min(kMaxLifetimeChance, c.probability[p.sex] * risk);
  double u = rng.Uniform();
  double v = rng.Uniform();
  if (u >= chance) return -1;
  if (c.onset == Onset::kEarlyInLife) return c.min_age + v * (c.max_age - c.min_age);
  double f = std::clamp(u / chance, 1e-9, 1 - 1e-9);
  return std::max(c.min_age + v, c.mid[p.sex] + c.scale * std::log(f / (1 - f)));
}

}  // namespace

std::span<const ConditionSpec> ConditionCatalogue() { return kCatalogue; }

void DrawConditions(Rng& rng, Person& p) {
  const int32_t until = p.ObservedUntil();
  for (size_t i = 0; i < std::size(kCatalogue); ++i) {
    const ConditionSpec& c = kCatalogue[i];
    double age = DrawOnsetAge(i, p, rng);
    if (age < 0) continue;
    CodeChoice code = DrawChoice(c.codes, p.sex, rng);
    double day = p.birth_day + age * 365.25;
    if (day >= until) continue;
    p.conditions.push_back(
        {static_cast<int>(i), code.system, code.code, static_cast<int32_t>(day)});
  }
  std::sort(p.conditions.begin(), p.conditions.end(),
            [](const ConditionRecord& a, const ConditionRecord& b) { return a.day < b.day; });
}

void DrawPalliativeCare(Rng& rng, CauseGroup cause, Person& p) {
  double chance = 0;
  switch (cause) {
    case CauseGroup::kCancer:
      chance = 0.75;
      break;
    case CauseGroup::kDementia:
      chance = 0.55;
      break;
    case CauseGroup::kRespiratory:
      chance = 0.45;
      break;
    case CauseGroup::kCirculatory:
    case CauseGroup::kOther:
      chance = 0.30;
      break;
    case CauseGroup::kCovid:
    case CauseGroup::kPerinatal:
      chance = 0.10;
      break;
    default:
      break;
  }
  double u = rng.Uniform();
  double before = std::min(365.0, 1 + 70 * rng.Exponential());
  if (!p.died || u >= chance) return;
  int32_t day = p.exit_day - static_cast<int32_t>(before);
  if (day < p.registered_from || day < WindowStartDay()) return;
  ConditionRecord r{-1, kPalliative[0].system, kPalliative[0].code, day};
  auto at = std::upper_bound(
      p.conditions.begin(), p.conditions.end(), r,
      [](const ConditionRecord& a, const ConditionRecord& b) { return a.day < b.day; });
  p.conditions.insert(at, r);
}

int LongTermConditionsAt(const Person& p, int32_t day) {
  int n = 0;
  for (const ConditionRecord& r : p.conditions) {
    if (r.day > day) break;
    if (r.condition >= 0 && kCatalogue[r.condition].long_term) ++n;
  }
  return n;
}

}  // namespace barometer::synth::internal
