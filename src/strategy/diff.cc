#include "strategy/diff.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "core/number.h"
#include "core/text.h"
#include "strategy/internal/describe.h"
#include "strategy/internal/field_text.h"

namespace barometer::strategy {

std::string_view ChangeKindName(ChangeKind k) {
  switch (k) {
    case ChangeKind::kAdded:
      return "added";
    case ChangeKind::kRemoved:
      return "removed";
    case ChangeKind::kReworded:
      return "reworded";
    case ChangeKind::kMoved:
      return "moved";
    case ChangeKind::kChanged:
      return "changed";
  }
  return "?";
}

std::string_view DiffElementName(DiffElement e) {
  switch (e) {
    case DiffElement::kStrategy:
      return "strategy";
    case DiffElement::kPriority:
      return "priority";
    case DiffElement::kObjective:
      return "objective";
    case DiffElement::kMeasure:
      return "measure";
    case DiffElement::kTarget:
      return "target";
    case DiffElement::kValue:
      return "value";
    case DiffElement::kReporting:
      return "reporting to";
    case DiffElement::kCommittee:
      return "committee";
    case DiffElement::kRole:
      return "role";
    case DiffElement::kPeerGroup:
      return "peer group";
    case DiffElement::kAmbition:
      return "strategic ambition";
    case DiffElement::kSegment:
      return "segment";
    case DiffElement::kProgramme:
      return "programme";
    case DiffElement::kEnablingStrategy:
      return "enabling strategy";
    case DiffElement::kUnit:
      return "unit";
    case DiffElement::kUnitObjective:
      return "unit objective";
    case DiffElement::kIndividualObjective:
      return "individual objective";
    case DiffElement::kRisk:
      return "risk";
  }
  return "?";
}

int StrategyDiff::Count(ChangeKind k) const {
  return static_cast<int>(
      std::count_if(changes.begin(), changes.end(), [k](const Change& c) { return c.kind == k; }));
}

namespace {

// What matches an element between versions (its id; a reporting line has
// none and is matched by its audience), and the words it is reworded by.
template <typename T>
const std::string& KeyOf(const T& x) {
  return x.id;
}
const std::string& KeyOf(const Reporting& r) { return r.audience; }
template <typename T>
const std::string& NameOf(const T& x) {
  return x.name;
}
const std::string& NameOf(const Role& r) { return r.title; }
const std::string& NameOf(const Reporting& r) { return r.audience; }
const std::string& NameOf(const Risk& r) { return r.title; }

template <typename T>
struct Pair {
  const T* before;
  const T* after;
  bool by_wording;
  double similarity;
};

template <typename T>
struct Matching {
  std::vector<Pair<T>> pairs;  // in the new file's order
  std::vector<const T*> removed;
  std::vector<const T*> added;
};

// The words of a name that say what it is about: without short function
// words and the verbs and nouns every strategy uses ("develop", "strategy"),
// which would otherwise pair "Implementation of Green strategy" with
// "Implementation of the clinical strategy".
std::string ContentWords(std::string_view name) {
  static const std::set<std::string> kGeneric = {"a",
                                                 "an",
                                                 "the",
                                                 "of",
                                                 "and",
                                                 "or",
                                                 "for",
                                                 "to",
                                                 "in",
                                                 "on",
                                                 "with",
                                                 "within",
                                                 "our",
                                                 "we",
                                                 "by",
                                                 "as",
                                                 "at",
                                                 "its",
                                                 "their",
                                                 "be",
                                                 "is",
                                                 "are",
                                                 "into",
                                                 "from",
                                                 "develop",
                                                 "development",
                                                 "developing",
                                                 "implement",
                                                 "implementation",
                                                 "deliver",
                                                 "delivery",
                                                 "delivering",
                                                 "ensure",
                                                 "achieve",
                                                 "improve",
                                                 "improving",
                                                 "further",
                                                 "new",
                                                 "strategy",
                                                 "plan",
                                                 "approach",
                                                 "trust",
                                                 "trusts",
                                                 "nhs"};
  std::string out, word;
  auto flush = [&] {
    if (!word.empty() && !kGeneric.count(word)) out += (out.empty() ? "" : " ") + word;
    word.clear();
  };
  for (char c : ToLower(name)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      word += c;
    } else {
      flush();
    }
  }
  flush();
  return out;
}

double NameSimilarity(std::string_view a, std::string_view b) {
  std::string ca = ContentWords(a), cb = ContentWords(b);
  if (ca.empty() || cb.empty()) return WordSimilarity(a, b);
  return WordSimilarity(ca, cb);
}

// Pairs elements by id, then the rest by the similarity of their names
// (more than `threshold`).
template <typename T>
Matching<T> Match(const std::vector<T>& a, const std::vector<T>& b,
                  double threshold = kRewordThreshold) {
  std::vector<int> partner_of_b(b.size(), -1);
  std::vector<bool> used_a(a.size());
  std::vector<double> sim(b.size(), 1.0);
  for (size_t j = 0; j < b.size(); ++j) {
    for (size_t i = 0; i < a.size(); ++i) {
      if (!used_a[i] && !KeyOf(a[i]).empty() && KeyOf(a[i]) == KeyOf(b[j])) {
        partner_of_b[j] = static_cast<int>(i), used_a[i] = true;
        break;
      }
    }
  }
  struct Candidate {
    double similarity;
    size_t i, j;
  };
  std::vector<Candidate> candidates;
  for (size_t i = 0; i < a.size(); ++i) {
    for (size_t j = 0; j < b.size(); ++j) {
      if (used_a[i] || partner_of_b[j] >= 0) continue;
      double s = NameSimilarity(NameOf(a[i]), NameOf(b[j]));
      if (s > threshold) candidates.push_back({s, i, j});
    }
  }
  std::stable_sort(
      candidates.begin(), candidates.end(),
      [](const Candidate& x, const Candidate& y) { return x.similarity > y.similarity; });
  std::vector<bool> by_wording(b.size());
  for (const Candidate& c : candidates) {
    if (used_a[c.i] || partner_of_b[c.j] >= 0) continue;
    partner_of_b[c.j] = static_cast<int>(c.i), used_a[c.i] = true;
    by_wording[c.j] = true, sim[c.j] = c.similarity;
  }
  Matching<T> m;
  for (size_t j = 0; j < b.size(); ++j) {
    if (partner_of_b[j] < 0) {
      m.added.push_back(&b[j]);
    } else {
      m.pairs.push_back({&a[partner_of_b[j]], &b[j], by_wording[j], sim[j]});
    }
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (!used_a[i]) m.removed.push_back(&a[i]);
  }
  return m;
}

class Differ {
 public:
  Differ(const Strategy& a, const Strategy& b) : a_(a), b_(b) {}

