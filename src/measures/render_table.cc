// The evaluation and history as CSV and as terminal tables.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "core/csv.h"
#include "core/number.h"
#include "measures/render.h"

namespace barometer::measures {
namespace {

// Display width of UTF-8 text (code points; every one taken as one column).
size_t Width(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string Pad(std::string_view s, size_t width) {
  std::string out(s);
  size_t w = Width(s);
  if (w < width) out.append(width - w, ' ');
  return out;
}

// Cuts to `width` columns, ending with "…" when cut.
std::string Fit(std::string_view s, size_t width) {
  if (Width(s) <= width) return Pad(s, width);
  std::string out;
  size_t n = 0;
  for (size_t i = 0; i < s.size() && n < width - 1; ++i) {
    out.push_back(s[i]);
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      // count a code point when its lead byte is written
      ++n;
    }
    while (i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) {
      out.push_back(s[++i]);
    }
  }
  return out + "…";
}

// Word-wraps `text` to `width`, each line starting with `indent`.
std::string Wrap(std::string_view text, size_t width, std::string_view indent) {
  std::string out, line(indent);
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(start, end - start);
    if (Width(line) > indent.size() && Width(line) + 1 + Width(word) > width) {
      out += line + "\n";
      line = std::string(indent);
    }
    if (Width(line) > indent.size()) line += ' ';
    line += word;
    start = end + 1;
  }
  if (Width(line) > indent.size()) out += line + "\n";
  return out;
}

const char* StatusColour(MeasureStatus s) {
  switch (s) {
    case MeasureStatus::kAchieved:
    case MeasureStatus::kMilestoneComplete:
    case MeasureStatus::kOnTrack:
      return "\033[32m";  // green
    case MeasureStatus::kAtRisk:
      return "\033[33m";  // amber
    case MeasureStatus::kOffTrack:
    case MeasureStatus::kMilestoneOverdue:
      return "\033[31m";  // red
    default:
      return "\033[90m";  // grey
  }
}

std::string StatusCell(MeasureStatus s, size_t width, bool colour) {
  std::string cell = Pad(StatusName(s), width);
  if (!colour) return cell;
  return StatusColour(s) + cell + "\033[0m";
}

std::string OpSymbol(const std::string& op) {
  if (op == ">=") return "≥ ";
  if (op == "<=") return "≤ ";
  if (op == ">") return "> ";
  if (op == "<") return "< ";
  return "";
}

// A value as FormatValue writes it, with long units shortened for a column:
// "144.9/100k", "2.1y", "30.0d".
std::string ShortValue(double v, const strategy::Measure& m) {
  std::string s = FormatValue(v, m);
  for (auto [from, to] : {std::pair<std::string_view, std::string_view>{" per 100,000", "/100k"},
                          {" per 10,000", "/10k"},
                          {" per 1,000", "/1k"},
                          {" per ", "/"},
                          {" years", "y"},
                          {" days", "d"},
                          {"% complete", "%"}}) {
    if (size_t at = s.find(from); at != std::string::npos) s.replace(at, from.size(), to);
  }
  return s;
}

std::string TargetCell(const MeasureEvaluation& m, const strategy::Strategy& s) {
  if (!m.target) return "—";
  const TargetView& t = *m.target;
  const strategy::Measure* measure = strategy::FindMeasure(s, m.measure_id);
  const strategy::Target* raw = measure ? &measure->targets[t.index] : nullptr;
  switch (t.kind) {
    case strategy::TargetKind::kMilestone:
      return fmt::format("due {}", t.due.ToString());
    case strategy::TargetKind::kEstablishBaseline:
      return "baseline";
    case strategy::TargetKind::kRank:
      if (raw && raw->quartile) return fmt::format("quartile {}", *raw->quartile);
      if (raw && raw->rank) return fmt::format("rank ≤ {}", *raw->rank);
      return "rank";
    default:
      break;
  }
  if (!t.goal || measure == nullptr)
    return t.kind == strategy::TargetKind::kImprovement ? "improve" : "—";
  double g = t.goal_for_period.value_or(*t.goal);
  std::string text = OpSymbol(t.op) + ShortValue(g, *measure);
  if (raw && raw->significant) text += " sig.";
  return text;
}

std::string VariationCell(const MeasureEvaluation& m) {
  return m.spc ? std::string(stats::VariationIconName(m.spc->variation_icon)) : "—";
}

std::string AssuranceCell(const MeasureEvaluation& m) {
  std::string a = m.spc ? std::string(stats::AssuranceIconName(m.spc->assurance)) : "";
  return a.empty() ? "—" : a;
}

std::string RankCell(const MeasureEvaluation& m) {
  if (!m.rank) return "—";
  if (m.rank->quartile == 0) return fmt::format("{}/{}", m.rank->rank, m.rank->peers);
  return fmt::format("Q{} {}/{}", m.rank->quartile, m.rank->rank, m.rank->peers);
}

std::string ForecastCell(const MeasureEvaluation& m) {
  const ForecastInfo* f = MainForecast(m);
  if (f == nullptr) return "—";
  return fmt::format("{} {:.0f}%", f->projected_to_meet ? "meet" : "miss", 100 * f->probability);
}

std::string Counts(const RollUp& r) {
  std::vector<std::string> parts;
  for (int i = 0; i < kStatusCount; ++i) {
    if (r.counts[i] > 0) {
      parts.push_back(fmt::format("{} {}", r.counts[i], StatusName(static_cast<MeasureStatus>(i))));
    }
  }
  return parts.empty() ? "no measures" : fmt::format("{}", fmt::join(parts, ", "));
}

constexpr size_t kIdWidth = 30, kPeriodWidth = 10, kValueWidth = 11, kTargetWidth = 14,
                 kStatusWidth = 18, kVariationWidth = 16, kAssuranceWidth = 12, kRankWidth = 10;

std::string HeaderRow() {
  return "    " + Pad("measure", kIdWidth) + " " + Pad("latest", kPeriodWidth) + " " +
         Pad("value", kValueWidth) + " " + Pad("target", kTargetWidth) + " " +
         Pad("status", kStatusWidth) + " " + Pad("SPC variation", kVariationWidth) + " " +
         Pad("assurance", kAssuranceWidth) + " " + Pad("rank", kRankWidth) + " forecast\n";
}

std::string MeasureRow(const MeasureEvaluation& m, const strategy::Strategy& s,
                       const TableStyle& style) {
  const strategy::Measure* measure = strategy::FindMeasure(s, m.measure_id);
  std::string value = m.latest && measure ? ShortValue(m.latest->value, *measure) : "—";
  std::string row =
      "    " + Fit(m.measure_id, kIdWidth) + " " +
      Fit(m.latest ? m.latest->period.ToString() + (m.latest->provisional ? " p" : "") : "—",
          kPeriodWidth) +
      " " + Fit(value, kValueWidth) + " " + Fit(TargetCell(m, s), kTargetWidth) + " " +
      StatusCell(m.status, kStatusWidth, style.colour) + " " +
      Fit(VariationCell(m), kVariationWidth) + " " + Fit(AssuranceCell(m), kAssuranceWidth) + " " +
      Fit(RankCell(m), kRankWidth) + " " + ForecastCell(m);
  while (!row.empty() && row.back() == ' ') row.pop_back();
  row += "\n";
  if (style.reasons && !m.reason.empty()) {
    row += Wrap(m.reason, static_cast<size_t>(std::max(40, style.width)), "      ");
  }
  return row;
}

std::string RollUpLine(const RollUp& r, const TableStyle& style) {
  if (r.measures == 0) return "no measures";
  std::string headline = std::string(StatusName(r.headline));
  if (style.colour) headline = StatusColour(r.headline) + headline + "\033[0m";
  return fmt::format("{} ({}: {})", headline,
                     r.measures == 1 ? "1 measure" : fmt::format("{} measures", r.measures),
                     Counts(r));
}

}  // namespace

