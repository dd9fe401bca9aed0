// strategy/strategy.h — the strategy model: an NHS organisation's published
// strategy as plain data (see docs/strategy-format.md, which this mirrors key
// for key).
//
// Every element remembers where it was written (`where`, the table's header or
// `{`) and where each of its keys' values was written (`where_of`), so later
// parts can point a user at the right line:
//
//   const Measure* m = FindMeasure(s, "staff_engagement");
//   for (const Target* t : TargetsInYear(s, *m, 2)) ...
//   diags.Warning(m->At("baseline"), "...");
//
// The structs are plain values; a Strategy owns everything in it and refers
// between elements by id. Loading and validation live in load.h.
#pragma once

#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace barometer::strategy {

// ---- enumerations (their file spellings are in EnumTraits below) ----

enum class OrganisationKind {
  kTrust,
  kFoundationTrust,
  kIcs,
  kIcb,
  kPlacePartnership,
  kLocalAuthority,
  kOther
};
enum class Cadence { kMonthly, kBimonthly, kQuarterly, kSixMonthly, kAnnual };
enum class RoleKind { kExecutive, kNonExecutive, kDirector, kManager };
enum class Direction { kHigher, kLower, kNeutral };
enum class Frequency { kWeekly, kMonthly, kQuarterly, kAnnual, kOneOff };
enum class MeasureUnit {
  kPercent,
  kProportion,
  kCount,
  kRate,
  kScore,
  kYears,
  kDays,
  kGbp,
  kRatio,
  kRank,
  kMilestone
};
enum class TargetKind {
  kThreshold,
  kChange,
  kRank,
  kImprovement,
  kMilestone,
  kEstablishBaseline,
  kMaintain
};
enum class Op { kGreaterEqual, kLessEqual, kGreater, kLess, kEqual };
enum class ChangeUnit { kPercent, kAbsolute };
enum class UnitLevel { kDivision, kCareGroup, kDirectorate, kService, kTeam };
enum class EnablingKind { kEnablingStrategy, kStrategicPlan, kDeliveryPlan };
enum class Appetite { kAvoid, kMinimal, kCautious, kOpen, kSeek, kMature };
// How a population source's values are grouped in time: pooled three-year
// periods ending each calendar year (as mortality is published), or single
// calendar years.
enum class PopulationPeriods { kRolling3Year, kCalendarYear };
// The published statistics a measure can be bound to (`[measures.source]`).
enum class Publication { kNhseAe, kNhseRtt, kNhseCancer, kShmi, kStaffSurvey, kFingertips };

// The spellings used in files and JSON, indexed by the enumerator's value.
template <typename E>
struct EnumTraits;

#define BAROMETER_ENUM_NAMES(E, ...)                            \
  template <>                                                   \
  struct EnumTraits<E> {                                        \
    static constexpr std::string_view kNames[] = {__VA_ARGS__}; \
  }
BAROMETER_ENUM_NAMES(OrganisationKind, "trust", "foundation_trust", "ics", "icb",
                     "place_partnership", "local_authority", "other");
BAROMETER_ENUM_NAMES(Cadence, "monthly", "bimonthly", "quarterly", "six_monthly", "annual");
BAROMETER_ENUM_NAMES(RoleKind, "executive", "non_executive", "director", "manager");
BAROMETER_ENUM_NAMES(Direction, "higher", "lower", "neutral");
BAROMETER_ENUM_NAMES(Frequency, "weekly", "monthly", "quarterly", "annual", "one_off");
BAROMETER_ENUM_NAMES(MeasureUnit, "percent", "proportion", "count", "rate", "score", "years",
                     "days", "gbp", "ratio", "rank", "milestone");
BAROMETER_ENUM_NAMES(TargetKind, "threshold", "change", "rank", "improvement", "milestone",
                     "establish_baseline", "maintain");
