// The catalogue of published series (strategy/publications.h).
#include "strategy/publications.h"

#include <array>

namespace barometer::strategy {
namespace {

using P = Publication;
using U = MeasureUnit;
using D = Direction;

// clang-format off
constexpr PublishedSeries kSeries[] = {
    {P::kNhseAe, "4hr_all_types", "A&E four-hour standard, all types", "within4_total", "att_total", "", U::kPercent, D::kHigher},
    {P::kNhseAe, "4hr_type1", "A&E four-hour standard, type 1 (major EDs)", "att_type1-over4_type1", "att_type1", "", U::kPercent, D::kHigher},
    {P::kNhseAe, "attendances_all", "A&E attendances, all types", "", "", "att_total", U::kCount, D::kNeutral},
    {P::kNhseAe, "attendances_type1", "A&E attendances, type 1", "", "", "att_type1", U::kCount, D::kNeutral},
    {P::kNhseAe, "dta_12h", "Patients waiting over 12 hours from decision to admit", "", "", "dta_12plus_h", U::kCount, D::kLower},
    {P::kNhseAe, "dta_over4", "Patients waiting over 4 hours from decision to admit", "", "", "dta_over4_total", U::kCount, D::kLower},
    {P::kNhseAe, "emergency_admissions", "Emergency admissions, all", "", "", "emadm_total", U::kCount, D::kNeutral},
    {P::kNhseRtt, "within_18w", "RTT incomplete pathways within 18 weeks", "incomplete_within_18w", "incomplete_total", "", U::kPercent, D::kHigher},
    {P::kNhseRtt, "waiting_list", "RTT waiting list (incomplete pathways)", "", "", "incomplete_total", U::kCount, D::kLower},
    {P::kNhseRtt, "over_52w", "RTT pathways waiting over 52 weeks", "", "", "over_52w", U::kCount, D::kLower},
    {P::kNhseRtt, "over_52w_pct", "RTT pathways waiting over 52 weeks, % of the list", "over_52w", "incomplete_total", "", U::kPercent, D::kLower},
    {P::kNhseRtt, "over_65w", "RTT pathways waiting over 65 weeks", "", "", "over_65w", U::kCount, D::kLower},
    {P::kNhseRtt, "over_78w", "RTT pathways waiting over 78 weeks", "", "", "over_78w", U::kCount, D::kLower},
    {P::kNhseRtt, "over_104w", "RTT pathways waiting over 104 weeks", "", "", "over_104w", U::kCount, D::kLower},
    {P::kNhseCancer, "fds28", "Cancer 28-day Faster Diagnosis Standard", "fds28_within", "fds28_total", "", U::kPercent, D::kHigher},
    {P::kNhseCancer, "31day", "Cancer 31-day decision to treat to treatment (combined)", "cmb31_within", "cmb31_total", "", U::kPercent, D::kHigher},
    {P::kNhseCancer, "62day", "Cancer 62-day referral to first treatment (combined)", "cmb62_within", "cmb62_total", "", U::kPercent, D::kHigher},
    {P::kShmi, "shmi", "Summary Hospital-level Mortality Indicator", "observed_deaths", "expected_deaths", "shmi_value", U::kRatio, D::kLower},
    {P::kStaffSurvey, "stress", "Staff Survey Q11c: unwell from work-related stress", "", "stress_base", "stress_pct", U::kPercent, D::kLower},
    {P::kStaffSurvey, "burnt_out", "Staff Survey Q12b: often or always burnt out", "", "burnt_out_base", "burnt_out_pct", U::kPercent, D::kLower},
    {P::kStaffSurvey, "emotionally_exhausted", "Staff Survey Q12a: work often or always emotionally exhausting", "", "emotionally_exhausted_base", "emotionally_exhausted_pct", U::kPercent, D::kLower},
    {P::kStaffSurvey, "frustrated", "Staff Survey Q12c: often or always frustrated by work", "", "frustrated_base", "frustrated_pct", U::kPercent, D::kLower},
    {P::kStaffSurvey, "enough_staff", "Staff Survey Q3i: enough staff to do my job properly", "", "enough_staff_base", "enough_staff_pct", U::kPercent, D::kHigher},
    {P::kStaffSurvey, "meet_time_demands", "Staff Survey Q3g: able to meet the conflicting demands on my time", "", "meet_time_demands_base", "meet_time_demands_pct", U::kPercent, D::kHigher},
    {P::kStaffSurvey, "make_improvements", "Staff Survey Q3f: able to make improvements in my area", "", "make_improvements_base", "make_improvements_pct", U::kPercent, D::kHigher},
    {P::kStaffSurvey, "role_makes_difference", "Staff Survey Q6a: my role makes a difference to patients", "", "role_makes_difference_base", "role_makes_difference_pct", U::kPercent, D::kHigher},
    {P::kStaffSurvey, "valued_by_team", "Staff Survey Q7h: I feel valued by my team", "", "valued_by_team_base", "valued_by_team_pct", U::kPercent, D::kHigher},
    {P::kStaffSurvey, "violence_public", "Staff Survey Q13a: physical violence from patients or the public", "", "violence_public_base", "violence_public_pct", U::kPercent, D::kLower},
    {P::kStaffSurvey, "violence_manager", "Staff Survey Q13b: physical violence from managers", "", "violence_manager_base", "violence_manager_pct", U::kPercent, D::kLower},
    {P::kStaffSurvey, "violence_colleagues", "Staff Survey Q13c: physical violence from colleagues", "", "violence_colleagues_base", "violence_colleagues_pct", U::kPercent, D::kLower},
    {P::kStaffSurvey, "harassment_public", "Staff Survey Q14a: harassment, bullying or abuse from patients or the public", "", "harassment_public_base", "harassment_public_pct", U::kPercent, D::kLower},
    {P::kStaffSurvey, "harassment_manager", "Staff Survey Q14b: harassment, bullying or abuse from managers", "", "harassment_manager_base", "harassment_manager_pct", U::kPercent, D::kLower},
    {P::kStaffSurvey, "harassment_colleagues", "Staff Survey Q14c: harassment, bullying or abuse from colleagues", "", "harassment_colleagues_base", "harassment_colleagues_pct", U::kPercent, D::kLower},
    {P::kStaffSurvey, "discrimination_public", "Staff Survey Q16a: discrimination from patients or the public", "", "discrimination_public_base", "discrimination_public_pct", U::kPercent, D::kLower},
    {P::kStaffSurvey, "discrimination_internal", "Staff Survey Q16b: discrimination from a manager or colleagues", "", "discrimination_internal_base", "discrimination_internal_pct", U::kPercent, D::kLower},
};
// clang-format on

}  // namespace

std::string_view PublicationTitle(Publication p) {
  switch (p) {
    case P::kNhseAe:
      return "NHS England, A&E Attendances and Emergency Admissions";
    case P::kNhseRtt:
      return "NHS England, Consultant-led Referral to Treatment Waiting Times";
    case P::kNhseCancer:
      return "NHS England, Cancer Waiting Times";
    case P::kShmi:
      return "NHS Digital, Summary Hospital-level Mortality Indicator";
    case P::kStaffSurvey:
      return "NHS Staff Survey, organisational results";
    case P::kFingertips:
      return "OHID Fingertips";
  }
  return "";
}

std::span<const PublishedSeries> SeriesOf(Publication p) {
  size_t first = 0;
  while (first < std::size(kSeries) && kSeries[first].publication != p) ++first;
  size_t last = first;
  while (last < std::size(kSeries) && kSeries[last].publication == p) ++last;
  return {kSeries + first, last - first};
}

const PublishedSeries* FindSeries(Publication p, std::string_view id) {
  for (const PublishedSeries& s : SeriesOf(p)) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

std::vector<Frequency> PublicationFrequencies(Publication p) {
  switch (p) {
    case P::kNhseAe:
    case P::kNhseRtt:
    case P::kNhseCancer:
      return {Frequency::kMonthly};
    case P::kShmi:  // a rolling 12 months, stored at its last month
      return {Frequency::kMonthly, Frequency::kOneOff};
    case P::kStaffSurvey:
      return {Frequency::kAnnual};
    case P::kFingertips:
      return {Frequency::kAnnual, Frequency::kQuarterly, Frequency::kMonthly, Frequency::kOneOff};
  }
  return {};
}

std::vector<DefinitionChange> DefinitionChanges(Publication p, std::string_view series) {
  if (p == P::kNhseRtt) {
    return {{Date{2024, 2, 1},
             "definition change: community-service pathways were removed from RTT reporting "
             "from February 2024; not directly comparable with earlier months"}};
  }
  if (p == P::kNhseCancer && (series.empty() || series == "31day" || series == "62day")) {
    return {{Date{2023, 10, 1},
             "definition change: the October 2023 cancer standards (two-week wait dropped; "
             "31- and 62-day standards consolidated); not directly comparable with earlier "
             "headline standards"}};
  }
  return {};
}

std::vector<std::string> PeerSets(Publication p) {
  if (p == P::kNhseAe) return {"trusts", "type1", "all"};
  if (p == P::kFingertips) return {"all"};
  return {"trusts", "all"};
}

}  // namespace barometer::strategy
