#include "strategy/internal/checks.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/number.h"
#include "core/text.h"
#include "strategy/internal/walk.h"
#include "strategy/load.h"

namespace barometer::strategy {

void CheckStrategy(const Strategy& s, Diagnostics& diags) { internal::Checker(s, diags).Run(); }

namespace internal {

namespace {
template <typename T>
bool AnyWithoutId(const std::vector<T>& items) {
  return std::any_of(items.begin(), items.end(), [](const T& t) { return t.id.empty(); });
}

template <typename T>
std::vector<std::string> IdsOf(const std::vector<T>& items) {
  std::vector<std::string> out;
  for (const T& item : items) {
    if (!item.id.empty()) out.push_back(item.id);
  }
  return out;
}

bool IsIdChar(char c, bool upper_ok) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         (upper_ok && c >= 'A' && c <= 'Z');
}

bool ValidId(std::string_view id, bool upper_ok) {
  if (id.empty() || id.size() > 64) return false;
  char first = id[0];
  if (!((first >= 'a' && first <= 'z') || (upper_ok && first >= 'A' && first <= 'Z'))) {
    return false;
  }
  return std::all_of(id.begin(), id.end(), [&](char c) { return IsIdChar(c, upper_ok); });
}

// "Great Care!" -> "great_care": a valid id close to what the user wrote.
std::string SuggestId(std::string_view id) {
  std::string out;
  for (char c : ToLower(id)) {
    bool ok = IsIdChar(c, false);
    if (ok) {
      out += c;
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.empty() || !(out[0] >= 'a' && out[0] <= 'z')) return {};
  return out.substr(0, 64);
}

// "(written 12 times; also at lines 30, 41, 52 and 8 more)" for the places
// after the first.
std::string AlsoAt(const std::vector<SourceLocation>& places) {
  constexpr size_t kListed = 3;
  std::vector<std::string> lines;
  for (size_t i = 1; i < places.size() && places[i].line > 0; ++i) {
    lines.push_back(std::to_string(places[i].line));
  }
  std::string out = fmt::format("(written {} times", places.size());
  if (lines.empty()) return out + ")";
  size_t shown = std::min(lines.size(), kListed);
  size_t more = places.size() - 1 - shown;
  out += fmt::format("; also at line{} ", lines.size() > 1 ? "s" : "");
  for (size_t i = 0; i < shown; ++i) {
    out += lines[i];
    if (i + 2 == shown && more == 0) {
      out += " and ";
    } else if (i + 1 < shown) {
      out += ", ";
    }
  }
  if (more > 0) out += fmt::format(" and {} more", more);
  return out + ")";
}

// A name ("Chief Nurse") written where an id belongs, and no element has
// that name: say how to add the element it refers to.
std::string AddElementHint(std::string_view written, std::string_view noun, bool upper_ok,
                           std::string hint) {
  static const std::map<std::string_view, std::pair<std::string_view, std::string_view>> kTables = {
      {"committee", {"committees", "name"}},
      {"role", {"roles", "title"}},
      {"priority", {"priorities", "name"}},
      {"objective", {"objectives", "name"}},
      {"measure", {"measures", "name"}},
      {"peer group", {"peer_groups", "name"}},
      {"unit", {"units", "name"}}};
  auto table = kTables.find(noun);
  std::string id = SuggestId(written);
  if (ValidId(written, upper_ok) || table == kTables.end() || id.empty()) return hint;
  std::string plural(table->second.first);
  std::replace(plural.begin(), plural.end(), '_', ' ');
  return fmt::format(
      "{} are referred to by id: add [[{}]] with id = \"{}\" and {} = \"{}\", then write "
      "\"{}\" here",
      plural, table->second.first, id, table->second.second, written, id);
}

std::string LineText(const SourceLocation& w) {
  return w.line > 0 ? fmt::format(" at line {}", w.line) : std::string();
}
}  // namespace

std::string ReferenceHint(std::string_view id, std::string_view noun,
                          const std::vector<std::string>& known) {
  std::string hint = DidYouMean(id, known);
  if (!hint.empty()) return hint;
  if (known.empty()) return fmt::format("no {} ids are defined in this file", noun);
  if (known.size() > 12) return {};
  std::string list;
  for (const std::string& k : known) list += fmt::format("{}`{}`", list.empty() ? "" : ", ", k);
  return fmt::format("the {} ids are {}", noun, list);
}

std::string DirectionText(Direction d) {
  switch (d) {
    case Direction::kHigher:
      return "higher is better";
    case Direction::kLower:
      return "lower is better";
    case Direction::kNeutral:
      return "neither direction is better";
  }
  return {};
}

Checker::Checker(const Strategy& s, Diagnostics& diags)
    : s_(s),
      d_(diags),
      priorities_(IdsOf(s.priorities)),
      objectives_(IdsOf(s.objectives)),
      measures_(IdsOf(s.measures)),
      committees_(IdsOf(s.committees)),
      roles_(IdsOf(s.roles)),
      peer_groups_(IdsOf(s.peer_groups)),
      units_(IdsOf(s.units)) {
  bool unit_objective_without_id = false;
  for (const Unit& u : s.units) {
    for (const std::string& id : IdsOf(u.objectives)) unit_objectives_.push_back(id);
    unit_objective_without_id |= AnyWithoutId(u.objectives);
  }
  // An element whose id is missing was reported already; references to its
  // kind may be meant for it, so they are not reported as dangling too.
  auto mark = [this](bool missing, const char* noun) {
    if (missing) incomplete_.insert(noun);
  };
  mark(AnyWithoutId(s.priorities), "priority");
  mark(AnyWithoutId(s.objectives) || unit_objective_without_id, "objective");
  mark(AnyWithoutId(s.measures), "measure");
  mark(AnyWithoutId(s.committees), "committee");
  mark(AnyWithoutId(s.roles), "role");
  mark(AnyWithoutId(s.peer_groups), "peer group");
  mark(AnyWithoutId(s.units), "unit");
  auto name = [this](const std::string& text, const char* noun, const std::string& id) {
    if (!text.empty() && !id.empty()) names_.emplace(ToLower(Trim(text)), std::pair{noun, id});
  };
  for (const Committee& c : s.committees) name(c.name, "committee", c.id);
  for (const Role& r : s.roles) name(r.title, "role", r.id);
  for (const Role& r : s.roles) name(r.person, "role", r.id);
  for (const Priority& p : s.priorities) name(p.name, "priority", p.id);
  for (const Objective& o : s.objectives) name(o.name, "objective", o.id);
  for (const Measure& m : s.measures) name(m.name, "measure", m.id);
  for (const PeerGroup& g : s.peer_groups) name(g.name, "peer group", g.id);
  for (const Unit& u : s.units) name(u.name, "unit", u.id);
}

void Checker::Run() {
  CheckFormatAndOrganisation();
  CheckIds();
  CheckPriorities();
  CheckObjectives();
  CheckMeasures();
  CheckProgrammes();
  CheckCascade();
  CheckRisks();
  CheckTodos();
  ReportDangling();
}

bool Checker::PeriodKnown() const {
  const StrategyPeriod& p = s_.organisation.period;
  return p.start < p.end;
}

std::string Checker::PeriodText() const {
  int n = StrategyYearCount(s_);
  return fmt::format("{} to {}", StrategyYear(s_, 1).ToString(), StrategyYear(s_, n).ToString());
}

void Checker::Ref(const Element& e, std::string_view key, const std::string& id,
                  std::string_view noun, const std::vector<std::string>& known) {
  if (id.empty() || std::find(known.begin(), known.end(), id) != known.end()) return;
  if (incomplete_.count(std::string(noun))) return;
  // The element's own id is invalid and its error suggests this very id:
  // once that is fixed, this reference is right, so it is not reported too.
  bool upper_ok = noun == "risk";
  if (std::any_of(known.begin(), known.end(), [&](const std::string& k) {
        return !ValidId(k, upper_ok) && SuggestId(k) == id;
      })) {
    return;
  }
  auto [it, fresh] = dangling_.try_emplace({std::string(noun), id});
  it->second.places.push_back(e.At(key));
  if (!fresh) return;
  // An invalid id is reported where it is defined; suggesting it here would
  // lead the user to copy it.
  std::vector<std::string> valid;
  std::copy_if(known.begin(), known.end(), std::back_inserter(valid),
               [upper_ok](const std::string& k) { return ValidId(k, upper_ok); });
  std::string hint = ReferenceHint(id, noun, valid);
  if (hint.rfind("did you mean", 0) != 0) {
    // Meant for an element whose own id is invalid: name the id it should
    // have, so both places end up the same.
    std::vector<std::string> invalid;
    std::copy_if(known.begin(), known.end(), std::back_inserter(invalid),
                 [upper_ok](const std::string& k) { return !ValidId(k, upper_ok); });
    auto close = ClosestMatch(id, invalid);
    std::string fixed = close ? SuggestId(*close) : "";
    if (!fixed.empty()) {
      hint = fmt::format("did you mean `{}`? (the {} id `{}` is invalid; write it `{}` there too)",
                         fixed, noun, *close, fixed);
    } else if (!invalid.empty()) {
      hint += fmt::format("{}`{}`{} not a valid id (see its own error)", hint.empty() ? "" : "; ",
                          invalid.front(),
                          invalid.size() > 1 ? fmt::format(" and {} more are", invalid.size() - 1)
                                             : std::string(" is"));
    }
  }
  // People write the name they read in the document; point at its id.
  auto named = names_.find(ToLower(Trim(id)));
  if (named != names_.end() && named->second.first == noun &&
      ValidId(named->second.second, upper_ok)) {
    const std::string& named_id = named->second.second;
    if (std::count(known.begin(), known.end(), named_id) > 1) {
      // Its id was copied from another element's: the reference is
      // probably right and the copied id wrong.
      hint = fmt::format(
          "the {} named \"{}\" has the id `{}`, which another {} has too (see "
          "that error); give it its own id",
          noun, id, named_id, noun);
      if (ValidId(id, upper_ok)) hint += fmt::format(", such as `{}`", id);
    } else {
      hint = fmt::format("`{}` is the name of {} `{}`; refer to it by its id", id, noun, named_id);
    }
  }
  if (hint.rfind("did you mean", 0) != 0 && named == names_.end()) {
    hint = AddElementHint(id, noun, upper_ok, std::move(hint));
  }
  it->second.hint = std::move(hint);
  it->second.order = dangling_.size();
}

void Checker::ReportDangling() {
  std::vector<const std::pair<const std::pair<std::string, std::string>, Dangling>*> all;
  for (const auto& entry : dangling_) all.push_back(&entry);
  std::sort(all.begin(), all.end(),
            [](const auto* a, const auto* b) { return a->second.order < b->second.order; });
  for (const auto* entry : all) {
    const auto& [noun, id] = entry->first;
    const Dangling& d = entry->second;
    // One error for a slip repeated in many places, at the first of them.
    std::string message = fmt::format("unknown {} `{}`", noun, id);
    if (d.places.size() > 1) message += " " + AlsoAt(d.places);
    d_.Error(d.places.front(), std::move(message), d.hint);
  }
}

void Checker::RefList(const Element& e, std::string_view key, const std::vector<std::string>& ids,
                      std::string_view noun, const std::vector<std::string>& known) {
  for (size_t i = 0; i < ids.size(); ++i) {
    Ref(e, fmt::format("{}[{}]", key, i), ids[i], noun, known);
  }
}

void Checker::CheckFormatAndOrganisation() {
  if (s_.format != kFormatVersion) {
    d_.Error(s_.At("format"),
             fmt::format("unsupported format version {}; this barometer reads format {}", s_.format,
                         kFormatVersion),
             fmt::format("write format = {}", kFormatVersion));
  }
  const Organisation& o = s_.organisation;
  if (ToLower(o.ods_code) == "unknown") {
    d_.Warning(o.At("ods_code"), "the organisation's ODS code is \"unknown\"",
               "fill it in from the NHS ODS portal when it is known");
  }
  if (o.financial_year_start_month &&
      (*o.financial_year_start_month < 1 || *o.financial_year_start_month > 12)) {
    d_.Error(o.At("financial_year_start_month"),
             fmt::format("financial_year_start_month {} is not a month (1-12)",
                         *o.financial_year_start_month));
  }
  const StrategyPeriod& p = o.period;
  bool read = p.where_of.count("start") && p.where_of.count("end");
  if (read && !(p.start < p.end)) {
    d_.Error(p.At("end"), fmt::format("the strategy period ends ({}) before it starts ({})",
                                      p.end.ToString(), p.start.ToString()));
  }
}

void Checker::CheckIds() {
  // Kinds whose ids share one namespace, because data files and cascade
  // links name them without saying their kind.
  std::map<std::string, std::pair<std::string, SourceLocation>> global;
  auto check = [&](const auto& items, std::string_view noun, bool shared, bool upper_ok) {
    std::map<std::string, SourceLocation> seen;
    for (const auto& item : items) {
      if (item.id.empty()) continue;
      const SourceLocation& at = item.At("id");
      if (!ValidId(item.id, upper_ok)) {
        std::string suggestion = SuggestId(item.id);
        d_.Error(at,
                 fmt::format("invalid {} id `{}`: ids are 1-64 {}letters, digits, `_` or `-`, "
                             "starting with a letter",
                             noun, item.id, upper_ok ? "" : "lower-case "),
                 suggestion.empty() ? "" : fmt::format("try `{}`", suggestion));
      }
      auto [it, fresh] = seen.emplace(item.id, at);
      if (!fresh) {
        d_.Error(at, fmt::format("duplicate {} id `{}`; the first is{}", noun, item.id,
                                 LineText(it->second).empty() ? " elsewhere in the file"
                                                              : LineText(it->second)));
        continue;
      }
      if (!shared) continue;
      auto [g, gfresh] = global.emplace(item.id, std::pair{std::string(noun), at});
      if (!gfresh) {
        d_.Error(at,
                 fmt::format("id `{}` of this {} is already used by the {}{}", item.id, noun,
                             g->second.first, LineText(g->second.second)),
                 "objective, measure, unit, programme and strategy ids must be unique across "
                 "the file");
      }
    }
  };
  check(s_.values, "value", false, false);
  check(s_.committees, "committee", false, false);
  check(s_.roles, "role", false, false);
  check(s_.peer_groups, "peer group", false, false);
  check(s_.priorities, "priority", false, false);
  check(s_.strategic_ambitions, "strategic ambition", false, false);
  check(s_.objectives, "objective", true, false);
  check(s_.measures, "measure", true, false);
  check(s_.segments, "segment", false, false);
  check(s_.programmes, "programme", true, false);
  check(s_.enabling_strategies, "enabling strategy", true, false);
  check(s_.units, "unit", true, false);
  for (const Unit& u : s_.units) check(u.objectives, "unit objective", true, false);
  check(s_.individual_objectives, "individual objective", true, false);
  check(s_.risks, "risk", false, true);
}

void Checker::CheckPriorities() {
  for (const Priority& p : s_.priorities) {
    Ref(p, "committee", p.committee, "committee", committees_);
    Ref(p, "lead", p.lead, "role", roles_);
    Ref(p, "headline_measure", p.headline_measure, "measure", measures_);
  }
  for (const Committee& c : s_.committees) Ref(c, "chair", c.chair, "role", roles_);
  for (const PeerGroup& g : s_.peer_groups) {
    if (g.size && *g.size < 1) {
      d_.Error(g.At("size"), fmt::format("peer group size {} must be at least 1", *g.size));
    }
    std::set<std::string> seen;
    for (const std::string& code : g.members) {
      bool ods = code.size() >= 3 && code.size() <= 6;
      for (char c : code)
        ods = ods && (std::isupper(static_cast<unsigned char>(c)) ||
                      std::isdigit(static_cast<unsigned char>(c)));
      if (!ods) {
        d_.Error(g.At("members"),
                 fmt::format("peer group `{}`: `{}` is not an ODS code (3 to 6 capital letters "
                             "and digits, e.g. REM)",
                             g.id, code));
      } else if (!seen.insert(code).second) {
        d_.Error(g.At("members"), fmt::format("peer group `{}`: {} is listed twice", g.id, code));
      }
    }
  }
}

void Checker::CheckObjectives() {
  for (const Objective& o : s_.objectives) {
    Ref(o, "priority", o.priority, "priority", priorities_);
    Ref(o, "committee", o.committee, "committee", committees_);
    if (o.owner == kUnnamed) {
      d_.Warning(o.At("owner"), fmt::format("objective `{}` has no named owner", o.id),
                 "replace \"unnamed\" with a role id once the owner is known");
    } else {
      Ref(o, "owner", o.owner, "role", roles_);
    }
    if (!o.year.empty()) {
      auto p = Period::Parse(o.year);
      if (!p || p->kind != PeriodKind::kFinancialYear) {
        std::string fixed = o.year;
        std::replace(fixed.begin(), fixed.end(), '/', '-');
        auto f = Period::Parse(fixed);
        d_.Error(o.At("year"), fmt::format("objective year `{}` is not a financial year", o.year),
                 f && f->kind == PeriodKind::kFinancialYear
                     ? fmt::format("write \"{}\"", fixed)
                     : std::string("write it like \"2023-24\""));
      } else if (PeriodKnown() && !YearOf(s_, p->start)) {
        d_.Warning(o.At("year"), fmt::format("objective year {} is outside the strategy period {}",
                                             o.year, PeriodText()));
      }
    }
    // A second objective with the same id has its own error; which one a
    // measure names is unknowable, so "no measure" is said once.
    bool first = FindObjective(s_, o.id) == &o;
    if (!o.id.empty() && first && MeasuresOf(s_, o.id).empty()) {
      d_.Warning(o.where, fmt::format("objective `{}` has no measure", o.id),
                 fmt::format("add a [[measures]] table with objective = \"{}\"", o.id));
    }
  }
}

void Checker::CheckProgrammes() {
  for (const Programme& p : s_.programmes) {
    RefList(p, "priorities", p.priorities, "priority", priorities_);
    Ref(p, "lead", p.lead, "role", roles_);
  }
  for (const StrategicAmbition& a : s_.strategic_ambitions) {
    RefList(a, "priorities", a.priorities, "priority", priorities_);
  }
  for (const EnablingStrategy& e : s_.enabling_strategies) {
    RefList(e, "priorities", e.priorities, "priority", priorities_);
    Ref(e, "lead", e.lead, "role", roles_);
  }
}

void Checker::CheckCascade() {
  std::vector<std::string> servable = objectives_;
  servable.insert(servable.end(), unit_objectives_.begin(), unit_objectives_.end());
  for (const Unit& u : s_.units) {
    Ref(u, "parent", u.parent, "unit", units_);
    // Walk up the parents; coming back to `u` means a loop.
    std::set<std::string> seen{u.id};
    for (const Unit* p = FindUnit(s_, u.parent); p != nullptr; p = FindUnit(s_, p->parent)) {
      if (!seen.insert(p->id).second) {
        if (p->id == u.id) {
          d_.Error(u.At("parent"), fmt::format("unit `{}` is its own ancestor", u.id),
                   "a unit's parent chain must end at a unit with no parent");
        }
        break;
      }
    }
    for (const UnitObjective& o : u.objectives) {
      for (size_t i = 0; i < o.serves.size(); ++i) {
        std::string key = fmt::format("serves[{}]", i);
        if (o.serves[i] == o.id) {
          d_.Error(o.At(key), fmt::format("unit objective `{}` serves itself", o.id));
        } else {
          Ref(o, key, o.serves[i], "objective", servable);
        }
      }
      RefList(o, "measures", o.measures, "measure", measures_);
    }
  }
  for (const IndividualObjective& o : s_.individual_objectives) {
    Ref(o, "unit", o.unit, "unit", units_);
    RefList(o, "serves", o.serves, "objective", servable);
  }
}

void Checker::CheckRiskScore(const RiskScore& r, std::string_view which, const Risk& risk) {
  // A model read from TOML records where each key was; a missing score was
  // reported already, so only scores that were written are checked.
  bool from_toml = !risk.where_of.empty();
  if (from_toml && !risk.where_of.count(which)) return;
  for (auto [key, v] :
       {std::pair{"likelihood", r.likelihood}, std::pair{"consequence", r.consequence}}) {
    if (from_toml && !r.where_of.count(key)) continue;
    if (v < 1 || v > 5) {
      d_.Error(r.At(key), fmt::format("{} {} of risk `{}` is {}; scores run from 1 to 5", which,
                                      key, risk.id, v));
    }
  }
}

void Checker::CheckRisks() {
  for (const Risk& r : s_.risks) {
    RefList(r, "objectives", r.objectives, "objective", objectives_);
    Ref(r, "owner", r.owner, "role", roles_);
    Ref(r, "committee", r.committee, "committee", committees_);
    CheckRiskScore(r.inherent, "inherent", r);
    CheckRiskScore(r.current, "current", r);
    CheckRiskScore(r.target, "target", r);
    if (r.previous) CheckRiskScore(*r.previous, "previous", r);
    for (const RiskAction& a : r.actions) Ref(a, "owner", a.owner, "role", roles_);
    if (r.reviewed && r.next_review && *r.next_review < *r.reviewed) {
      d_.Warning(r.At("next_review"),
                 fmt::format("next_review {} of risk `{}` is before it was reviewed ({})",
                             r.next_review->ToString(), r.id, r.reviewed->ToString()));
    }
    if (r.appetite && !r.appetite_score) {
      d_.Warning(r.At("appetite"),
                 fmt::format("risk `{}` has an appetite but no appetite_score: the BAF cannot "
                             "check its current score against it",
                             r.id),
                 "add appetite_score = N (the highest score the appetite tolerates, 1-25)");
    }
    auto valid = [](const RiskScore& x) {
      return x.likelihood >= 1 && x.likelihood <= 5 && x.consequence >= 1 && x.consequence <= 5;
    };
    if (!valid(r.inherent) || !valid(r.current) || !valid(r.target)) continue;
    if (r.target.Score() > r.current.Score()) {
      d_.Warning(r.At("target"),
                 fmt::format("target score {} of risk `{}` is above its current score {}",
                             r.target.Score(), r.id, r.current.Score()));
    }
    if (r.current.Score() > r.inherent.Score()) {
      d_.Warning(r.At("current"),
                 fmt::format("current score {} of risk `{}` is above its inherent score {}",
                             r.current.Score(), r.id, r.inherent.Score()));
    }
  }
  for (const Risk& r : s_.risks) {
    if (r.appetite_score && (*r.appetite_score < 1 || *r.appetite_score > 25)) {
      d_.Error(r.At("appetite_score"),
               fmt::format("appetite_score {} of risk `{}` is outside 1-25 (likelihood x "
                           "consequence)",
                           *r.appetite_score, r.id));
    }
  }
}

void Checker::CheckTodos() {
  ForEachElement(s_, [this](const Element& e) {
    for (size_t i = 0; i < e.todo.size(); ++i) {
      const SourceLocation& at = e.todo.size() == 1 && !e.where_of.count("todo[0]")
                                     ? e.At("todo")
                                     : e.At(fmt::format("todo[{}]", i));
      d_.Warning(at, fmt::format("todo: {}", e.todo[i]));
    }
  });
}

}  // namespace internal
}  // namespace barometer::strategy