BAROMETER_ENUM_NAMES(Op, ">=", "<=", ">", "<", "=");
BAROMETER_ENUM_NAMES(ChangeUnit, "percent", "absolute");
BAROMETER_ENUM_NAMES(UnitLevel, "division", "care_group", "directorate", "service", "team");
BAROMETER_ENUM_NAMES(EnablingKind, "enabling_strategy", "strategic_plan", "delivery_plan");
BAROMETER_ENUM_NAMES(Appetite, "avoid", "minimal", "cautious", "open", "seek", "mature");
BAROMETER_ENUM_NAMES(PopulationPeriods, "rolling_3_year", "calendar_year");
BAROMETER_ENUM_NAMES(Publication, "nhse-ae", "nhse-rtt", "nhse-cancer", "shmi", "staff-survey",
                     "fingertips");
#undef BAROMETER_ENUM_NAMES

template <typename E>
std::string_view EnumName(E e) {
  return EnumTraits<E>::kNames[static_cast<size_t>(e)];
}

// The enumerator spelled exactly `s`; nullopt when none is.
template <typename E>
std::optional<E> ParseEnum(std::string_view s) {
  const auto& names = EnumTraits<E>::kNames;
  for (size_t i = 0; i < std::size(names); ++i) {
    if (names[i] == s) return static_cast<E>(i);
  }
  return std::nullopt;
}

// All spellings of E, in enumerator order.
template <typename E>
std::vector<std::string> EnumNames() {
  return {std::begin(EnumTraits<E>::kNames), std::end(EnumTraits<E>::kNames)};
}

// ---- elements ----

// What every table in the file has: its place, its keys' places and `todo`
// notes about what the source document leaves out.
struct Element {
  SourceLocation where;  // the table's header (or `{` of an inline table)
  // The place of each key's value: "name", "serves[1]" (an array item), ...
  std::map<std::string, SourceLocation, std::less<>> where_of;
  std::vector<std::string> todo;
  // Keys the file has whose values could not be read (each already reported
  // as an error); checks treat them as written, to report nothing twice.
  std::vector<std::string> unreadable;

  // The place of `key`'s value, or of the element when the key is absent.
  const SourceLocation& At(std::string_view key) const;
  // True when the file has `key` here, readable or not.
  bool Written(std::string_view key) const;
};

struct StrategyPeriod : Element {
  Date start;
  Date end;
};

struct Organisation : Element {
  std::string name;
  std::string short_name;
  std::string ods_code;  // "unknown" when the document does not give it
  std::optional<OrganisationKind> kind;
  std::string strategy;  // the strategy's title
  std::string vision;
  std::string mission;
  std::string ambition;
  std::vector<std::string> source;  // documents encoded
  std::vector<std::string> aligned_with;
  std::string development;
  std::optional<Date> approved;
  std::optional<int> financial_year_start_month;  // default 4 (April)
  StrategyPeriod period;
};

struct OrganisationValue : Element {
  std::string id;
  std::string name;
  std::string description;
  std::vector<std::string> behaviours;
};

struct Reporting : Element {
  std::string audience;
  std::optional<Cadence> cadence;
  std::string what;
};

struct Committee : Element {
  std::string id;
  std::string name;
  std::string remit;
  std::string chair;  // role id
};

struct Role : Element {
  std::string id;
  std::string title;
  std::string person;
  std::optional<RoleKind> kind;
};

struct PeerGroup : Element {
  std::string id;
  std::string name;
  std::string description;
  std::optional<int> size;
  // Who is in the group when peers come from a publication
  // (docs/published-data.md, "Peer groups"): ODS codes listed here and/or in
  // a file of codes (relative to the strategy file), and/or everyone in a
  // region or of a trust type as the publication gives them. Empty: every
  // peer the binding's `peers` set allows.
  std::vector<std::string> members;
  std::string members_file;
  std::string region;      // "North West" (matches "NHS ENGLAND NORTH WEST" too)
  std::string trust_type;  // the Staff Survey's benchmarking group
};

struct Priority : Element {
  std::string id;
  std::string name;
  std::string statement;
  std::string ambition;
  std::string committee;         // committee id
  std::string lead;              // role id
  std::string headline_measure;  // measure id
  // What will be done, in the document's words, where the document lists
  // actions for the priority itself (One Liverpool's "critical actions").
  std::vector<std::string> actions;
  std::optional<int> order;
};