namespace {

// The record's parts the table shows under an objective: its owner and its
// delivery targets.
void ObjectiveExtras(const PeriodRecord* rec, const RollUp* r, std::string_view objective_id,
                     std::string& out) {
  if (rec == nullptr) return;
  if (r != nullptr) out += "    owner: " + r->owner + "\n";
  for (const DeliveryTarget* t : rec->DeliveryTargetsOf(objective_id)) {
    out += fmt::format("    delivery target {}: {} — {} ({})\n", t->id, t->text,
                       StatusName(t->status), t->reason);
  }
}

std::string Table(const Evaluation& e, const strategy::Strategy& s, const TableStyle& style,
                  const PeriodRecord* rec) {
  std::string out = fmt::format("{} — {}\n", s.organisation.strategy, s.organisation.name);
  std::string year = e.strategy_year ? fmt::format(", Year {} of the strategy", *e.strategy_year)
                                     : ", outside the strategy period";
  out += fmt::format("Evaluated at {} (to {}{}{})\n", e.period.ToString(), e.period.end.ToString(),
                     year, e.period_defaulted ? "; the latest quarter with data" : "");
  out += "Organisation: " + RollUpLine(e.organisation, style) + "\n";
  std::map<std::string, const RollUp*, std::less<>> objectives;
  for (const RollUp& r : e.objectives) objectives[r.id] = &r;
  for (const RollUp& p : e.priorities) {
    const strategy::Priority* priority = strategy::FindPriority(s, p.id);
    const strategy::Committee* committee =
        priority ? strategy::FindCommittee(s, priority->committee) : nullptr;
    out += fmt::format("\n{}{}: {}\n", p.name, committee ? " — " + committee->name : "",
                       RollUpLine(p, style));
    bool header = false;
    auto print = [&](const MeasureEvaluation& m) {
      if (!header) out += HeaderRow();
      header = true;
      out += MeasureRow(m, s, style);
    };
    for (const MeasureEvaluation& m : e.measures) {
      if (m.priority_id == p.id && m.objective_id.empty()) print(m);
    }
    for (const strategy::Objective* o : strategy::ObjectivesOf(s, p.id)) {
      const RollUp* r = objectives[o->id];
      out += fmt::format("  {}: {}\n", o->name, r ? RollUpLine(*r, style) : "no measures");
      ObjectiveExtras(rec, r, o->id, out);
      header = false;
      for (const MeasureEvaluation& m : e.measures) {
        if (m.objective_id == o->id) print(m);
      }
    }
  }
  return out;
}

std::string Csv(const Evaluation& e, const PeriodRecord* rec) {
  std::string out;
  std::vector<std::string> header = {"priority_id",
                                     "objective_id",
                                     "committee_id",
                                     "measure_id",
                                     "name",
                                     "unit",
                                     "period",
                                     "value",
                                     "provisional",
                                     "baseline",
                                     "target",
                                     "target_for_period",
                                     "target_due",
                                     "status",
                                     "variation_icon",
                                     "assurance_icon",
                                     "rank",
                                     "peers",
                                     "quartile",
                                     "forecast",
                                     "forecast_lower",
                                     "forecast_upper",
                                     "forecast_probability",
                                     "forecast_status",
                                     "reason"};
  if (rec != nullptr) {
    for (const char* c : {"owner", "record_state", "proposed_assurance", "recovery", "open_actions",
                          "key_message", "spc_rebased_from", "spc_provisional_limits"})
      header.push_back(c);
  }
  AppendCsvRow(out, header);
  auto opt = [](const std::optional<double>& v) { return v ? FormatShortest(*v) : ""; };
  for (const MeasureEvaluation& m : e.measures) {
    const ForecastInfo* f = MainForecast(m);
    std::vector<std::string> row = {
        m.priority_id,
        m.objective_id,
        m.committee_id,
        m.measure_id,
        m.name,
        m.unit,
        m.latest ? m.latest->period.ToString() : "",
        m.latest ? FormatShortest(m.latest->value) : "",
        m.latest ? (m.latest->provisional ? "yes" : "no") : "",
        opt(m.baseline.value),
        m.target ? opt(m.target->goal) : "",
        m.target ? opt(m.target->goal_for_period) : "",
        m.target ? m.target->due.ToString() : "",
        std::string(StatusName(m.status)),
        m.spc ? std::string(stats::VariationIconName(m.spc->variation_icon)) : "",
        m.spc ? std::string(stats::AssuranceIconName(m.spc->assurance)) : "",
        m.rank ? std::to_string(m.rank->rank) : "",
        m.rank ? std::to_string(m.rank->peers) : "",
        m.rank && m.rank->quartile > 0 ? std::to_string(m.rank->quartile) : "",
        f ? FormatShortest(f->value) : "",
        f ? FormatShortest(f->lower) : "",
        f ? FormatShortest(f->upper) : "",
        f ? FormatFixed(f->probability, 3) : "",
        f ? (f->projected_to_meet ? "projected_to_meet" : "projected_to_miss") : "",
        m.reason};
    if (rec != nullptr) {
      const Update* u = rec->UpdateForMeasure(m.measure_id);
      int open = 0;
      if (u != nullptr) {
        for (const Action& a : u->actions)
          open += a.state == ActionState::kOpen || a.state == ActionState::kOverdue;
      }
      std::string rebased;
      for (const SpcRebase& r : m.spc_rebases)
        if (r.starts) rebased = r.starts->ToString();
      row.push_back(m.owner);
      row.push_back(std::string(RecordStateName(rec->state)));
      row.push_back(u && u->proposed_assurance
                        ? std::string(AssuranceLevelName(*u->proposed_assurance))
                        : "");
      row.push_back(u && u->recovery ? u->recovery->ToString() : "");
      row.push_back(u ? std::to_string(open) : "");
      row.push_back(u ? u->key_message : "");
      row.push_back(rebased);
      row.push_back(m.spc ? (m.spc_provisional_limits ? "true" : "false") : "");
    }
    AppendCsvRow(out, row);
  }
  return out;
}

// Free text on one line for wrapping (the file's line breaks are not the table's).
std::string OneLine(std::string text) {
  for (char& c : text)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return text;
}

std::string UpdateLines(const Update& u, const strategy::Strategy& s, size_t width) {
  std::string out;
  std::vector<std::string> facts;
  if (!u.author_role.empty()) facts.push_back("from " + OwnerName(s, u.author_role));
  if (u.proposed_assurance)
    facts.push_back(
        fmt::format("proposed assurance {}", AssuranceLevelName(*u.proposed_assurance)));
  if (u.recovery) facts.push_back("recovery by " + u.recovery->ToString());
  out += fmt::format("  {} {}{}\n", u.measure_id.empty() ? "objective" : "measure",
                     u.measure_id.empty() ? u.objective_id : u.measure_id,
                     facts.empty() ? "" : fmt::format(" ({})", fmt::join(facts, "; ")));
  if (!u.key_message.empty()) out += Wrap("Key message: " + u.key_message, width, "    ");
  if (!u.narrative.empty()) out += Wrap(OneLine(u.narrative), width, "    ");
  for (const Action& a : u.actions) {
    out += Wrap(fmt::format("action [{}] {} — {}, due {}", ActionStateName(a.state), a.text,
                            OwnerName(s, a.owner_role), a.due.ToString()),
                width, "    ");
  }
  for (const std::string& m : u.mitigations) out += Wrap("mitigation: " + m, width, "    ");
  return out;
}

}  // namespace

