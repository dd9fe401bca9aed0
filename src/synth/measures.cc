// The synthetic measure generator (docs/measures-data.md, "Synthetic data").
#include "synth/measures.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "core/csv.h"
#include "core/number.h"
#include "synth/internal/measures_model.h"
#include "synth/internal/population_rng.h"

namespace barometer::synth {

using internal::MeasureModel;
using internal::Rng;

std::string_view MeasureScenarioName(MeasureScenario s) {
  switch (s) {
    case MeasureScenario::kOnCourse:
      return "on_course";
    case MeasureScenario::kAhead:
      return "ahead";
    case MeasureScenario::kBehind:
      return "behind";
    case MeasureScenario::kStuck:
      return "stuck";
    case MeasureScenario::kWorsening:
      return "worsening";
    case MeasureScenario::kStep:
      return "step";
    case MeasureScenario::kNoData:
      return "no_data";
  }
  return "";
}

Date DefaultMeasuresUntil(const strategy::Strategy& s) {
  const strategy::StrategyPeriod& p = s.organisation.period;
  Date mid = p.start.AddDays((p.end.ToDays() - p.start.ToDays()) / 2);
  return {mid.FinancialYear(), 12, 31};
}

namespace {

// Streams of the generator's random numbers, one per use.
enum Stream : uint64_t { kScenarios = 1, kValues = 2, kMissing = 3, kPeers = 4, kMilestones = 5 };

template <typename T>
void Shuffle(std::vector<T>& v, Rng& rng) {
  for (size_t i = v.size() - 1; i > 0; --i) std::swap(v[i], v[rng.Below(i + 1)]);
}

// The scenarios dealt to measures in file order, separately to four groups
// (higher or lower is better; with or without a numeric target) so each
// direction and kind of target sees every pattern. Each group's deck of
// twelve starts with one of each of the six series patterns, in a seeded
// order, then the other six (with "no data") in a seeded order.
std::vector<MeasureScenario> DealScenarios(const strategy::Strategy& s, uint64_t seed) {
  using S = MeasureScenario;
  std::vector<S> out(s.measures.size(), S::kOnCourse);
  std::map<int, std::vector<S>> decks;
  std::map<int, size_t> dealt;
  for (size_t i = 0; i < s.measures.size(); ++i) {
    const strategy::Measure& m = s.measures[i];
    if (m.unit == strategy::MeasureUnit::kMilestone) continue;
    bool numeric = std::any_of(m.targets.begin(), m.targets.end(), [](const strategy::Target& t) {
      return t.kind == strategy::TargetKind::kThreshold ||
             t.kind == strategy::TargetKind::kChange || t.kind == strategy::TargetKind::kMaintain;
    });
    int group = (m.direction == strategy::Direction::kLower ? 2 : 0) + (numeric ? 1 : 0);
    std::vector<S>& deck = decks[group];
    if (deck.empty()) {
      Rng rng(seed, kScenarios, static_cast<uint64_t>(group));
      std::vector<S> front = {S::kAhead,    S::kWorsening, S::kStep,
                              S::kOnCourse, S::kBehind,    S::kStuck};
      std::vector<S> back = {S::kOnCourse, S::kBehind, S::kStuck, S::kStep, S::kAhead, S::kNoData};
      Shuffle(front, rng);
      Shuffle(back, rng);
      deck = front;
      deck.insert(deck.end(), back.begin(), back.end());
    }
    out[i] = deck[dealt[group]++ % deck.size()];
  }
  return out;
}

// Milestone outcomes dealt across the strategy's milestone targets in
// due-date order, so early milestones see every outcome: per measure, its
// milestones' outcomes in due-date order.
std::vector<std::vector<internal::MilestoneOutcome>> DealMilestones(const strategy::Strategy& s,
                                                                    uint64_t seed) {
  using O = internal::MilestoneOutcome;
  std::vector<O> deck = {O::kDone, O::kDone,    O::kLate, O::kNotDone,
                         O::kDone, O::kNotDone, O::kDone, O::kDone};
  Rng rng(seed, kMilestones, 0);
  Shuffle(deck, rng);
  // One of the first four milestones to fall due is left unfinished, so an
  // overdue milestone shows whenever a strategy has a few.
  if (std::find(deck.begin(), deck.begin() + 4, O::kNotDone) == deck.begin() + 4) {
    std::swap(*std::find(deck.begin(), deck.end(), O::kNotDone), deck[rng.Below(4)]);
  }
  struct Item {
    Date due;
    size_t measure;
  };
  std::vector<Item> items;
  for (size_t i = 0; i < s.measures.size(); ++i) {
    for (const strategy::Target& t : s.measures[i].targets) {
      std::optional<Date> due = t.due ? t.due : strategy::DueDate(s, t);
      if (t.kind == strategy::TargetKind::kMilestone && due) items.push_back({*due, i});
    }
  }
  std::stable_sort(items.begin(), items.end(),
                   [](const Item& a, const Item& b) { return a.due < b.due; });
  std::vector<std::vector<O>> out(s.measures.size());
  for (size_t k = 0; k < items.size(); ++k) out[items[k].measure].push_back(deck[k % deck.size()]);
  return out;
}

std::string Opt(const std::optional<double>& v) { return v ? FormatShortest(*v) : ""; }

// Fictional peer organisations: fixed codes and names, the same for every seed.
struct Peer {
  std::string code;
  std::string name;
};

std::vector<Peer> Peers(int n, const std::string& own) {
  static constexpr const char* kPlaces[] = {
      "Northbrook", "Eastmere",  "Westford",   "Southgate",   "Kingsholm", "Ashby",     "Bramley",
      "Castleton",  "Dunmore",   "Elmfield",   "Fairhaven",   "Greystone", "Hallam",    "Ivybridge",
      "Juniper",    "Kirkby",    "Longdale",   "Marsden",     "Newhaven",  "Oakworth",  "Pennine",
      "Queensway",  "Ravensby",  "Stourton",   "Thornbury",   "Upton",     "Valemouth", "Whitcombe",
      "Yarrow",     "Ambleside", "Brookfield", "Coldharbour", "Deepdale",  "Edgeworth", "Foxley",
      "Glenholme",  "Hartwell",  "Invergarry", "Lowmoor",     "Millbrook"};
  static constexpr const char* kKinds[] = {"Hospitals NHS Trust",
                                           "University Hospitals NHS Foundation Trust",
                                           "Teaching Hospitals NHS Trust"};
  static constexpr std::string_view kChars = "ABCDEFGHJKLMNPQRTVWXY";
  std::vector<Peer> out;
  for (int i = 0; static_cast<int>(out.size()) < n; ++i) {
    std::string code = fmt::format("R{}{}", kChars[(i / kChars.size()) % kChars.size()],
                                   kChars[i % kChars.size()]);
    if (code == own) continue;
    constexpr int kPlaceCount = static_cast<int>(std::size(kPlaces));
    out.push_back({code, fmt::format("{} {}", kPlaces[i % kPlaceCount],
                                     kKinds[(i / kPlaceCount) % std::size(kKinds)])});
  }
  return out;
}

bool KnownCode(const std::string& code) { return !code.empty() && code != "unknown"; }

// Peer values for a measure: each peer's lasting difference plus noise
// around the level the measure starts from, moving slowly the better way.
void AddBenchmarks(const strategy::Strategy& s, const MeasureModel& model,
                   const std::vector<std::pair<Period, double>>& own, const MeasuresSynthOptions& o,
                   SyntheticMeasures& out) {
  const strategy::Measure& m = model.measure();
  const strategy::PeerGroup* group = strategy::FindPeerGroup(s, m.peer_group);
  int n = group && group->size ? std::max(4, *group->size - 1) : o.peers;
  const std::string& code = s.organisation.ods_code;
  std::vector<Peer> peers = Peers(n, code);
  std::vector<double> effect(peers.size());
  const uint64_t stream = internal::MeasureStream(kPeers, m.id);
  Rng lasting(o.seed, stream, 0);
  for (double& e : effect) e = lasting.Normal();
  for (size_t t = 0; t < own.size(); ++t) {
    const Period& p = own[t].first;
    Rng rng(o.seed, stream, t + 1);
    for (size_t j = 0; j < peers.size(); ++j) {
      std::string value;
      if (!rng.Bernoulli(0.02)) value = FormatShortest(model.PeerValue(p, effect[j], rng));
      AppendCsvRow(out.benchmarks_csv,
                   {m.id, p.ToString(), peers[j].code, peers[j].name, m.peer_group, value});
      ++out.benchmark_rows;
    }
    if (KnownCode(code)) {
      AppendCsvRow(out.benchmarks_csv, {m.id, p.ToString(), code, s.organisation.name, m.peer_group,
                                        FormatShortest(own[t].second)});
      ++out.benchmark_rows;
    }
  }
}

bool Composite(const strategy::Measure& m) {
  return std::any_of(m.targets.begin(), m.targets.end(), [](const strategy::Target& t) {
    return t.count.has_value() || !t.must_include.empty();
  });
}

std::string Author(const strategy::Strategy& s, const strategy::Measure& m) {
  const strategy::Objective* o = strategy::FindObjective(s, m.objective);
  if (o != nullptr) {
    if (const strategy::Role* r = strategy::FindRole(s, o->owner)) return r->title;
  }
  return "Measure lead";
}

std::string CommentaryText(const strategy::Strategy& s, const MeasureModel& model, const Period& p,
                           double value) {
  const strategy::Measure& m = model.measure();
  std::string committee = "the committee";
  if (const strategy::Objective* o = strategy::FindObjective(s, m.objective)) {
    if (const strategy::Committee* c = strategy::EffectiveCommittee(s, *o)) committee = c->name;
  }
  std::string lead = fmt::format("{}: {} in {}", m.name, model.Format(value), p.ToString());
  switch (model.scenario()) {
    case MeasureScenario::kOnCourse:
      return lead +
             ", in line with the plan. The improvement work agreed last year is on "
             "schedule.";
    case MeasureScenario::kAhead:
      return lead +
             ", better than planned. The team will keep the changes that made the "
             "difference and share them across the divisions.";
    case MeasureScenario::kBehind:
      return lead + fmt::format(
                        ", improving but more slowly than the trajectory. A recovery "
                        "plan goes to {} next month.",
                        committee);
    case MeasureScenario::kStuck:
      return lead +
             ", with no real change from the baseline. The owner is reviewing the plan "
             "with the improvement team.";
    case MeasureScenario::kWorsening:
      return lead + fmt::format(
                        ", worse than a year ago. A deep dive has been commissioned and "
                        "will report to {}.",
                        committee);
    case MeasureScenario::kStep:
      return lead + ", holding the step change seen since the new pathway began.";
    case MeasureScenario::kNoData:
      break;
  }
  return lead + ".";
}

}  // namespace

Result<SyntheticMeasures> GenerateMeasures(const strategy::Strategy& s,
                                           const MeasuresSynthOptions& options) {
  const strategy::StrategyPeriod& period = s.organisation.period;
  if (period.end < period.start) {
    return Status::InvalidInput("the strategy period is empty (its end is before its start)");
  }
  SyntheticMeasures out;
  out.until = options.until.value_or(DefaultMeasuresUntil(s));
  if (options.today) {
    if (options.until && *options.today < *options.until)
      return Status::InvalidInput(
          fmt::format("--until {} is after today ({}); synthetic values are observations, and "
                      "none can be dated in the future",
                      options.until->ToString(), options.today->ToString()));
    Date last_month_end = Date{options.today->year, options.today->month, 1}.AddDays(-1);
    if (!options.until && last_month_end < out.until) out.until = last_month_end;
  }
  if (out.until < period.start) {
    return Status::InvalidInput(fmt::format("--until {} is before the strategy starts ({})",
                                            out.until.ToString(), period.start.ToString()));
  }
  AppendCsvRow(out.values_csv,
               {"measure_id", "period", "value", "numerator", "denominator", "note"});
  AppendCsvRow(out.benchmarks_csv,
               {"indicator", "period", "org_code", "org_name", "peer_group", "value"});
  out.commentary_md = fmt::format("# Commentary: {} (synthetic)\n\n", s.organisation.strategy);
  std::vector<MeasureScenario> scenarios = DealScenarios(s, options.seed);
  std::vector<std::vector<internal::MilestoneOutcome>> milestones = DealMilestones(s, options.seed);
  for (size_t i = 0; i < s.measures.size(); ++i) {
    const strategy::Measure& m = s.measures[i];
    out.scenarios.emplace_back(m.id, scenarios[i]);
    if (scenarios[i] == MeasureScenario::kNoData) continue;
    // Fed from patient-level data (`barometer population feed`), not invented.
    if (m.population) continue;
    MeasureModel model(s, m, scenarios[i], options.seed, out.until, milestones[i]);
    std::vector<internal::SyntheticValue> values = model.Generate();
    std::vector<std::pair<Period, double>> own;
    for (const internal::SyntheticValue& v : values) {
      AppendCsvRow(out.values_csv, {m.id, v.period.ToString(), FormatShortest(v.value),
                                    Opt(v.numerator), Opt(v.denominator), v.note});
      own.emplace_back(v.period, v.value);
      ++out.observations;
    }
    if (!m.peer_group.empty() && !Composite(m) && m.unit != strategy::MeasureUnit::kMilestone) {
      AddBenchmarks(s, model, own, options, out);
    }
    if (m.unit == strategy::MeasureUnit::kMilestone || values.empty()) continue;
    std::string author = Author(s, m);
    size_t from = values.size() >= 2 ? values.size() - 2 : 0;
    for (size_t k = from; k < values.size(); ++k) {
      out.commentary_md +=
          fmt::format("## {} {}\nAuthor: {}\n\n{}\n\n", m.id, values[k].period.ToString(), author,
                      CommentaryText(s, model, values[k].period, values[k].value));
      ++out.commentary_entries;
    }
  }
  return out;
}

}  // namespace barometer::synth