// A theme that cuts across the priorities, with the actions that translate it
// (UHNM's five "strategic ambitions", each with three "guiding actions").
struct StrategicAmbition : Element {
  std::string id;
  std::string name;
  std::string description;
  std::vector<std::string> actions;
  std::vector<std::string> priorities;  // priority ids it serves, when the document says
};

// The owner value that says the document names no owner (a warning).
inline constexpr std::string_view kUnnamed = "unnamed";

struct Objective : Element {
  std::string id;
  std::string priority;  // priority id
  std::string name;
  std::string theme;
  std::string owner;      // role id or kUnnamed
  std::string committee;  // committee id, only where it differs from the priority's
  std::vector<std::string> actions;
  std::string year;  // "2023-24" for annual objective sets
};

struct NumberRange {
  double min = 0;
  double max = 0;
};

struct Baseline : Element {
  enum class Kind {
    kNone,             // no baseline given
    kValue,            // { value = 6.9, period = "2020" }
    kEstablishInYear,  // "to be established in year N"
    kToBeEstablished,  // "to be established" (a warning)
  };
  Kind kind = Kind::kNone;
  std::optional<double> value;
  std::string period;  // a period as core/date.h parses it
  std::string note;
  int establish_year = 0;  // for kEstablishInYear
};

struct SpcSettings : Element {
  std::vector<Date> rebase;
  std::optional<int> baseline_points;
  std::optional<int> shift_length;
  std::optional<int> trend_length;
};

struct Target : Element {
  std::optional<TargetKind> kind;
  std::optional<int> year;  // strategy year; exactly one of year and by
  std::optional<Date> by;
  std::optional<double> value;   // threshold, maintain
  std::optional<Op> op;          // threshold; default from the measure's direction
  std::optional<double> change;  // change (signed)
  std::optional<ChangeUnit> change_unit;
  std::optional<int> quartile;  // rank: 1 = best
  std::optional<int> rank;      // rank: at most this
  std::string peer_group;       // rank: default the measure's
  std::optional<int> count;     // rank: how many components
  std::vector<std::string> must_include;
  bool significant = false;  // improvement
  std::optional<Date> due;   // milestone
  std::string text;          // the document's words
};

// [measures.population]: the measure's values come from the population
// engine (`barometer population feed`), one per period of `periods`. The
// names are the population engine's (docs/population-indicators.md); they are
// checked against it when the values are fed.
struct PopulationSource : Element {
  std::string indicator;   // e.g. "u75_mortality_cancer"
  std::string breakdown;   // "all" (default), "sex", "imd_decile", ...
  std::string group;       // the breakdown's value: "male", "1" (most deprived decile), ...
  std::string area;        // the area's name in provenance (default: organisation short name)
  std::string comparator;  // the comparator's name ("England"), for indicators compared with one
  std::optional<PopulationPeriods> periods;  // default rolling_3_year
};

// Where a measure's values come from when it is one of the national
// publications' series (`[measures.source]`; strategy/publications.h lists
// the series). `source = "text"` stays a plain description.
struct SourceBinding : Element {
  std::optional<Publication> publication;
  std::string series;  // a series of the publication (a Fingertips indicator id)
  std::string org;     // the organisation's code; default organisation.ods_code
  // Codes of trusts merged into `org`, summed with it (numerators and
  // denominators) for the months they reported: a like-for-like series.
  std::vector<std::string> predecessors;
  // Which organisations are peers: "trusts" (NHS trusts, the default),
  // "all", or "type1" (A&E: trusts with a major emergency department).
  std::string peers;
  std::string name;  // the description (becomes the measure's `source` text)
  std::string sex;   // Fingertips: the Sex row to read (default "Persons")
  std::string age;   // Fingertips: the Age row to read (default: the only one)
};

// The `source` key of a measure: a description, or a binding (a table).
// Visitors get it as one field (see fields.h).
struct MeasureSourceKey {
  std::string& text;
  std::optional<SourceBinding>& binding;
};

