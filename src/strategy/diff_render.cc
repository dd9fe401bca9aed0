// Text and JSON output of a strategy diff.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "strategy/diff.h"

namespace barometer::strategy {
namespace {

char Marker(ChangeKind k) {
  switch (k) {
    case ChangeKind::kAdded:
      return '+';
    case ChangeKind::kRemoved:
      return '-';
    default:
      return '~';
  }
}

std::string GroupTitle(const Strategy& before, const Strategy& after, const Change& c) {
  switch (c.element) {
    case DiffElement::kStrategy:
      return "Strategy";
    case DiffElement::kValue:
      return "Values";
    case DiffElement::kReporting:
      return "Reporting";
    case DiffElement::kCommittee:
      return "Committees";
    case DiffElement::kRole:
      return "Roles";
    case DiffElement::kPeerGroup:
      return "Peer groups";
    case DiffElement::kAmbition:
      return "Strategic ambitions";
    case DiffElement::kSegment:
      return "Population segments";
    case DiffElement::kProgramme:
      return "Programmes";
    case DiffElement::kEnablingStrategy:
      return "Enabling strategies";
    case DiffElement::kUnit:
    case DiffElement::kUnitObjective:
    case DiffElement::kIndividualObjective:
      return "Cascade (golden thread)";
    case DiffElement::kRisk:
      return "Risks";
    default:
      break;
  }
  if (const Priority* p = FindPriority(after, c.priority)) {
    return fmt::format("Priority: {} [{}]", p->name, p->id);
  }
  if (const Priority* p = FindPriority(before, c.priority)) {
    return fmt::format("Priority (removed): {} [{}]", p->name, p->id);
  }
  return c.priority.empty() ? "Outside any priority" : fmt::format("Priority [{}]", c.priority);
}

// "objective `a`", or "objective `a` → `b`" when the id changed.
std::string Subject(const Change& c) {
  DiffElement e = c.element == DiffElement::kTarget ? DiffElement::kMeasure : c.element;
  std::string ids = c.old_id.empty() ? c.new_id : c.new_id.empty() ? c.old_id : c.old_id;
  std::string s = fmt::format("{} `{}`", DiffElementName(e), ids);
  if (!c.old_id.empty() && !c.new_id.empty() && c.old_id != c.new_id) {
    s += fmt::format(" → `{}`", c.new_id);
  }
  return s;
}

// "old → new" on one line when short, else "was"/"now" lines.
std::string BeforeAfter(const std::string& before, const std::string& after, bool quote) {
  std::string b = quote ? "\"" + before + "\"" : before;
  std::string a = quote ? "\"" + after + "\"" : after;
  if (before.empty()) b = "(none)";
  if (after.empty()) a = "(none)";
  if (b.size() + a.size() <= 80) return fmt::format(" {} → {}\n", b, a);
  return fmt::format("\n      was {}\n      now {}\n", b, a);
}

// "+ "text"" or "- "text"": one item a list field gained or lost.
std::string Item(const Change& c) {
  return c.before.empty() ? fmt::format(" + \"{}\"\n", c.after)
                          : fmt::format(" - \"{}\"\n", c.before);
}

std::string Line(const Change& c) {
  std::string out = fmt::format("  {} {}", Marker(c.kind), Subject(c));
  if (c.element == DiffElement::kStrategy) {
    if (c.item) return fmt::format("  ~ {}:{}", c.field, Item(c));
    return fmt::format("  ~ {}:{}", c.field, BeforeAfter(c.before, c.after, false));
  }
  if (c.element == DiffElement::kTarget) {
    out += fmt::format(" target {}", c.field);
    if (c.kind == ChangeKind::kAdded) return out + ": " + c.after + "\n";
    if (c.kind == ChangeKind::kRemoved) return out + ": " + c.before + "\n";
    return out + ":" + BeforeAfter(c.before, c.after, false);
  }
  switch (c.kind) {
    // An element matched by its words (a reporting line by its audience)
    // is named once.
    case ChangeKind::kAdded:
      return out + (c.after == c.new_id ? "\n" : fmt::format(": \"{}\"\n", c.after));
    case ChangeKind::kRemoved:
      return out + (c.before == c.old_id ? "\n" : fmt::format(": \"{}\"\n", c.before));
    case ChangeKind::kReworded:
      if (c.by_wording) {
        out += fmt::format(" (ids differ; matched by wording, {:.0f}% of content words shared)",
                           100 * c.similarity);
      }
      return out + " reworded:" + BeforeAfter(c.before, c.after, true);
    case ChangeKind::kMoved:
      return out + fmt::format(" moved from {} to {}\n", c.before, c.after);
    case ChangeKind::kChanged:
      if (c.item) return out + fmt::format(" {}:", c.field) + Item(c);
      return out + fmt::format(" {}:", c.field) + BeforeAfter(c.before, c.after, false);
  }
  return out + "\n";
}

}  // namespace

std::string RenderDiff(const StrategyDiff& d, const Strategy& before, const Strategy& after,
                       std::string_view old_name, std::string_view new_name) {
  std::string out = fmt::format("--- {}\n+++ {}\n", old_name, new_name);
  if (d.empty()) return out + "No differences.\n";
  std::string title;
  for (const Change& c : d.changes) {
    std::string t = GroupTitle(before, after, c);
    if (t != title) out += "\n" + t + "\n", title = t;
    out += Line(c);
  }
  out += fmt::format("\n{} added, {} removed, {} reworded, {} moved, {} changed\n",
                     d.Count(ChangeKind::kAdded), d.Count(ChangeKind::kRemoved),
                     d.Count(ChangeKind::kReworded), d.Count(ChangeKind::kMoved),
                     d.Count(ChangeKind::kChanged));
  return out;
}

std::string DiffToJson(const StrategyDiff& d, std::string_view old_name,
                       std::string_view new_name) {
  using Json = nlohmann::ordered_json;
  Json changes = Json::array();
  for (const Change& c : d.changes) {
    Json j;
    j["change"] = ChangeKindName(c.kind);
    j["element"] = DiffElementName(c.element);
    if (!c.old_id.empty()) j["old_id"] = c.old_id;
    if (!c.new_id.empty()) j["new_id"] = c.new_id;
    if (!c.priority.empty()) j["priority"] = c.priority;
    if (!c.field.empty()) j["field"] = c.field;
    if (!c.before.empty()) j["before"] = c.before;
    if (!c.after.empty()) j["after"] = c.after;
    if (c.by_wording) j["similarity"] = c.similarity;
    if (c.item) j["item"] = c.before.empty() ? "added" : "removed";
    if (c.old_where.line > 0) j["old_where"] = c.old_where.ToString();
    if (c.new_where.line > 0) j["new_where"] = c.new_where.ToString();
    changes.push_back(std::move(j));
  }
  Json summary;
  for (ChangeKind k : {ChangeKind::kAdded, ChangeKind::kRemoved, ChangeKind::kReworded,
                       ChangeKind::kMoved, ChangeKind::kChanged}) {
    summary[std::string(ChangeKindName(k))] = d.Count(k);
  }
  Json out;
  out["old"] = old_name;
  out["new"] = new_name;
  out["changes"] = std::move(changes);
  out["summary"] = std::move(summary);
  return out.dump(2) + "\n";
}

}  // namespace barometer::strategy
