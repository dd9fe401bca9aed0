// strategy/internal/fields.h — the one list of every table's keys.
//
// VisitFields(v, element) calls `v(key, member, flags)` for each key of a
// table in file order. The TOML reader, the JSON writer and reader and the
// element walker are all visitors, so a key added here is read, written and
// round-tripped everywhere at once.
#pragma once

#include "strategy/strategy.h"

namespace barometer::strategy {

enum FieldFlags : unsigned {
  kOptional = 0,
  kRequired = 1u,      // must be present (strings and lists non-empty)
  kStringOrList = 2u,  // a list of strings may also be written as one string
};

template <typename V>
void VisitTodo(V& v, Element& e) {
  v("todo", e.todo, kStringOrList);
}

template <typename V>
void VisitFields(V& v, StrategyPeriod& p) {
  v("start", p.start, kRequired);
  v("end", p.end, kRequired);
  VisitTodo(v, p);
}

template <typename V>
void VisitFields(V& v, Organisation& o) {
  v("name", o.name, kRequired);
  v("short_name", o.short_name);
  v("ods_code", o.ods_code);
  v("kind", o.kind, kRequired);
  v("strategy", o.strategy, kRequired);
  v("vision", o.vision);
  v("mission", o.mission);
  v("ambition", o.ambition);
  v("source", o.source, kStringOrList);
  v("aligned_with", o.aligned_with);
  v("development", o.development);
  v("approved", o.approved);
  v("financial_year_start_month", o.financial_year_start_month);
  v("period", o.period, kRequired);
  VisitTodo(v, o);
}

template <typename V>
void VisitFields(V& v, OrganisationValue& x) {
  v("id", x.id, kRequired);
  v("name", x.name, kRequired);
  v("description", x.description);
  v("behaviours", x.behaviours);
  VisitTodo(v, x);
}

template <typename V>
void VisitFields(V& v, Reporting& r) {
  v("audience", r.audience, kRequired);
  v("cadence", r.cadence, kRequired);
  v("what", r.what);
  VisitTodo(v, r);
}

template <typename V>
void VisitFields(V& v, Committee& c) {
  v("id", c.id, kRequired);
  v("name", c.name, kRequired);
  v("remit", c.remit);
  v("chair", c.chair);
  VisitTodo(v, c);
}

template <typename V>
void VisitFields(V& v, Role& r) {
  v("id", r.id, kRequired);
  v("title", r.title, kRequired);
  v("person", r.person);
  v("kind", r.kind);
  VisitTodo(v, r);
}

template <typename V>
void VisitFields(V& v, PeerGroup& g) {
  v("id", g.id, kRequired);
  v("name", g.name, kRequired);
  v("description", g.description);
  v("size", g.size);
  v("members", g.members);
  v("members_file", g.members_file);
  v("region", g.region);
  v("trust_type", g.trust_type);
  VisitTodo(v, g);
}

template <typename V>
void VisitFields(V& v, Priority& p) {
  v("id", p.id, kRequired);
  v("name", p.name, kRequired);
  v("statement", p.statement);
  v("ambition", p.ambition);
  v("committee", p.committee);
  v("lead", p.lead);
  v("headline_measure", p.headline_measure);
  v("actions", p.actions);
  v("order", p.order);
  VisitTodo(v, p);
}

template <typename V>
void VisitFields(V& v, StrategicAmbition& a) {
  v("id", a.id, kRequired);
  v("name", a.name, kRequired);
  v("description", a.description);
  v("actions", a.actions);
  v("priorities", a.priorities);
  VisitTodo(v, a);
}

template <typename V>
void VisitFields(V& v, Objective& o) {
  v("id", o.id, kRequired);
  v("priority", o.priority, kRequired);
  v("name", o.name, kRequired);
  v("theme", o.theme);
  v("owner", o.owner);
  v("committee", o.committee);
  v("actions", o.actions);
  v("year", o.year);
  VisitTodo(v, o);
}

// Baseline is either a string or a table; visitors handle it whole, and use
// this for the table form's keys.
template <typename V>
void VisitFields(V& v, Baseline& b) {
  v("value", b.value, kRequired);
  v("period", b.period);
  v("note", b.note);
  VisitTodo(v, b);
}

template <typename V>
void VisitFields(V& v, SpcSettings& s) {
  v("rebase", s.rebase);
  v("baseline_points", s.baseline_points);
  v("shift_length", s.shift_length);
  v("trend_length", s.trend_length);
  VisitTodo(v, s);
}

template <typename V>
void VisitFields(V& v, SourceBinding& b) {
  v("publication", b.publication, kRequired);
  v("series", b.series, kRequired);
  v("org", b.org);
  v("predecessors", b.predecessors);
  v("peers", b.peers);
  v("name", b.name);
  v("sex", b.sex);
  v("age", b.age);
  VisitTodo(v, b);
}

template <typename V>
void VisitFields(V& v, Target& t) {
  v("year", t.year);
  v("by", t.by);
  v("kind", t.kind, kRequired);
  v("value", t.value);
  v("op", t.op);
  v("change", t.change);
  v("change_unit", t.change_unit);
  v("quartile", t.quartile);
  v("rank", t.rank);
  v("peer_group", t.peer_group);
  v("count", t.count);
  v("must_include", t.must_include);
  v("significant", t.significant);
  v("due", t.due);
  v("text", t.text);
  VisitTodo(v, t);
}

template <typename V>
void VisitFields(V& v, PopulationSource& p) {
  v("indicator", p.indicator, kRequired);
  v("breakdown", p.breakdown);
  v("group", p.group);
  v("area", p.area);
  v("comparator", p.comparator);
  v("periods", p.periods);
  VisitTodo(v, p);
}

template <typename V>
void VisitFields(V& v, Measure& m) {
  v("id", m.id, kRequired);
  v("objective", m.objective);
  v("priority", m.priority);
  v("also_objectives", m.also_objectives);
  v("name", m.name, kRequired);
  v("definition", m.definition);
  v("unit", m.unit, kRequired);
  v("per", m.per);
  v("range", m.range);
  v("decimals", m.decimals);
  v("direction", m.direction, kRequired);
  v("frequency", m.frequency, kRequired);
  MeasureSourceKey source{m.source, m.binding};
  v("source", source);
  v("baseline", m.baseline);
  v("peer_group", m.peer_group);
  v("components", m.components);
  v("spc", m.spc);
  v("outcome", m.outcome);
  v("indicator", m.indicator);
  v("population", m.population);
  VisitTodo(v, m);
  v("targets", m.targets);
}

template <typename V>
void VisitFields(V& v, Segment& s) {
  v("id", s.id, kRequired);
  v("name", s.name, kRequired);
  v("description", s.description);
  v("order", s.order);
  VisitTodo(v, s);
}

template <typename V>
void VisitProgrammeFields(V& v, Programme& p) {
  v("id", p.id, kRequired);
  v("name", p.name, kRequired);
  v("description", p.description);
  v("priorities", p.priorities, kRequired);
  v("lead", p.lead);
}

template <typename V>
void VisitFields(V& v, Programme& p) {
  VisitProgrammeFields(v, p);
  VisitTodo(v, p);
}

template <typename V>
void VisitFields(V& v, EnablingStrategy& e) {
  VisitProgrammeFields(v, e);
  v("kind", e.kind);
  VisitTodo(v, e);
}

template <typename V>
void VisitFields(V& v, Cascade& c) {
  v("levels", c.levels);
  v("note", c.note);
  VisitTodo(v, c);
}

template <typename V>
void VisitFields(V& v, UnitObjective& o) {
  v("id", o.id, kRequired);
  v("name", o.name, kRequired);
  v("serves", o.serves, kRequired);
  v("owner", o.owner);
  v("measures", o.measures);
  v("due", o.due);
  VisitTodo(v, o);
}

template <typename V>
void VisitFields(V& v, Unit& u) {
  v("id", u.id, kRequired);
  v("name", u.name, kRequired);
  v("level", u.level, kRequired);
  v("parent", u.parent);
  v("lead", u.lead);
  VisitTodo(v, u);
  v("objectives", u.objectives);
}

template <typename V>
void VisitFields(V& v, IndividualObjective& o) {
  v("id", o.id, kRequired);
  v("unit", o.unit);
  v("holder", o.holder);
  v("name", o.name, kRequired);
  v("serves", o.serves, kRequired);
  VisitTodo(v, o);
}

template <typename V>
void VisitFields(V& v, RiskScore& r) {
  v("likelihood", r.likelihood, kRequired);
  v("consequence", r.consequence, kRequired);
  VisitTodo(v, r);
}

template <typename V>
void VisitFields(V& v, RiskAction& a) {
  v("text", a.text, kRequired);
  v("owner", a.owner, kRequired);
  v("due", a.due, kRequired);
  VisitTodo(v, a);
}

template <typename V>
void VisitFields(V& v, Risk& r) {
  v("id", r.id, kRequired);
  v("title", r.title, kRequired);
  v("description", r.description);
  v("objectives", r.objectives, kRequired);
  v("owner", r.owner, kRequired);
  v("committee", r.committee, kRequired);
  v("inherent", r.inherent, kRequired);
  v("current", r.current, kRequired);
  v("target", r.target, kRequired);
  v("appetite", r.appetite);
  v("appetite_score", r.appetite_score);
  v("controls", r.controls);
  v("assurances", r.assurances);
  v("gaps", r.gaps);
  v("reviewed", r.reviewed);
  v("target_date", r.target_date);
  v("previous", r.previous);
  v("assurances_first_line", r.assurances_first_line);
  v("assurances_second_line", r.assurances_second_line);
  v("assurances_third_line", r.assurances_third_line);
  v("gaps_in_control", r.gaps_in_control);
  v("gaps_in_assurance", r.gaps_in_assurance);
  v("actions", r.actions);
  v("next_review", r.next_review);
  VisitTodo(v, r);
}

template <typename V>
void VisitFields(V& v, Strategy& s) {
  v("format", s.format, kRequired);
  v("organisation", s.organisation, kRequired);
  VisitTodo(v, s);
  v("values", s.values);
  v("reporting", s.reporting);
  v("committees", s.committees);
  v("roles", s.roles);
  v("peer_groups", s.peer_groups);
  v("priorities", s.priorities, kRequired);
  v("strategic_ambitions", s.strategic_ambitions);
  v("objectives", s.objectives);
  v("measures", s.measures);
  v("segments", s.segments);
  v("programmes", s.programmes);
  v("enabling_strategies", s.enabling_strategies);
  v("cascade", s.cascade);
  v("units", s.units);
  v("individual_objectives", s.individual_objectives);
  v("risks", s.risks);
}

}  // namespace barometer::strategy