struct Measure : Element {
  std::string id;
  std::string objective;  // objective id, or
  std::string priority;   // priority id for a priority-level headline measure
  std::vector<std::string> also_objectives;
  std::string name;
  std::string definition;
  std::optional<MeasureUnit> unit;
  std::optional<double> per;
  std::optional<NumberRange> range;
  std::optional<int> decimals;
  std::optional<Direction> direction;
  std::optional<Frequency> frequency;
  std::string source;                    // the description
  std::optional<SourceBinding> binding;  // `[measures.source]`: a published series
  Baseline baseline;
  std::string peer_group;
  std::vector<std::string> components;  // measure ids
  std::optional<SpcSettings> spc;
  bool outcome = false;
  std::string indicator;
  std::optional<PopulationSource> population;  // values fed from the population engine
  std::vector<Target> targets;
};

struct Segment : Element {
  std::string id;
  std::string name;
  std::string description;
  std::optional<int> order;
};

struct Programme : Element {
  std::string id;
  std::string name;
  std::string description;
  std::vector<std::string> priorities;  // priority ids
  std::string lead;                     // role id
};

struct EnablingStrategy : Programme {
  std::optional<EnablingKind> kind;  // default kEnablingStrategy
};

struct Cascade : Element {
  std::vector<std::string> levels;
  std::string note;
};

struct UnitObjective : Element {
  std::string id;
  std::string name;
  std::vector<std::string> serves;  // strategic or higher unit objective ids
  std::string owner;                // role id or text
  std::vector<std::string> measures;
  std::optional<Date> due;
};

struct Unit : Element {
  std::string id;
  std::string name;
  std::optional<UnitLevel> level;
  std::string parent;  // unit id
  std::string lead;    // role id or text
  std::vector<UnitObjective> objectives;
};

struct IndividualObjective : Element {
  std::string id;
  std::string unit;    // unit id
  std::string holder;  // role id or a pseudonymised staff reference
  std::string name;
  std::vector<std::string> serves;  // unit or strategic objective ids
};

struct RiskScore : Element {
  int likelihood = 0;   // 1–5
  int consequence = 0;  // 1–5
  int Score() const { return likelihood * consequence; }
};

// An action on a risk's gaps, with its owner and due date.
struct RiskAction : Element {
  std::string text;
  std::string owner;  // role id
  Date due;
};

struct Risk : Element {
  std::string id;
  std::string title;
  std::string description;
  std::vector<std::string> objectives;
  std::string owner;      // role id
  std::string committee;  // committee id
  RiskScore inherent;
  RiskScore current;
  RiskScore target;
  std::optional<Appetite> appetite;
  std::optional<int> appetite_score;  // 1–25
  std::vector<std::string> controls;
  std::vector<std::string> assurances;
  std::vector<std::string> gaps;
  std::optional<Date> reviewed;
  // The Board Assurance Framework's fuller form (docs/strategy-format.md):
  std::optional<Date> target_date;                  // when the target score is to be reached
  std::optional<RiskScore> previous;                // the current score at the previous review
  std::vector<std::string> assurances_first_line;   // management
  std::vector<std::string> assurances_second_line;  // oversight functions
  std::vector<std::string> assurances_third_line;   // independent (internal audit, ...)
  std::vector<std::string> gaps_in_control;
  std::vector<std::string> gaps_in_assurance;
  std::vector<RiskAction> actions;
  std::optional<Date> next_review;
};

// A whole strategy file.
struct Strategy : Element {
  int format = 1;
  Organisation organisation;
  std::vector<OrganisationValue> values;
  std::vector<Reporting> reporting;
  std::vector<Committee> committees;
  std::vector<Role> roles;
  std::vector<PeerGroup> peer_groups;
  std::vector<Priority> priorities;
  std::vector<StrategicAmbition> strategic_ambitions;
  std::vector<Objective> objectives;
  std::vector<Measure> measures;
  std::vector<Segment> segments;
  std::vector<Programme> programmes;
  std::vector<EnablingStrategy> enabling_strategies;
  std::optional<Cascade> cascade;
  std::vector<Unit> units;
  std::vector<IndividualObjective> individual_objectives;
  std::vector<Risk> risks;
};