  StrategyDiff Run() {
    StrategyLevel();
    Priorities();
    Objectives();
    Measures();
    OutsideTheThread();
    return Grouped();
  }

 private:
  template <typename T>
  Change Make(ChangeKind kind, DiffElement e, const T* before, const T* after) {
    Change c;
    c.kind = kind, c.element = e;
    if (before) c.old_id = KeyOf(*before), c.old_where = before->where;
    if (after) c.new_id = KeyOf(*after), c.new_where = after->where;
    return c;
  }

  // A changed field of a matched pair, when its text differs.
  template <typename T>
  void Field(DiffElement e, const Pair<T>& p, std::string priority, std::string field,
             const std::string& before, const std::string& after) {
    if (before == after) return;
    Change c = Make(ChangeKind::kChanged, e, p.before, p.after);
    c.priority = std::move(priority), c.field = std::move(field);
    c.before = before, c.after = after;
    out_.push_back(std::move(c));
  }

  // Added, removed and reworded elements of one kind.
  template <typename T, typename GroupFn>
  void AddedRemovedReworded(DiffElement e, const Matching<T>& m, GroupFn group) {
    for (const T* x : m.added) {
      Change c = Make<T>(ChangeKind::kAdded, e, nullptr, x);
      c.priority = group(x, false), c.after = NameOf(*x);
      out_.push_back(std::move(c));
    }
    for (const T* x : m.removed) {
      Change c = Make<T>(ChangeKind::kRemoved, e, x, nullptr);
      c.priority = group(x, true), c.before = NameOf(*x);
      out_.push_back(std::move(c));
    }
    for (const Pair<T>& p : m.pairs) {
      const std::string &old_name = NameOf(*p.before), &new_name = NameOf(*p.after);
      if (old_name == new_name && KeyOf(*p.before) == KeyOf(*p.after)) continue;
      Change c = Make(old_name == new_name ? ChangeKind::kChanged : ChangeKind::kReworded, e,
                      p.before, p.after);
      c.priority = group(p.after, false);
      c.by_wording = p.by_wording, c.similarity = p.similarity;
      if (c.kind == ChangeKind::kChanged) {
        c.field = "id", c.before = KeyOf(*p.before), c.after = KeyOf(*p.after);
      } else {
        c.field = std::is_same_v<T, Role> ? "title" : "name";
        c.before = old_name, c.after = new_name;
      }
      out_.push_back(std::move(c));
    }
  }

