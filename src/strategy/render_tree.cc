// `barometer show`: the strategy as a tree.
#include <algorithm>

#include <fmt/format.h>

#include "strategy/internal/describe.h"
#include "strategy/render.h"

namespace barometer::strategy {
namespace {

using internal::CommitteeName;
using internal::RoleName;

// A node of the printed tree: its own lines (the first is the label) and its
// children.
struct Node {
  std::vector<std::string> lines;
  std::vector<Node> children;
};

void Draw(const Node& n, const std::string& prefix, bool last, std::string& out) {
  const char* branch = last ? "└─ " : "├─ ";
  const char* stem = last ? "   " : "│  ";
  for (size_t i = 0; i < n.lines.size(); ++i) {
    out += prefix + (i == 0 ? branch : stem) + n.lines[i] + "\n";
  }
  for (size_t i = 0; i < n.children.size(); ++i) {
    Draw(n.children[i], prefix + stem, i + 1 == n.children.size(), out);
  }
}

// A titled section: "Title" then its children as a tree.
void Section(const std::string& title, const std::vector<Node>& children, std::string& out) {
  if (children.empty()) return;
  out += "\n" + title + "\n";
  for (size_t i = 0; i < children.size(); ++i) Draw(children[i], "", i + 1 == children.size(), out);
}

// "a · b · c" of the non-empty parts.
std::string Join(const std::vector<std::string>& parts, std::string_view sep = " · ") {
  std::string out;
  for (const std::string& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

std::string Labelled(std::string_view label, const std::string& value) {
  return value.empty() ? std::string() : fmt::format("{}: {}", label, value);
}

std::string Header(const Strategy& s) {
  const Organisation& o = s.organisation;
  std::string out = o.name;
  std::string ids = Join({o.short_name, o.ods_code.empty() ? "" : "ODS " + o.ods_code,
                          o.kind ? internal::Humanise(EnumName(*o.kind)) : ""});
  if (!ids.empty()) out += " (" + ids + ")";
  out += "\n";
  std::vector<std::string> years;
  for (int y = 1; y <= StrategyYearCount(s) && y <= 50; ++y) {
    years.push_back(fmt::format("Year {} {}", y, StrategyYear(s, y).ToString()));
  }
  out +=
      fmt::format("{}, {} to {}\n", o.strategy, o.period.start.ToString(), o.period.end.ToString());
  if (!years.empty()) out += "  " + Join(years, ", ") + "\n";
  for (auto [label, text] : {std::pair{"Vision", &o.vision}, std::pair{"Mission", &o.mission},
                             std::pair{"Ambition", &o.ambition}}) {
    if (!text->empty()) out += fmt::format("{}: {}\n", label, *text);
  }
  std::vector<std::string> values;
  for (const OrganisationValue& v : s.values) values.push_back(v.name);
  if (!values.empty()) out += "Values: " + Join(values) + "\n";
  for (const Reporting& r : s.reporting) {
    out += fmt::format("Reporting: {}{}{}\n", r.audience,
                       r.cadence ? ", " + internal::Humanise(EnumName(*r.cadence)) : "",
                       r.what.empty() ? "" : " (" + r.what + ")");
  }
  return out;
}

Node MeasureNode(const Strategy& s, const Measure& m) {
  Node n;
  n.lines.push_back(fmt::format("Measure: {} [{}]", m.name, m.id));
  n.lines.push_back(Join(
      {internal::DescribeMeasureKind(m),
       m.baseline.kind == Baseline::Kind::kNone ? "" : "baseline " + internal::DescribeBaseline(m),
       Labelled("source", m.source)}));
  std::string peer = m.peer_group;
  if (const PeerGroup* g = FindPeerGroup(s, m.peer_group)) peer = g->name;
  std::string extra = Join(
      {Labelled("peer group", peer),
       m.outcome ? Labelled("outcome indicator", m.indicator.empty() ? m.id : m.indicator) : ""});
  if (!extra.empty()) n.lines.push_back(extra);
  for (const Target& t : m.targets) {
    std::string line =
        fmt::format("{}: {}", internal::DescribeWhen(s, t), internal::DescribeTarget(s, m, t));
    if (!t.text.empty()) line += " — " + t.text;
    n.children.push_back({{line}, {}});
  }
  return n;
}

Node ObjectiveNode(const Strategy& s, const Objective& o) {
  Node n;
  n.lines.push_back(fmt::format("Objective: {} [{}]", o.name, o.id));
  const Committee* c = EffectiveCommittee(s, o);
  n.lines.push_back(Join(
      {Labelled("theme", o.theme), Labelled("owner", o.owner.empty() ? "" : RoleName(s, o.owner)),
       Labelled("committee", c ? c->name : o.committee), Labelled("year", o.year)}));
  if (n.lines.back().empty()) n.lines.pop_back();
  for (const std::string& a : o.actions) n.children.push_back({{"Action: " + a}, {}});
  for (const Measure* m : MeasuresOf(s, o.id)) {
    if (m->objective == o.id) {
      n.children.push_back(MeasureNode(s, *m));
    } else {
      n.children.push_back(
          {{fmt::format("Measure: {} [{}] (under `{}`; also evidences this objective)", m->name,
                        m->id, m->objective)},
           {}});
    }
  }
  return n;
}

Node PriorityNode(const Strategy& s, const Priority& p) {
  Node n;
  n.lines.push_back(fmt::format("{} [{}]", p.name, p.id));
  std::string who = Join({Labelled("committee", CommitteeName(s, p.committee)),
                          Labelled("lead", p.lead.empty() ? "" : RoleName(s, p.lead))});
  if (!who.empty()) n.lines.push_back(who);
  if (!p.ambition.empty()) n.lines.push_back("Ambition: " + p.ambition);
  for (const std::string& a : p.actions) n.children.push_back({{"Action: " + a}, {}});
  for (const Measure& m : s.measures) {
    if (m.priority == p.id) n.children.push_back(MeasureNode(s, m));
  }
  if (!p.headline_measure.empty()) {
    const Measure* h = FindMeasure(s, p.headline_measure);
    n.lines.push_back(
        fmt::format("Headline measure: {} [{}]", h ? h->name : "?", p.headline_measure));
  }
  for (const Objective* o : ObjectivesOf(s, p.id)) n.children.push_back(ObjectiveNode(s, *o));
  return n;
}

std::string PriorityNames(const Strategy& s, const std::vector<std::string>& ids) {
  std::vector<std::string> names;
  for (const std::string& id : ids) {
    const Priority* p = FindPriority(s, id);
    names.push_back(p ? p->name : id);
  }
  return Join(names, ", ");
}

template <typename P>
Node ProgrammeNode(const Strategy& s, const P& p, std::string kind) {
  Node n;
  n.lines.push_back(fmt::format("{} [{}]{}", p.name, p.id, kind.empty() ? "" : " (" + kind + ")"));
  n.lines.push_back(Join({Labelled("serves", PriorityNames(s, p.priorities)),
                          Labelled("lead", p.lead.empty() ? "" : RoleName(s, p.lead))}));
  if (!p.description.empty()) n.lines.push_back(p.description);
  return n;
}

Node AmbitionNode(const Strategy& s, const StrategicAmbition& a) {
  Node n;
  n.lines.push_back(fmt::format("{} [{}]", a.name, a.id));
  if (!a.priorities.empty()) n.lines.push_back("serves: " + PriorityNames(s, a.priorities));
  if (!a.description.empty()) n.lines.push_back(a.description);
  for (const std::string& x : a.actions) n.children.push_back({{"Action: " + x}, {}});
  return n;
}

std::string ServedNames(const Strategy& s, const std::vector<std::string>& ids) {
  std::vector<std::string> names;
  for (const std::string& id : ids) {
    if (const Objective* o = FindObjective(s, id)) {
      names.push_back(fmt::format("{} [{}]", o->name, id));
    } else if (const UnitObjective* u = FindUnitObjective(s, id)) {
      names.push_back(fmt::format("{} [{}]", u->name, id));
    } else {
      names.push_back(id);
    }
  }
  return Join(names, "; ");
}

Node UnitNode(const Strategy& s, const Unit& u, int depth) {
  Node n;
  n.lines.push_back(fmt::format("{} [{}] ({})", u.name, u.id,
                                u.level ? internal::Humanise(EnumName(*u.level)) : "?"));
  if (!u.lead.empty()) n.lines.push_back("lead: " + RoleName(s, u.lead));
  for (const UnitObjective& o : u.objectives) {
    Node on{
        {fmt::format("Objective: {} [{}]", o.name, o.id), "serves: " + ServedNames(s, o.serves)},
        {}};
    std::string more = Join({Labelled("owner", o.owner.empty() ? "" : RoleName(s, o.owner)),
                             Labelled("measures", Join(o.measures, ", ")),
                             o.due ? "due " + o.due->ToString() : ""});
    if (!more.empty()) on.lines.push_back(more);
    n.children.push_back(std::move(on));
  }
  for (const IndividualObjective& i : s.individual_objectives) {
    if (i.unit != u.id) continue;
    n.children.push_back(
        {{fmt::format("Individual objective: {} [{}]", i.name, i.id),
          Join({Labelled("holder", RoleName(s, i.holder)), "serves: " + ServedNames(s, i.serves)})},
         {}});
  }
  // Children of this unit (depth guards against parent loops validation reports).
  for (const Unit& c : s.units) {
    if (c.parent == u.id && depth < 16) n.children.push_back(UnitNode(s, c, depth + 1));
  }
  return n;
}

std::vector<Node> CascadeNodes(const Strategy& s) {
  std::vector<Node> out;
  if (s.cascade && !s.cascade->levels.empty()) {
    out.push_back({{"Levels: " + Join(s.cascade->levels, " → ")}, {}});
  }
  if (s.cascade && !s.cascade->note.empty()) out.push_back({{s.cascade->note}, {}});
  for (const Unit& u : s.units) {
    if (u.parent.empty() || FindUnit(s, u.parent) == nullptr) out.push_back(UnitNode(s, u, 0));
  }
  for (const IndividualObjective& i : s.individual_objectives) {
    if (!i.unit.empty() && FindUnit(s, i.unit) != nullptr) continue;
    out.push_back({{fmt::format("Individual objective: {} [{}]", i.name, i.id),
                    "serves: " + ServedNames(s, i.serves)},
                   {}});
  }
  return out;
}

std::string Score(std::string_view label, const RiskScore& r) {
  return fmt::format("{} {} ({}×{})", label, r.Score(), r.likelihood, r.consequence);
}

Node RiskNode(const Strategy& s, const Risk& r) {
  Node n;
  n.lines.push_back(fmt::format("{} {}", r.id, r.title));
  n.lines.push_back(
      Join({Score("inherent", r.inherent), Score("current", r.current), Score("target", r.target)},
           " → "));
  std::string appetite = r.appetite ? std::string(EnumName(*r.appetite)) : "";
  if (r.appetite_score) appetite += fmt::format(" (score {})", *r.appetite_score);
  n.lines.push_back(Join({Labelled("appetite", appetite), Labelled("owner", RoleName(s, r.owner)),
                          Labelled("committee", CommitteeName(s, r.committee))}));
  n.lines.push_back("objectives at risk: " + Join(r.objectives, ", "));
  return n;
}

}  // namespace

std::string RenderTree(const Strategy& s) {
  std::string out = Header(s);
  std::vector<Node> nodes;
  for (const Priority* p : PrioritiesInOrder(s)) nodes.push_back(PriorityNode(s, *p));
  Section("Priorities", nodes, out);
  nodes.clear();
  for (const StrategicAmbition& a : s.strategic_ambitions) nodes.push_back(AmbitionNode(s, a));
  Section("Strategic ambitions", nodes, out);
  nodes.clear();
  for (const Committee& c : s.committees) {
    std::vector<std::string> monitors;
    for (const Priority& p : s.priorities) {
      if (p.committee == c.id) monitors.push_back(p.name);
    }
    nodes.push_back({{fmt::format("{} [{}]", c.name, c.id),
                      Join({Labelled("monitors", Join(monitors, ", ")),
                            Labelled("chair", c.chair.empty() ? "" : RoleName(s, c.chair))})},
                     {}});
    if (nodes.back().lines.back().empty()) nodes.back().lines.pop_back();
  }
  Section("Committees", nodes, out);
  nodes.clear();
  for (const Programme& p : s.programmes) nodes.push_back(ProgrammeNode(s, p, ""));
  Section("Programmes", nodes, out);
  nodes.clear();
  for (const EnablingStrategy& e : s.enabling_strategies) {
    nodes.push_back(ProgrammeNode(s, e, e.kind ? internal::Humanise(EnumName(*e.kind)) : ""));
  }
  Section("Enabling strategies", nodes, out);
  nodes.clear();
  std::vector<const Segment*> segments;
  for (const Segment& g : s.segments) segments.push_back(&g);
  std::stable_sort(segments.begin(), segments.end(), [](const Segment* a, const Segment* b) {
    return a->order.value_or(1 << 30) < b->order.value_or(1 << 30);
  });
  for (const Segment* g : segments) {
    nodes.push_back({{fmt::format("{} [{}]", g->name, g->id)}, {}});
    if (!g->description.empty()) nodes.back().lines.push_back(g->description);
  }
  Section("Population segments", nodes, out);
  Section("Cascade (golden thread)", CascadeNodes(s), out);
  nodes.clear();
  for (const Risk& r : s.risks) nodes.push_back(RiskNode(s, r));
  Section("Risks (Board Assurance Framework)", nodes, out);
  return out;
}

}  // namespace barometer::strategy