// The format version this build reads and writes.
inline constexpr int kFormatVersion = 1;

// ---- look-ups (nullptr when no element has the id) ----

const Priority* FindPriority(const Strategy& s, std::string_view id);
const Objective* FindObjective(const Strategy& s, std::string_view id);
const Measure* FindMeasure(const Strategy& s, std::string_view id);
const Committee* FindCommittee(const Strategy& s, std::string_view id);
const Role* FindRole(const Strategy& s, std::string_view id);
const PeerGroup* FindPeerGroup(const Strategy& s, std::string_view id);
const Unit* FindUnit(const Strategy& s, std::string_view id);
// A unit objective anywhere in the cascade.
const UnitObjective* FindUnitObjective(const Strategy& s, std::string_view id);

// The periods a population source pools (default rolling_3_year), and how
// many calendar years each period spans (3 or 1).
PopulationPeriods EffectivePeriods(const PopulationSource& p);
int PooledYears(const PopulationSource& p);

// ---- strategy years ----

// The month financial years start in (organisation.financial_year_start_month, default 4).
int FinancialYearStartMonth(const Strategy& s);
// How many strategy years the period spans (3 for 2021-04-01 to 2024-03-31).
int StrategyYearCount(const Strategy& s);
// The financial year that is strategy year `n` (1-based): Year 1 of a period
// starting 2021-04-01 is 2021-22. Defined for any n, inside the period or not.
Period StrategyYear(const Strategy& s, int n);
// The strategy year holding `d`; nullopt outside the strategy period.
std::optional<int> YearOf(const Strategy& s, Date d);

// ---- the golden thread ----

// The committee monitoring an objective: its own, else its priority's.
const Committee* EffectiveCommittee(const Strategy& s, const Objective& o);

// A measure with the objective and priority it sits under (objective is null
// for a priority-level measure; any pointer is null when its id dangles).
struct Thread {
  const Measure* measure = nullptr;
  const Objective* objective = nullptr;
  const Priority* priority = nullptr;
};
Thread ThreadOf(const Strategy& s, const Measure& m);

// Measures whose `objective` or `also_objectives` names the objective.
std::vector<const Measure*> MeasuresOf(const Strategy& s, std::string_view objective_id);
// Objectives under a priority, in file order.
std::vector<const Objective*> ObjectivesOf(const Strategy& s, std::string_view priority_id);
// Priorities by `order`, then file order.
std::vector<const Priority*> PrioritiesInOrder(const Strategy& s);

// ---- targets ----

// When a target falls due: `by`, else the end of its strategy year (nullopt
// when it has neither).
std::optional<Date> DueDate(const Strategy& s, const Target& t);
// The strategy year a target applies in: `year`, or the year holding `by`.
std::optional<int> TargetYear(const Strategy& s, const Target& t);
// Targets of `m` applying in strategy year `n`, in file order.
std::vector<const Target*> TargetsInYear(const Strategy& s, const Measure& m, int n);
// The comparison a threshold target uses: its `op`, else >= when higher is
// better, <= when lower is better, = when neutral.
Op EffectiveOp(const Target& t, const Measure& m);
// The peer group a rank target compares against: its own, else the measure's.
const std::string& EffectivePeerGroup(const Target& t, const Measure& m);

// ---- published sources ----

// The description a binding gives its measure: its `name`, else the
// publication's title and the series.
std::string BindingDescription(const SourceBinding& b);
// The organisation a bound measure's values are read for: the binding's
// `org`, else the organisation's ODS code ("" when neither is known).
std::string BoundOrg(const Strategy& s, const SourceBinding& b);

// ---- units ----

// The valid range of a unit's values (±infinity where unbounded).
NumberRange DefaultRange(MeasureUnit u);
// Decimal places shown by default for a unit.
int DefaultDecimals(MeasureUnit u);

}  // namespace barometer::strategy