std::string EvaluationTable(const Evaluation& e, const strategy::Strategy& s,
                            const TableStyle& style) {
  return Table(e, s, style, nullptr);
}

std::string EvaluationCsv(const Evaluation& e) { return Csv(e, nullptr); }

std::string RecordCsv(const PeriodRecord& r) { return Csv(r.evaluation, &r); }

std::string RecordTable(const PeriodRecord& r, const strategy::Strategy& s,
                        const TableStyle& style) {
  size_t width = static_cast<size_t>(std::max(40, style.width));
  std::string out = Table(r.evaluation, s, style, &r);
  std::string state = r.state == RecordState::kLocked
                          ? fmt::format("locked {} by {} (the Board's record, read as of load {})",
                                        r.locked_at, r.locked_by, r.lock_load_id)
                          : std::string("open (data and updates may change)");
  out += fmt::format("\nRecord: {}; {}\n", state, r.as_of);
  if (!r.updates.empty()) {
    out += "\nUpdates\n";
    for (const Update& u : r.updates) out += UpdateLines(u, s, width);
  }
  if (!r.assurance.empty()) {
    out += "\nCommittee assurance\n";
    for (const CommitteeAssurance& c : r.assurance) {
      const strategy::Committee* k = strategy::FindCommittee(s, c.committee_id);
      out += fmt::format("  {}\n", k ? k->name : std::string("Board of Directors"));
      for (const ObjectiveAssurance& o : c.objectives) {
        out += Wrap(fmt::format("{}: {}{}", o.objective_id, AssuranceLevelName(o.level),
                                o.comment.empty() ? "" : " — " + o.comment),
                    width, "    ");
      }
      for (auto [name, items] :
           {std::pair<std::string_view, const std::vector<std::string>*>{"alert", &c.alert},
            {"advise", &c.advise},
            {"assure", &c.assure}}) {
        for (const std::string& t : *items)
          out += Wrap(fmt::format("{}: {}", name, t), width, "    ");
      }
    }
  }
  if (!r.process_changes.empty()) {
    out += "\nProcess changes (SPC limits recalculated from each)\n";
    for (const ProcessChange& c : r.process_changes)
      out += Wrap(fmt::format("{} {}: {}", c.measure_id, c.date.ToString(), c.description), width,
                  "  ");
  }
  if (!r.revisions_since_lock.empty()) {
    out += "\nRevised since the Board saw it\n";
    for (const RevisionSinceLock& v : r.revisions_since_lock) {
      const strategy::Measure* m = strategy::FindMeasure(s, v.measure_id);
      auto show = [&](double x) { return m ? FormatValue(x, *m) : FormatShortest(x); };
      out += fmt::format("  {} {}: {} (the Board saw {})\n", v.measure_id, v.period.ToString(),
                         show(v.value_now), v.added ? "no value" : show(v.value_seen));
    }
  }
  return out;
}

