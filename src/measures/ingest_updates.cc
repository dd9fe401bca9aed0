// Ingest of owners' updates, committees' assurance, delivery targets and
// process changes from Markdown (docs/measures-data.md, "Updates").
#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "core/number.h"
#include "core/text.h"
#include "measures/ingest.h"
#include "measures/internal/ingest_common.h"
#include "measures/record.h"

namespace barometer::measures {

using internal::ProblemList;

namespace {

// One line of the file, 1-based.
struct Line {
  std::string_view text;
  int number = 0;
};

// A `## ...` section: its heading and the lines up to the next one.
struct Section {
  std::string_view heading;
  int line = 0;
  std::vector<Line> body;
};

// What the file adds, with the line each came from.
struct Parsed {
  std::vector<std::pair<Update, int>> updates;
  std::vector<std::pair<CommitteeAssurance, int>> reports;
  std::vector<std::pair<StoredDeliveryTarget, int>> targets;
  std::vector<std::pair<ProcessChange, int>> changes;
};

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

std::string Join(const std::vector<std::string>& v) {
  return fmt::format("{}", fmt::join(v, ", "));
}

std::string TrimBlank(std::string s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// The checks every section shares, against the strategy and the store.
class Checker {
 public:
  Checker(const strategy::Strategy& s, Store& store, ProblemList& problems)
      : s_(s), store_(store), problems_(problems) {
    for (const strategy::Role& r : s.roles) roles_.push_back(r.id);
  }

  void Problem(int line, std::string reason) { problems_.Add(line, std::move(reason)); }

  std::optional<Date> CheckDate(std::string_view text, std::string_view what, int line) {
    std::optional<Date> d = Date::Parse(Trim(text));
    if (!d) {
      Problem(line, fmt::format("{} `{}` is not a real date; expected YYYY-MM-DD, e.g. 2024-03-31",
                                what, Trim(text)));
    }
    return d;
  }

  // A role id of the strategy, or `unnamed` where the document names no one.
  bool CheckRole(std::string_view role, std::string_view what, int line) {
    if (role == strategy::kUnnamed || strategy::FindRole(s_, role) != nullptr) return true;
    if (roles_.empty()) {
      Problem(line, fmt::format("{} `{}` is not one of the strategy's roles: the strategy names "
                                "none; write `unnamed`",
                                what, role));
    } else {
      std::string hint = DidYouMean(role, roles_);
      Problem(line, fmt::format("{} `{}` is not one of the strategy's roles ({}, or `unnamed`){}",
                                what, role, Join(roles_), hint.empty() ? "" : "; " + hint));
    }
    return false;
  }

  std::optional<AssuranceLevel> CheckLevel(std::string_view text, int line) {
    std::optional<AssuranceLevel> a = ParseAssuranceLevel(ToLower(Trim(text)));
    if (!a) {
      Problem(line, fmt::format("unknown assurance level `{}`; expected substantial, reasonable, "
                                "partial or limited",
                                Trim(text)));
    }
    return a;
  }

  std::optional<Period> CheckPeriod(std::string_view text, int line) {
    std::optional<Period> p = Period::Parse(text);
    if (!p) {
      Problem(line, text.empty() ? std::string("missing period after the id")
                                 : fmt::format("`{}` is not a period; expected e.g. 2023-24 Q3, "
                                               "2023-07, 2023-24 or 2023",
                                               text));
      return std::nullopt;
    }
    auto state = store_.GetPeriodState(*p);
    if (!state.ok()) {
      store_error_ = state.status();
    } else if (*state && (*state)->state == RecordState::kLocked) {
      Problem(line, fmt::format("{} is locked (the Board saw its record; locked {} by {}): its "
                                "updates cannot change; `barometer period reopen` it first",
                                p->ToString(), (*state)->changed_at, (*state)->changed_by));
      return std::nullopt;
    }
    return p;
  }

  bool CheckObjective(std::string_view id, int line) {
    if (strategy::FindObjective(s_, id) != nullptr) return true;
    std::vector<std::string> ids;
    for (const strategy::Objective& o : s_.objectives) ids.push_back(o.id);
    std::string hint = DidYouMean(id, ids);
    Problem(line, fmt::format("unknown objective `{}`{}", id,
                              hint.empty() ? "; the strategy does not define it" : "; " + hint));
    return false;
  }

  const strategy::Strategy& strategy() const { return s_; }
  const Status& store_error() const { return store_error_; }

 private:
  const strategy::Strategy& s_;
  Store& store_;
  ProblemList& problems_;
  std::vector<std::string> roles_;
  Status store_error_;
};

// `text | key: value | key: value` → text and keys (lower case), with the
// problems for unknown or repeated keys.
struct Item {
  std::string text;
  std::map<std::string, std::string> fields;
  int line = 0;
};

std::optional<Item> SplitItem(std::string_view raw, int line, const std::vector<std::string>& keys,
                              Checker& c) {
  std::vector<std::string_view> parts = Split(raw, '|');
  Item item;
  item.line = line;
  item.text = std::string(Trim(parts[0]));
  bool ok = true;
  for (size_t i = 1; i < parts.size(); ++i) {
    std::string_view part = Trim(parts[i]);
    size_t colon = part.find(':');
    std::string key = ToLower(Trim(part.substr(0, colon)));
    std::string value =
        colon == std::string_view::npos ? "" : std::string(Trim(part.substr(colon + 1)));
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      std::string hint = DidYouMean(key, keys);
      c.Problem(line, fmt::format("unknown field `{}`; the fields here are {}{}", key, Join(keys),
                                  hint.empty() ? "" : "; " + hint));
      ok = false;
      continue;
    }
    if (!item.fields.emplace(key, value).second) {
      c.Problem(line, fmt::format("field `{}` appears twice", key));
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return item;
}

// The list items of a subsection: `- text` lines, indented lines continuing
// the item above. Other non-blank lines are problems.
std::vector<std::pair<std::string, int>> ListItems(const std::vector<Line>& lines,
                                                   std::string_view what, Checker& c) {
  std::vector<std::pair<std::string, int>> items;
  for (const Line& l : lines) {
    std::string_view t = Trim(l.text);
    if (t.empty()) continue;
    if (t.starts_with("- ") || t.starts_with("* ")) {
      items.emplace_back(std::string(Trim(t.substr(2))), l.number);
    } else if (!items.empty() && (l.text.starts_with(" ") || l.text.starts_with("\t"))) {
      items.back().first += " " + std::string(t);
    } else {
      c.Problem(l.number, fmt::format("expected a list item `- ...` under {}", what));
    }
  }
  return items;
}

// A section's leading `Field: value` lines, its free text, and its `###`
// subsections (by lower-case name).
struct Body {
  std::map<std::string, std::pair<std::string, int>> fields;
  std::string text;
  std::vector<std::pair<std::string, std::pair<std::vector<Line>, int>>> subsections;
};

Body ReadBody(const Section& s, const std::vector<std::string>& field_names,
              const std::vector<std::string>& subsection_names, Checker& c) {
  Body b;
  bool text_started = false;
  std::vector<Line>* sub = nullptr;
  for (const Line& l : s.body) {
    std::string_view t = Trim(l.text);
    if (l.text.starts_with("### ")) {
      std::string name = ToLower(Trim(l.text.substr(4)));
      if (std::find(subsection_names.begin(), subsection_names.end(), name) ==
          subsection_names.end()) {
        std::string hint = DidYouMean(name, subsection_names);
        c.Problem(l.number,
                  subsection_names.empty()
                      ? fmt::format("no `###` subsections belong here (found `{}`)", name)
                      : fmt::format("unknown subsection `{}`; the subsections here are {}{}", name,
                                    Join(subsection_names), hint.empty() ? "" : "; " + hint));
        sub = nullptr;
        text_started = true;
        continue;
      }
      for (const auto& [n, v] : b.subsections) {
        if (n == name) c.Problem(l.number, fmt::format("subsection `{}` appears twice", name));
      }
      b.subsections.push_back({name, {{}, l.number}});
      sub = &b.subsections.back().second.first;
      continue;
    }
    if (sub != nullptr) {
      sub->push_back(l);
      continue;
    }
    if (!text_started) {
      if (t.empty()) continue;
      size_t colon = t.find(':');
      if (colon != std::string_view::npos && colon > 0 && colon <= 24) {
        std::string key = ToLower(Trim(t.substr(0, colon)));
        if (std::find(field_names.begin(), field_names.end(), key) != field_names.end()) {
          if (!b.fields
                   .emplace(key, std::make_pair(std::string(Trim(t.substr(colon + 1))), l.number))
                   .second) {
            c.Problem(l.number, fmt::format("field `{}` appears twice", key));
          }
          continue;
        }
        std::string hint = DidYouMean(key, field_names);
        if (!hint.empty()) {
          c.Problem(l.number, fmt::format("unknown field `{}`; the fields here are {}; {}", key,
                                          Join(field_names), hint));
          continue;
        }
      }
      text_started = true;
    }
    b.text.append(l.text).append("\n");
  }
  b.text = TrimBlank(b.text);
  return b;
}

const std::vector<Line>* Sub(const Body& b, std::string_view name) {
  for (const auto& [n, v] : b.subsections)
    if (n == name) return &v.first;
  return nullptr;
}

// `## measure <id> <period>` and `## objective <id> <period>`.
void ReadUpdate(const Section& s, bool measure, std::string_view id, std::string_view period,
                Checker& c, Parsed& out) {
  bool ok = true;
  Update u;
  if (measure) {
    if (strategy::FindMeasure(c.strategy(), id) == nullptr) {
      c.Problem(s.line, internal::UnknownMeasure(c.strategy(), id));
      ok = false;
    }
    u.measure_id = std::string(id);
  } else {
    ok = c.CheckObjective(id, s.line) && ok;
    u.objective_id = std::string(id);
  }
  std::optional<Period> p = c.CheckPeriod(period, s.line);
  ok = ok && p.has_value();
  if (p) u.period = *p;
  static const std::vector<std::string> kFields = {"author", "assurance", "recovery",
                                                   "key message"};
  static const std::vector<std::string> kSubs = {"actions", "mitigations"};
  Body b = ReadBody(s, kFields, kSubs, c);
  if (auto it = b.fields.find("author"); it != b.fields.end()) {
    ok = c.CheckRole(it->second.first, "author", it->second.second) && ok;
    u.author_role = it->second.first;
  }
  if (auto it = b.fields.find("assurance"); it != b.fields.end()) {
    u.proposed_assurance = c.CheckLevel(it->second.first, it->second.second);
    ok = ok && u.proposed_assurance.has_value();
  }
  if (auto it = b.fields.find("recovery"); it != b.fields.end()) {
    u.recovery = c.CheckDate(it->second.first, "recovery date", it->second.second);
    ok = ok && u.recovery.has_value();
  }
  if (auto it = b.fields.find("key message"); it != b.fields.end()) {
    u.key_message = it->second.first;
  }
  u.narrative = b.text;
  if (const std::vector<Line>* lines = Sub(b, "actions")) {
    static const std::vector<std::string> kKeys = {"owner", "due", "state"};
    for (const auto& [raw, line] : ListItems(*lines, "Actions", c)) {
      std::optional<Item> item = SplitItem(raw, line, kKeys, c);
      if (!item) {
        ok = false;
        continue;
      }
      Action a;
      a.text = item->text;
      if (a.text.empty()) {
        c.Problem(line, "the action has no text before its first `|`");
        ok = false;
      }
      auto owner = item->fields.find("owner");
      if (owner == item->fields.end() || owner->second.empty()) {
        c.Problem(line, "the action has no owner; add `| owner: <role id>`");
        ok = false;
      } else {
        ok = c.CheckRole(owner->second, "owner", line) && ok;
        a.owner_role = owner->second;
      }
      auto due = item->fields.find("due");
      if (due == item->fields.end()) {
        c.Problem(line, "the action has no due date; add `| due: YYYY-MM-DD`");
        ok = false;
      } else if (std::optional<Date> d = c.CheckDate(due->second, "due date", line)) {
        a.due = *d;
      } else {
        ok = false;
      }
      if (auto state = item->fields.find("state"); state != item->fields.end()) {
        std::optional<ActionState> st = ParseActionState(ToLower(state->second));
        if (!st) {
          c.Problem(line, fmt::format("unknown action state `{}`; expected open, done, overdue "
                                      "or cancelled",
                                      state->second));
          ok = false;
        } else {
          a.state = *st;
        }
      }
      u.actions.push_back(std::move(a));
    }
  }
  if (const std::vector<Line>* lines = Sub(b, "mitigations")) {
    for (auto& [text, line] : ListItems(*lines, "Mitigations", c)) u.mitigations.push_back(text);
  }
  if (u.narrative.empty() && u.actions.empty() && u.mitigations.empty() && b.fields.empty()) {
    c.Problem(s.line, "the update is empty; give a narrative, fields, actions or mitigations");
    ok = false;
  }
  if (ok) out.updates.emplace_back(std::move(u), s.line);
}

// `## committee <id> <period>`.
void ReadCommittee(const Section& s, std::string_view id, std::string_view period, Checker& c,
                   Parsed& out) {
  bool ok = true;
  const strategy::Strategy& st = c.strategy();
  const bool board = id == kBoardCommittee && strategy::FindCommittee(st, id) == nullptr;
  if (!board && strategy::FindCommittee(st, id) == nullptr) {
    std::vector<std::string> ids;
    for (const strategy::Committee& k : st.committees) ids.push_back(k.id);
    std::string hint = DidYouMean(id, ids);
    c.Problem(s.line,
              fmt::format("unknown committee `{}`; the committees are {}{}", id,
                          ids.empty() ? std::string("none (use `board` for the Board itself)")
                                      : Join(ids) + ", or `board`",
                          hint.empty() ? "" : "; " + hint));
    ok = false;
  }
  CommitteeAssurance r;
  r.committee_id = std::string(id);
  std::optional<Period> p = c.CheckPeriod(period, s.line);
  ok = ok && p.has_value();
  if (p) r.period = *p;
  static const std::vector<std::string> kSubs = {"assurance", "alert", "advise", "assure"};
  Body b = ReadBody(s, {}, kSubs, c);
  if (!b.text.empty()) {
    c.Problem(s.line + 1,
              "a committee's section holds only the subsections ### Assurance, "
              "### Alert, ### Advise and ### Assure");
    ok = false;
  }
  if (const std::vector<Line>* lines = Sub(b, "assurance")) {
    std::set<std::string> seen;
    for (const auto& [raw, line] : ListItems(*lines, "Assurance", c)) {
      // `objective_id: level | comment`
      std::vector<std::string_view> parts = Split(raw, '|');
      std::string_view head = parts[0];
      size_t colon = head.find(':');
      if (colon == std::string_view::npos) {
        c.Problem(line, "expected `- <objective id>: <level>[ | comment]`");
        ok = false;
        continue;
      }
      ObjectiveAssurance a;
      a.objective_id = std::string(Trim(head.substr(0, colon)));
      std::optional<AssuranceLevel> level = c.CheckLevel(head.substr(colon + 1), line);
      ok = ok && level.has_value();
      if (level) a.level = *level;
      if (parts.size() > 1) a.comment = std::string(Trim(raw.substr(raw.find('|') + 1)));
      if (!c.CheckObjective(a.objective_id, line)) {
        ok = false;
      } else if (!board) {
        const strategy::Committee* oversees =
            strategy::EffectiveCommittee(st, *strategy::FindObjective(st, a.objective_id));
        if (oversees == nullptr || oversees->id != id) {
          c.Problem(line, fmt::format("committee `{}` does not oversee objective `{}`{}", id,
                                      a.objective_id,
                                      oversees ? fmt::format(" (`{}` does)", oversees->id) : ""));
          ok = false;
        }
      }
      if (!seen.insert(a.objective_id).second) {
        c.Problem(line, fmt::format("objective `{}` is graded twice", a.objective_id));
        ok = false;
      }
      r.objectives.push_back(std::move(a));
    }
  }
  for (auto [name, to] : {std::pair<std::string_view, std::vector<std::string>*>{"alert", &r.alert},
                          {"advise", &r.advise},
                          {"assure", &r.assure}}) {
    if (const std::vector<Line>* lines = Sub(b, name)) {
      for (auto& [text, line] : ListItems(*lines, name, c)) to->push_back(text);
    }
  }
  if (r.objectives.empty() && r.alert.empty() && r.advise.empty() && r.assure.empty() && ok) {
    c.Problem(s.line,
              "the committee's report is empty; give ### Assurance or its chair's "
              "### Alert, ### Advise and ### Assure");
    ok = false;
  }
  if (ok) out.reports.emplace_back(std::move(r), s.line);
}

// `## targets <objective_id>`: `- id: text | due: date [| done: date]`.
void ReadTargets(const Section& s, std::string_view id, std::string_view rest, Checker& c,
                 Parsed& out) {
  bool ok = c.CheckObjective(id, s.line);
  if (!rest.empty()) {
    c.Problem(s.line,
              fmt::format("`## targets` takes an objective id only (found `{}` after it)", rest));
    ok = false;
  }
  static const std::vector<std::string> kKeys = {"due", "done"};
  std::vector<std::pair<StoredDeliveryTarget, int>> found;
  for (const auto& [raw, line] : ListItems(s.body, "a `## targets` heading", c)) {
    std::optional<Item> item = SplitItem(raw, line, kKeys, c);
    if (!item) {
      ok = false;
      continue;
    }
    StoredDeliveryTarget t;
    t.objective_id = std::string(id);
    size_t colon = item->text.find(':');
    if (colon == std::string::npos || Trim(item->text.substr(0, colon)).empty() ||
        Words(item->text.substr(0, colon)).size() != 1) {
      c.Problem(line, "expected `- <target id>: <what will be delivered> | due: YYYY-MM-DD`");
      ok = false;
      continue;
    }
    t.id = std::string(Trim(item->text.substr(0, colon)));
    t.text = std::string(Trim(item->text.substr(colon + 1)));
    if (t.text.empty()) {
      c.Problem(line, fmt::format("delivery target `{}` says nothing after its id", t.id));
      ok = false;
    }
    auto due = item->fields.find("due");
    if (due == item->fields.end()) {
      c.Problem(line, "the delivery target has no due date; add `| due: YYYY-MM-DD`");
      ok = false;
    } else if (std::optional<Date> d = c.CheckDate(due->second, "due date", line)) {
      t.due = *d;
    } else {
      ok = false;
    }
    if (auto done = item->fields.find("done"); done != item->fields.end()) {
      t.done = true;
      if (!done->second.empty()) {
        t.done_on = c.CheckDate(done->second, "done date", line);
        ok = ok && t.done_on.has_value();
      }
    }
    for (const auto& [other, other_line] : found) {
      if (other.id == t.id) {
        c.Problem(line,
                  fmt::format("delivery target `{}` is already on line {}", t.id, other_line));
        ok = false;
      }
    }
    found.emplace_back(std::move(t), line);
  }
  if (found.empty() && ok) {
    c.Problem(s.line, "no delivery targets under this heading");
    ok = false;
  }
  if (ok) out.targets.insert(out.targets.end(), found.begin(), found.end());
}

// `## process change <measure_id> <date>`, the description below.
void ReadChange(const Section& s, std::string_view id, std::string_view date, Checker& c,
                Parsed& out) {
  bool ok = true;
  if (strategy::FindMeasure(c.strategy(), id) == nullptr) {
    c.Problem(s.line, internal::UnknownMeasure(c.strategy(), id));
    ok = false;
  }
  ProcessChange pc;
  pc.measure_id = std::string(id);
  if (std::optional<Date> d = c.CheckDate(date, "process change date", s.line)) {
    pc.date = *d;
  } else {
    ok = false;
  }
  Body b = ReadBody(s, {}, {}, c);
  pc.description = b.text;
  if (pc.description.empty()) {
    c.Problem(s.line, "say what changed below the heading (e.g. \"new pathway from this month\")");
    ok = false;
  }
  if (ok) out.changes.emplace_back(std::move(pc), s.line);
}

}  // namespace

Result<IngestReport> IngestUpdatesMarkdown(Store& store, const strategy::Strategy& strategy,
                                           std::string_view text, std::string_view file,
                                           const IngestOptions& options) {
  IngestReport report;
  report.file = std::string(file);
  report.kind = LoadKind::kUpdates;
  ProblemList problems(report, options.max_listed_problems);
  Checker c(strategy, store, problems);
  // Sections.
  std::vector<Section> sections;
  std::vector<std::string_view> lines = Split(text, '\n');
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    int n = static_cast<int>(i + 1);
    if (line.starts_with("## ")) {
      sections.push_back({Trim(line.substr(3)), n, {}});
    } else if (line.starts_with("# ")) {
      if (!sections.empty()) sections.push_back({{}, 0, {}});  // a title ends a section
    } else if (!sections.empty() && sections.back().line > 0) {
      sections.back().body.push_back({line, n});
    }
  }
  Parsed parsed;
  std::map<std::tuple<std::string, std::string, std::string>, int> seen;
  for (const Section& s : sections) {
    if (s.line == 0) continue;
    ++report.rows;
    std::vector<std::string_view> w = Words(s.heading);
    std::string kind = w.empty() ? "" : ToLower(w[0]);
    size_t first = 1;
    if (kind == "process" && w.size() > 1 && ToLower(w[1]) == "change") {
      kind = "process change";
      first = 2;
    }
    std::string_view id = w.size() > first ? w[first] : std::string_view();
    std::string_view rest;
    if (w.size() > first + 1) {
      rest = Trim(s.heading.substr(static_cast<size_t>(w[first + 1].data() - s.heading.data())));
    }
    static const std::vector<std::string> kKinds = {"measure", "objective", "committee", "targets",
                                                    "process change"};
    if (std::find(kKinds.begin(), kKinds.end(), kind) == kKinds.end()) {
      std::string hint = DidYouMean(kind, kKinds);
      c.Problem(s.line, fmt::format("unknown heading `## {}`; a section starts `## measure <id> "
                                    "<period>`, `## objective <id> <period>`, `## committee <id> "
                                    "<period>`, `## targets <objective id>` or `## process "
                                    "change <measure id> <date>`{}",
                                    s.heading, hint.empty() ? "" : "; " + hint));
      continue;
    }
    if (id.empty()) {
      c.Problem(s.line, fmt::format("`## {}` needs an id after it", kind));
      continue;
    }
    auto [it, fresh] =
        seen.emplace(std::make_tuple(kind, std::string(id), std::string(rest)), s.line);
    if (!fresh) {
      c.Problem(s.line, fmt::format("duplicate section: `## {}` is already on line {}", s.heading,
                                    it->second));
      continue;
    }
    if (kind == "measure" || kind == "objective") {
      ReadUpdate(s, kind == "measure", id, rest, c, parsed);
    } else if (kind == "committee") {
      ReadCommittee(s, id, rest, c, parsed);
    } else if (kind == "targets") {
      ReadTargets(s, id, rest, c, parsed);
    } else {
      ReadChange(s, id, rest, c, parsed);
    }
  }
  if (!c.store_error().ok()) return c.store_error();
  if (report.rows == 0 && report.problem_count == 0) {
    problems.Add(1,
                 "no updates found; start each section with a heading such as `## measure "
                 "<measure_id> <period>` (docs/measures-data.md, \"Updates\")");
  }
  if (report.problem_count > 0) return report;
  Status s =
      internal::WriteLoad(store, internal::MakeLoadInfo(LoadKind::kUpdates, report.file, options),
                          options.dry_run, report, [&](int64_t load_id) -> Status {
                            for (const auto& [u, line] : parsed.updates) {
                              auto put = store.PutUpdate(u, load_id, line);
                              if (!put.ok()) return put.status();
                              internal::Count(*put, report);
                            }
                            for (const auto& [r, line] : parsed.reports) {
                              auto put = store.PutCommitteeAssurance(r, load_id, line);
                              if (!put.ok()) return put.status();
                              internal::Count(*put, report);
                            }
                            for (const auto& [t, line] : parsed.targets) {
                              auto put = store.PutDeliveryTarget(t, load_id, line);
                              if (!put.ok()) return put.status();
                              internal::Count(*put, report);
                            }
                            for (const auto& [pc, line] : parsed.changes) {
                              auto put = store.PutProcessChange(pc, load_id, line);
                              if (!put.ok()) return put.status();
                              internal::Count(*put, report);
                            }
                            return Status::Ok();
                          });
  if (!s.ok()) return s;
  return report;
}

}  // namespace barometer::measures