  // Every key of a matched pair not in `skip` (those the caller compares
  // itself): a scalar that changed, or each item a list gained or lost.
  template <typename T>
  void OtherFields(DiffElement e, const Pair<T>& p, const std::string& group,
                   std::initializer_list<std::string_view> skip) {
    std::vector<internal::FieldText> x = internal::FieldTextsOf(a_, *p.before);
    std::vector<internal::FieldText> y = internal::FieldTextsOf(b_, *p.after);
    for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
      const internal::FieldText &f = x[i], &g = y[i];
      if (std::find(skip.begin(), skip.end(), f.key) != skip.end()) continue;
      if (!f.list) {
        if (f.compared != g.compared && f.text != g.text) {
          Field(e, p, group, f.key, f.text, g.text);
        }
        continue;
      }
      auto item = [&](const std::string& before, const std::string& after) {
        Change c = Make(ChangeKind::kChanged, e, p.before, p.after);
        c.priority = group, c.field = f.key, c.item = true;
        c.before = before, c.after = after;
        out_.push_back(std::move(c));
      };
      for (const std::string& v : f.items) {
        if (std::find(g.items.begin(), g.items.end(), v) == g.items.end()) item(v, "");
      }
      for (const std::string& v : g.items) {
        if (std::find(f.items.begin(), f.items.end(), v) == f.items.end()) item("", v);
      }
    }
  }

  // An element kind outside the golden thread: added, removed, reworded and
  // every changed key.
  template <typename T>
  void Kind(DiffElement e, const std::vector<T>& a, const std::vector<T>& b) {
    // Role titles share most of their words ("Chief Operating Officer",
    // "Chief People Officer"): a role whose id changed is the same role only
    // when its title is unchanged.
    Matching<T> m = Match(a, b, std::is_same_v<T, Role> ? 0.999 : kRewordThreshold);
    AddedRemovedReworded(e, m, [](const T*, bool) { return std::string(); });
    for (const auto& p : m.pairs) {
      OtherFields(e, p, "", {"id", "name", "title", "audience"});
    }
  }

  void OutsideTheThread() {
    Kind(DiffElement::kValue, a_.values, b_.values);
    Kind(DiffElement::kReporting, a_.reporting, b_.reporting);
    Kind(DiffElement::kCommittee, a_.committees, b_.committees);
    Kind(DiffElement::kRole, a_.roles, b_.roles);
    Kind(DiffElement::kPeerGroup, a_.peer_groups, b_.peer_groups);
    Kind(DiffElement::kAmbition, a_.strategic_ambitions, b_.strategic_ambitions);
    Kind(DiffElement::kSegment, a_.segments, b_.segments);
    Kind(DiffElement::kProgramme, a_.programmes, b_.programmes);
    Kind(DiffElement::kEnablingStrategy, a_.enabling_strategies, b_.enabling_strategies);
    Kind(DiffElement::kUnit, a_.units, b_.units);
    Kind(DiffElement::kUnitObjective, UnitObjectives(a_), UnitObjectives(b_));
    UnitObjectivesMoved();
    Kind(DiffElement::kIndividualObjective, a_.individual_objectives, b_.individual_objectives);
    Kind(DiffElement::kRisk, a_.risks, b_.risks);
  }