std::string HistoryCsv(const std::vector<StoredObservation>& rows) {
  std::string out;
  AppendCsvRow(out, {"measure_id", "period", "revision", "current", "value", "numerator",
                     "denominator", "lower", "upper", "note", "provisional", "source_file",
                     "source_line", "loaded_at", "loaded_by"});
  auto opt = [](const std::optional<double>& v) { return v ? FormatShortest(*v) : ""; };
  for (const StoredObservation& r : rows) {
    const Observation& o = r.observation;
    AppendCsvRow(out, {o.measure_id, o.period.ToString(), std::to_string(r.revision),
                       r.current ? "true" : "false", FormatShortest(o.value), opt(o.numerator),
                       opt(o.denominator), opt(o.lower), opt(o.upper), o.note,
                       o.provisional ? "true" : "false", r.provenance.source_file,
                       std::to_string(r.provenance.source_line), r.provenance.loaded_at,
                       r.provenance.loaded_by});
  }
  return out;
}

std::string HistoryTable(const std::vector<StoredObservation>& rows, bool colour) {
  std::string out = Pad("period", 12) + Pad("rev", 5) + Pad("value", 12) + Pad("", 11) +
                    Pad("source", 34) + Pad("loaded at", 22) + "loaded by\n";
  for (const StoredObservation& r : rows) {
    const Observation& o = r.observation;
    std::string state = r.current ? "current" : "superseded";
    if (colour && !r.current) state = "\033[90m" + state + "\033[0m";
    std::string where = fmt::format("{}:{}", r.provenance.source_file, r.provenance.source_line);
    out += Pad(o.period.ToString(), 12) + Pad(std::to_string(r.revision), 5) +
           Pad(FormatShortest(o.value), 12) + state +
           std::string(11 - Width(r.current ? "current" : "superseded"), ' ') + Fit(where, 33) +
           " " + Pad(r.provenance.loaded_at, 22) + r.provenance.loaded_by + "\n";
    if (o.provisional) out += "            provisional: the publisher will revise it\n";
    if (!o.note.empty()) out += "            note: " + o.note + "\n";
  }
  return out;
}

}  // namespace barometer::measures
