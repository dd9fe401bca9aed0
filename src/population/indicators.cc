// Indicator registry, periods, breakdowns and the comparator file.
#include "population/indicators.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/number.h"
#include "core/text.h"
#include "population/codes.h"

namespace barometer::population {

std::string YearRange::ToString() const {
  return first == last ? std::to_string(first) : fmt::format("{}-{}", first, last);
}

Result<YearRange> ParseYearRange(std::string_view text) {
  text = Trim(text);
  auto bad = [&] {
    return Status::InvalidInput(fmt::format(
        "'{}' is not a period of calendar years; expected a year (2023) or a range (2021-2023)",
        text));
  };
  std::vector<std::string_view> parts = Split(text, '-');
  if (parts.empty() || parts.size() > 2) return bad();
  auto first = ParseInt(parts[0]);
  auto last = parts.size() == 2 ? ParseInt(parts[1]) : first;
  if (!first || !last || parts[0].size() != 4 || (parts.size() == 2 && parts[1].size() != 4)) {
    return bad();
  }
  if (*first < 1880 || *last > 2099 || *first > *last) return bad();
  return YearRange{static_cast<int>(*first), static_cast<int>(*last)};
}

int LastCompleteYear(const Extract& x) {
  YearMonthDay d = CivilFromDays(x.latest_date);
  return d.month == 12 ? d.year : d.year - 1;
}

int FirstYear(const Extract& x) {
  // Registrations reach back before the observation window; events do not.
  int32_t first = kNever, registered = kNever;
  for (int32_t d : x.activity.start) first = std::min(first, d);
  for (int32_t d : x.persons.date_of_death) first = std::min(first, d);
  for (int32_t d : x.persons.registered_from) registered = std::min(registered, d);
  if (x.group != nullptr) {
    // One shard: the earliest over every process (a minimum as a maximum).
    std::vector<int64_t> v = {-int64_t{first}, -int64_t{registered}};
    x.group->MaxAll(v);
    first = static_cast<int32_t>(-v[0]);
    registered = static_cast<int32_t>(-v[1]);
  }
  if (first == kNever) first = registered;
  if (first == kNever) return CivilFromDays(x.latest_date).year;
  YearMonthDay d = CivilFromDays(first);
  return d.month > 6 ? d.year + 1 : d.year;
}

std::string_view DimensionName(Dimension d) {
  switch (d) {
    case Dimension::kAll:
      return "all";
    case Dimension::kSex:
      return "sex";
    case Dimension::kAgeBand:
      return "age_band";
    case Dimension::kImdDecile:
      return "imd_decile";
    case Dimension::kImdQuintile:
      return "imd_quintile";
    case Dimension::kCore20:
      return "core20";
    case Dimension::kEthnicGroup:
      return "ethnic_group";
    case Dimension::kNeighbourhood:
      return "neighbourhood";
    case Dimension::kLocalAuthority:
      return "local_authority";
    case Dimension::kSegment:
      return "segment";
  }
  return "all";
}

std::string Breakdown::Name() const {
  std::string name(DimensionName(dimension));
  return by_sex ? "sex*" + name : name;
}

Result<std::vector<Breakdown>> ParseBreakdowns(std::string_view list) {
  std::vector<std::string> names;
  for (int d = 0; d <= static_cast<int>(Dimension::kSegment); ++d) {
    names.emplace_back(DimensionName(static_cast<Dimension>(d)));
  }
  std::vector<Breakdown> out;
  for (std::string_view item : Split(list, ',')) {
    item = Trim(item);
    if (item.empty()) continue;
    std::vector<std::string_view> parts = Split(item, '*');
    Breakdown b;
    bool ok = parts.size() <= 2;
    int sexes = 0;
    for (std::string_view part : parts) {
      part = Trim(part);
      auto it = std::find(names.begin(), names.end(), part);
      if (it == names.end()) {
        std::string hint = DidYouMean(part, names);
        return Status::InvalidInput(fmt::format("unknown breakdown '{}'; expected {}{}", part,
                                                fmt::join(names, ", "),
                                                hint.empty() ? "" : "; " + hint));
      }
      auto d = static_cast<Dimension>(it - names.begin());
      if (d == Dimension::kSex) ++sexes;
      if (d != Dimension::kSex || parts.size() == 1) b.dimension = d;
    }
    if (parts.size() == 2) {
      ok = ok && sexes == 1 && b.dimension != Dimension::kSex && b.dimension != Dimension::kAll &&
           b.dimension != Dimension::kAgeBand;
      b.by_sex = true;
    }
    if (!ok) {
      return Status::InvalidInput(fmt::format(
          "'{}' cannot be crossed; only sex crosses with another breakdown (sex*imd_decile)",
          item));
    }
    if (std::find(out.begin(), out.end(), b) == out.end()) out.push_back(b);
  }
  return out;
}

const std::vector<IndicatorInfo>& Indicators() {
  static const std::vector<IndicatorInfo> list = {
      {IndicatorId::kU75MortalityAll, "u75_mortality_all",
       "Under 75 mortality rate from all causes", "per 100,000 (DSR, ESP 2013)",
       Polarity::kLowIsGood},
      {IndicatorId::kU75MortalityCancer, "u75_mortality_cancer",
       "Under 75 mortality rate from cancer (C00-C97)", "per 100,000 (DSR, ESP 2013)",
       Polarity::kLowIsGood},
      {IndicatorId::kU75MortalityCirculatory, "u75_mortality_circulatory",
       "Under 75 mortality rate from circulatory disease (I00-I99)", "per 100,000 (DSR, ESP 2013)",
       Polarity::kLowIsGood},
      {IndicatorId::kU75MortalityRespiratory, "u75_mortality_respiratory",
       "Under 75 mortality rate from respiratory disease (J00-J99)", "per 100,000 (DSR, ESP 2013)",
       Polarity::kLowIsGood},
      {IndicatorId::kInfantMortality, "infant_mortality",
       "Infant deaths under 1 year per 1,000 live births", "per 1,000 live births (crude)",
       Polarity::kLowIsGood},
      {IndicatorId::kLifeExpectancyBirth, "life_expectancy_birth", "Life expectancy at birth",
       "years", Polarity::kHighIsGood},
      {IndicatorId::kLifeExpectancy65, "life_expectancy_65", "Life expectancy at 65", "years",
       Polarity::kHighIsGood},
      {IndicatorId::kLeGap, "le_gap",
       "Gap in life expectancy at birth: comparator minus area (or decile 10 minus decile 1)",
       "years", Polarity::kNone},
      {IndicatorId::kSiiLifeExpectancy, "sii_life_expectancy",
       "Slope index of inequality in life expectancy at birth across IMD deciles", "years",
       Polarity::kNone},
      {IndicatorId::kEmergencyAdmissions, "emergency_admissions", "Emergency admissions (all ages)",
       "per 100,000 (DSR, ESP 2013, non-independent)", Polarity::kLowIsGood},
      {IndicatorId::kAeAttendances, "ae_attendances", "A&E attendances (all ages)",
       "per 100,000 (DSR, ESP 2013, non-independent)", Polarity::kLowIsGood},
  };
  return list;
}

const IndicatorInfo& Info(IndicatorId id) {
  for (const IndicatorInfo& i : Indicators()) {
    if (i.id == id) return i;
  }
  return Indicators().front();
}

Result<std::vector<IndicatorId>> ParseIndicators(std::string_view list) {
  std::vector<std::string> names;
  for (const IndicatorInfo& i : Indicators()) names.emplace_back(i.name);
  std::vector<IndicatorId> out;
  for (std::string_view item : Split(list, ',')) {
    item = Trim(item);
    if (item.empty()) continue;
    auto it = std::find(names.begin(), names.end(), item);
    if (it == names.end()) {
      std::string hint = DidYouMean(item, names);
      return Status::InvalidInput(fmt::format("unknown indicator '{}'; expected {}{}", item,
                                              fmt::join(names, ", "),
                                              hint.empty() ? "" : "; " + hint));
    }
    IndicatorId id = Indicators()[it - names.begin()].id;
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  }
  return out;
}

const IndicatorRow* FindRow(const std::vector<IndicatorRow>& rows, IndicatorId id,
                            const YearRange& years, const Breakdown& by, int sex, int group) {
  for (const IndicatorRow& r : rows)
    if (r.id == id && r.years == years && r.by == by && r.sex == sex && r.group == group) return &r;
  return nullptr;
}

Result<Comparator> Comparator::FromTable(const CsvTable& t) {
  Comparator c;
  std::vector<size_t> col;
  for (const char* name : {"indicator", "breakdown", "breakdown_value", "value"}) {
    auto i = t.Column(name);
    if (!i.ok()) return i.status();
    col.push_back(*i);
  }
  auto optional = [&](const char* name) {
    std::optional<size_t> i = t.header().Find(name);
    return i;
  };
  auto period = optional("period"), lower = optional("lower95_0cl"),
       upper = optional("upper95_0cl");
  std::vector<std::string> problems;
  for (size_t r = 0; r < t.rows(); ++r) {
    ComparatorRow row;
    row.indicator = std::string(Trim(t.cell(r, col[0])));
    row.breakdown = std::string(Trim(t.cell(r, col[1])));
    row.breakdown_value = std::string(Trim(t.cell(r, col[2])));
    if (row.breakdown.empty()) row.breakdown = "all";
    if (row.breakdown_value.empty()) row.breakdown_value = "all";
    if (period) row.period = std::string(Trim(t.cell(r, *period)));
    auto v = ParseDouble(t.cell(r, col[3]));
    if (!v) {
      problems.push_back(
          fmt::format("{}: value '{}' is not a number", t.Where(r).ToString(), t.cell(r, col[3])));
      continue;
    }
    row.value = *v;
    if (lower && upper) {
      auto l = ParseDouble(t.cell(r, *lower)), u = ParseDouble(t.cell(r, *upper));
      if (l && u) row.lower95 = *l, row.upper95 = *u;
    }
    c.rows_.push_back(std::move(row));
  }
  if (!problems.empty()) return Status::InvalidInput(fmt::format("{}", fmt::join(problems, "\n")));
  return c;
}

const ComparatorRow* Comparator::Exact(std::string_view indicator, std::string_view period,
                                       std::string_view breakdown, std::string_view value) const {
  const ComparatorRow* any_period = nullptr;
  for (const ComparatorRow& r : rows_) {
    if (r.indicator != indicator || r.breakdown != breakdown || r.breakdown_value != value)
      continue;
    if (r.period == period) return &r;
    if (r.period.empty()) any_period = &r;
  }
  return any_period;
}

const ComparatorRow* Comparator::Find(std::string_view indicator, std::string_view period,
                                      const Breakdown& breakdown, std::string_view value,
                                      std::string_view sex) const {
  if (const ComparatorRow* r = Exact(indicator, period, breakdown.Name(), value)) return r;
  if (!sex.empty() && sex != "all") {
    if (const ComparatorRow* r = Exact(indicator, period, "sex", sex)) return r;
  }
  return Exact(indicator, period, "all", "all");
}

}  // namespace barometer::population