  // A unit objective (matched by id) now under another unit.
  void UnitObjectivesMoved() {
    std::map<std::string, const Unit*> unit_of;  // in the old file
    for (const Unit& u : a_.units) {
      for (const UnitObjective& o : u.objectives) unit_of[o.id] = &u;
    }
    auto name = [](const Unit& u) { return fmt::format("{} [{}]", u.name, u.id); };
    for (const Unit& u : b_.units) {
      for (const UnitObjective& o : u.objectives) {
        auto it = unit_of.find(o.id);
        if (it == unit_of.end() || it->second->id == u.id) continue;
        Change c = Make(ChangeKind::kMoved, DiffElement::kUnitObjective, &o, &o);
        c.old_where = it->second->where, c.field = "unit";
        c.before = name(*it->second), c.after = name(u);
        out_.push_back(std::move(c));
      }
    }
  }

  // Unit objectives of every unit, in file order (they are matched across
  // units: one moved to another unit is the same objective).
  static std::vector<UnitObjective> UnitObjectives(const Strategy& s) {
    std::vector<UnitObjective> out;
    for (const Unit& u : s.units) out.insert(out.end(), u.objectives.begin(), u.objectives.end());
    return out;
  }

  // The organisation's keys and the cascade's levels and note.
  void StrategyLevel() {
    TopFields("", a_.organisation, b_.organisation);
    Cascade none;
    TopFields("cascade ", a_.cascade ? *a_.cascade : none, b_.cascade ? *b_.cascade : none);
  }

  template <typename T>
  void TopFields(std::string_view prefix, const T& a, const T& b) {
    std::vector<internal::FieldText> x = internal::FieldTextsOf(a_, a);
    std::vector<internal::FieldText> y = internal::FieldTextsOf(b_, b);
    auto add = [&](const std::string& key, const std::string& before, const std::string& after,
                   bool item) {
      Change c;
      c.element = DiffElement::kStrategy, c.field = std::string(prefix) + key, c.item = item;
      c.before = before, c.after = after;
      c.old_where = a.At(key), c.new_where = b.At(key);
      out_.push_back(std::move(c));
    };
    for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
      const internal::FieldText &f = x[i], &g = y[i];
      if (!f.list) {
        if (f.compared != g.compared) add(f.key, f.text, g.text, false);
        continue;
      }
      for (const std::string& v : f.items) {
        if (std::find(g.items.begin(), g.items.end(), v) == g.items.end()) add(f.key, v, "", true);
      }
      for (const std::string& v : g.items) {
        if (std::find(f.items.begin(), f.items.end(), v) == f.items.end()) add(f.key, "", v, true);
      }
    }
  }

  std::string MapPriority(const std::string& old_id) const {
    auto it = priority_map_.find(old_id);
    return it == priority_map_.end() ? old_id : it->second;
  }

  void Priorities() {
    Matching<Priority> m = Match(a_.priorities, b_.priorities);
    for (const auto& p : m.pairs) priority_map_[p.before->id] = p.after->id;
    AddedRemovedReworded(DiffElement::kPriority, m, [this](const Priority* p, bool old) {
      return old ? MapPriority(p->id) : p->id;
    });
    for (const auto& p : m.pairs) {
      const std::string& g = p.after->id;
      Field(DiffElement::kPriority, p, g, "committee",
            internal::CommitteeName(a_, p.before->committee),
            internal::CommitteeName(b_, p.after->committee));
      Field(DiffElement::kPriority, p, g, "lead", internal::RoleName(a_, p.before->lead),
            internal::RoleName(b_, p.after->lead));
      Field(DiffElement::kPriority, p, g, "ambition", p.before->ambition, p.after->ambition);
      Field(DiffElement::kPriority, p, g, "statement", p.before->statement, p.after->statement);
      OtherFields(DiffElement::kPriority, p, g,
                  {"id", "name", "committee", "lead", "ambition", "statement"});
    }
  }

  std::string PriorityName(const Strategy& s, const std::string& id) const {
    const Priority* p = FindPriority(s, id);
    return p == nullptr ? id : fmt::format("{} [{}]", p->name, id);
  }

  void Objectives() {
    Matching<Objective> m = Match(a_.objectives, b_.objectives);
    for (const auto& p : m.pairs) objective_map_[p.before->id] = p.after->id;
    std::set<std::pair<std::string, std::string>> year_changes;
    size_t year_changed = 0;
    AddedRemovedReworded(DiffElement::kObjective, m, [this](const Objective* o, bool old) {
      return old ? MapPriority(o->priority) : o->priority;
    });
    size_t first_field = out_.size();
    for (const auto& p : m.pairs) {
      const std::string& g = p.after->priority;
      if (MapPriority(p.before->priority) != p.after->priority) {
        Change c = Make(ChangeKind::kMoved, DiffElement::kObjective, p.before, p.after);
        c.priority = g, c.field = "priority";
        c.before = PriorityName(a_, p.before->priority);
        c.after = PriorityName(b_, p.after->priority);
        out_.push_back(std::move(c));
      }
      OtherFields(DiffElement::kObjective, p, g, {"id", "name", "priority", "year"});
      if (p.before->year != p.after->year) {
        year_changes.insert({p.before->year, p.after->year});
        ++year_changed;
      }
    }
    SameForEvery("owner", first_field, m.pairs.size());
    // An annual objective set moves every objective to the next year: say so
    // once rather than for each objective.
    bool all_same = year_changes.size() == 1 && year_changed == m.pairs.size();
    if (all_same) {
      Change c;
      c.element = DiffElement::kStrategy, c.field = "year of every objective";
      c.before = year_changes.begin()->first, c.after = year_changes.begin()->second;
      out_.push_back(std::move(c));
      return;
    }
    for (const auto& p : m.pairs) {
      Field(DiffElement::kObjective, p, p.after->priority, "year", p.before->year, p.after->year);
    }
  }

  // When every one of `pairs` matched objectives has the same change of
  // `field` (a refresh that gives every objective an owner slot), one
  // strategy-level change says so instead of one per objective.
  void SameForEvery(std::string_view field, size_t from, size_t pairs) {
    std::vector<size_t> at;
    for (size_t i = from; i < out_.size(); ++i) {
      const Change& c = out_[i];
      if (c.element != DiffElement::kObjective || c.field != field) continue;
      if (!at.empty() && (c.before != out_[at[0]].before || c.after != out_[at[0]].after)) return;
      at.push_back(i);
    }
    if (at.size() < 2 || at.size() != pairs) return;
    Change c;
    c.element = DiffElement::kStrategy, c.field = std::string(field) + " of every objective";
    c.before = out_[at[0]].before, c.after = out_[at[0]].after;
    for (auto it = at.rbegin(); it != at.rend(); ++it) out_.erase(out_.begin() + *it);
    out_.push_back(std::move(c));
  }

  static std::string GroupOf(const Strategy& s, const Measure& m) {
    Thread t = ThreadOf(s, m);
    return t.priority ? t.priority->id : std::string();
  }

  std::string Parent(const Strategy& s, const Measure& m) const {
    if (!m.objective.empty()) {
      const Objective* o = FindObjective(s, m.objective);
      return o ? fmt::format("objective {} [{}]", o->name, o->id) : m.objective;
    }
    return "priority " + PriorityName(s, m.priority);
  }

  void Measures() {
    Matching<Measure> m = Match(a_.measures, b_.measures);
    AddedRemovedReworded(DiffElement::kMeasure, m, [this](const Measure* x, bool old) {
      return old ? MapPriority(GroupOf(a_, *x)) : GroupOf(b_, *x);
    });
    for (const auto& p : m.pairs) {
      const Measure &x = *p.before, &y = *p.after;
      std::string g = GroupOf(b_, y);
      auto mapped = objective_map_.find(x.objective);
      std::string old_parent = mapped == objective_map_.end() ? x.objective : mapped->second;
      if (old_parent != y.objective || MapPriority(x.priority) != y.priority) {
        Change c = Make(ChangeKind::kMoved, DiffElement::kMeasure, p.before, p.after);
        c.priority = g, c.field = "objective";
        c.before = Parent(a_, x), c.after = Parent(b_, y);
        out_.push_back(std::move(c));
      }
      auto name = [](const auto& e) { return e ? std::string(EnumName(*e)) : std::string(); };
      auto unit = [](const Measure& z) {
        std::string u = z.unit ? std::string(EnumName(*z.unit)) : "";
        if (z.per) u += " per " + FormatShortest(*z.per);
        if (z.range) {
          u += fmt::format(" ({} to {})", FormatShortest(z.range->min),
                           FormatShortest(z.range->max));
        }
        return u;
      };
      Field(DiffElement::kMeasure, p, g, "unit", unit(x), unit(y));
      Field(DiffElement::kMeasure, p, g, "direction", name(x.direction), name(y.direction));
      Field(DiffElement::kMeasure, p, g, "frequency", name(x.frequency), name(y.frequency));
      // Compared as written, not as shown: new `decimals` alone is not a new baseline.
      auto written = [](const Baseline& b) {
        return fmt::format("{} {} {} {}", static_cast<int>(b.kind),
                           b.value ? FormatShortest(*b.value) : "", b.period, b.establish_year);
      };
      if (written(x.baseline) != written(y.baseline)) {
        Field(DiffElement::kMeasure, p, g, "baseline", internal::DescribeBaseline(x),
              internal::DescribeBaseline(y));
      }
      Field(DiffElement::kMeasure, p, g, "baseline note", x.baseline.note, y.baseline.note);
      Field(DiffElement::kMeasure, p, g, "peer group", x.peer_group, y.peer_group);
      OtherFields(DiffElement::kMeasure, p, g,
                  {"id", "name", "objective", "priority", "unit", "per", "range", "direction",
                   "frequency", "peer_group"});
      Targets(p, g);
    }
  }

  // "2022-23 (year 2)" or "by 2024-12-31": the key targets are compared by.
  static std::string TargetKey(const Strategy& s, const Target& t) {
    if (t.year) return StrategyYear(s, *t.year).ToString();
    if (t.by) return "by " + t.by->ToString();
    return "undated";
  }

  static std::string Label(const Strategy& s, const Target& t) {
    if (t.year) return fmt::format("{} (year {})", StrategyYear(s, *t.year).ToString(), *t.year);
    return TargetKey(s, t);
  }

  static std::string Describe(const Strategy& s, const Measure& m, const Target& t) {
    std::string d = internal::DescribeTarget(s, m, t);
    return t.text.empty() ? d : d + " — " + t.text;
  }

  void Targets(const Pair<Measure>& p, const std::string& group) {
    std::map<std::string, std::pair<std::vector<const Target*>, std::vector<const Target*>>> by_key;
    std::vector<std::string> order;  // keys in due order, new file first
    for (const Target& t : p.after->targets) {
      std::string k = TargetKey(b_, t);
      if (!by_key.count(k)) order.push_back(k);
      by_key[k].second.push_back(&t);
    }
    for (const Target& t : p.before->targets) {
      std::string k = TargetKey(a_, t);
      if (!by_key.count(k)) order.push_back(k);
      by_key[k].first.push_back(&t);
    }
    for (const std::string& k : order) {
      const auto& [olds, news] = by_key[k];
      for (size_t i = 0; i < std::max(olds.size(), news.size()); ++i) {
        const Target* o = i < olds.size() ? olds[i] : nullptr;
        const Target* n = i < news.size() ? news[i] : nullptr;
        std::string before = o ? Describe(a_, *p.before, *o) : "";
        std::string after = n ? Describe(b_, *p.after, *n) : "";
        if (before == after) continue;
        Change c = Make(!o   ? ChangeKind::kAdded
                        : !n ? ChangeKind::kRemoved
                             : ChangeKind::kChanged,
                        DiffElement::kTarget, p.before, p.after);
        c.priority = group;
        c.field = n ? Label(b_, *n) : Label(a_, *o);
        c.before = before, c.after = after;
        if (o) c.old_where = o->where;
        if (n) c.new_where = n->where;
        out_.push_back(std::move(c));
      }
    }
  }

  // Where a change of an element outside the golden thread sits among its
  // kind: the new file's order, then removed ones in the old file's order.
  template <typename T>
  static int Position(const std::vector<T>& a, const std::vector<T>& b, const Change& c) {
    auto index = [](const std::vector<T>& items, const std::string& key) {
      for (size_t i = 0; i < items.size(); ++i) {
        if (KeyOf(items[i]) == key) return static_cast<int>(i);
      }
      return 0;
    };
    return c.new_id.empty() ? 100000 + index(a, c.old_id) : index(b, c.new_id);
  }

  int PositionOf(const Change& c) const {
    switch (c.element) {
      case DiffElement::kObjective:
        return Position(a_.objectives, b_.objectives, c);
      case DiffElement::kMeasure:
      case DiffElement::kTarget:
        return Position(a_.measures, b_.measures, c);
      case DiffElement::kValue:
        return Position(a_.values, b_.values, c);
      case DiffElement::kReporting:
        return Position(a_.reporting, b_.reporting, c);
      case DiffElement::kCommittee:
        return Position(a_.committees, b_.committees, c);
      case DiffElement::kRole:
        return Position(a_.roles, b_.roles, c);
      case DiffElement::kPeerGroup:
        return Position(a_.peer_groups, b_.peer_groups, c);
      case DiffElement::kAmbition:
        return Position(a_.strategic_ambitions, b_.strategic_ambitions, c);
      case DiffElement::kSegment:
        return Position(a_.segments, b_.segments, c);
      case DiffElement::kProgramme:
        return Position(a_.programmes, b_.programmes, c);
      case DiffElement::kEnablingStrategy:
        return Position(a_.enabling_strategies, b_.enabling_strategies, c);
      case DiffElement::kUnit:
        return Position(a_.units, b_.units, c);
      case DiffElement::kUnitObjective:
        return Position(UnitObjectives(a_), UnitObjectives(b_), c);
      case DiffElement::kIndividualObjective:
        return Position(a_.individual_objectives, b_.individual_objectives, c);
      case DiffElement::kRisk:
        return Position(a_.risks, b_.risks, c);
      case DiffElement::kStrategy:
      case DiffElement::kPriority:
        break;
    }
    return 0;
  }

  // Orders the changes: strategy-level first, then values, reporting,
  // committees, roles and peer groups; then by priority in the new file's
  // order (priorities only the old file has last) and within a priority the
  // priority itself, then each objective and each measure (with its targets)
  // in the new file's order, removed ones after them; then strategic
  // ambitions, segments, programmes, enabling strategies, the cascade and
  // risks, each in the new file's order.
  StrategyDiff Grouped() {
    std::map<std::string, int> rank;
    int next = 1;
    for (const Priority* p : PrioritiesInOrder(b_)) rank.emplace(p->id, next++);
    for (const Priority* p : PrioritiesInOrder(a_)) rank.emplace(MapPriority(p->id), next++);
    constexpr int kThread = 100, kAfter = 1000000;
    auto key = [&](const Change& c) {
      int element = static_cast<int>(c.element);
      int group = 0;
      switch (c.element) {
        case DiffElement::kStrategy:
          break;
        case DiffElement::kValue:
        case DiffElement::kReporting:
        case DiffElement::kCommittee:
        case DiffElement::kRole:
        case DiffElement::kPeerGroup:
          group = element;
          break;
        case DiffElement::kPriority:
        case DiffElement::kObjective:
        case DiffElement::kMeasure:
        case DiffElement::kTarget: {
          auto it = rank.find(c.priority);
          group = kThread + (it == rank.end() ? next : it->second);
          break;
        }
        default:
          // The cascade's three kinds share a section.
          group = kAfter + (c.element == DiffElement::kUnitObjective ||
                                    c.element == DiffElement::kIndividualObjective
                                ? static_cast<int>(DiffElement::kUnit)
                                : element);
          break;
      }
      int kind =
          c.element == DiffElement::kTarget ? static_cast<int>(DiffElement::kMeasure) : element;
      return std::tuple{group, kind, PositionOf(c)};
    };
    std::stable_sort(out_.begin(), out_.end(),
                     [&](const Change& x, const Change& y) { return key(x) < key(y); });
    return StrategyDiff{std::move(out_)};
  }

  const Strategy& a_;
  const Strategy& b_;
  std::vector<Change> out_;
  std::map<std::string, std::string> priority_map_;   // old id -> new id
  std::map<std::string, std::string> objective_map_;  // old id -> new id
};

}  // namespace

StrategyDiff DiffStrategies(const Strategy& before, const Strategy& after) {
  return Differ(before, after).Run();
}

}  // namespace barometer::strategy
