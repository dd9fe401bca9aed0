// The evaluation and history as JSON (docs/evaluation.md, "JSON").
#include <cmath>

#include <nlohmann/json.hpp>

#include "measures/record.h"
#include "measures/render.h"

namespace barometer::measures {

using nlohmann::ordered_json;

namespace {

ordered_json Opt(const std::optional<double>& v) { return v ? ordered_json(*v) : ordered_json(); }

ordered_json Num(double v) { return std::isfinite(v) ? ordered_json(v) : ordered_json(); }

ordered_json ObservationJson(const Observation& o) {
  ordered_json j;
  j["period"] = o.period.ToString();
  j["period_start"] = o.period.start.ToString();
  j["period_end"] = o.period.end.ToString();
  j["value"] = o.value;
  j["numerator"] = Opt(o.numerator);
  j["denominator"] = Opt(o.denominator);
  j["lower"] = Opt(o.lower);
  j["upper"] = Opt(o.upper);
  j["note"] = o.note;
  j["provisional"] = o.provisional;
  return j;
}

ordered_json TargetJson(const TargetView& t) {
  ordered_json j;
  j["index"] = t.index;
  j["kind"] = strategy::EnumName(t.kind);
  j["year"] = t.year ? ordered_json(*t.year) : ordered_json();
  j["due"] = t.due.ToString();
  j["text"] = t.text;
  j["goal"] = Opt(t.goal);
  j["op"] = t.op;
  j["goal_for_period"] = Opt(t.goal_for_period);
  return j;
}

ordered_json BaselineJson(const BaselineUsed& b) {
  ordered_json j;
  j["source"] = BaselineSourceName(b.source);
  j["value"] = Opt(b.value);
  j["period"] = b.period;
  j["date"] = b.date ? ordered_json(b.date->ToString()) : ordered_json();
  j["points"] = b.points;
  j["provisional"] = b.provisional;
  j["lower"] = Opt(b.lower);
  j["upper"] = Opt(b.upper);
  return j;
}

ordered_json SpcJson(const stats::SpcSeries& s) {
  ordered_json j;
  j["variation_icon"] = stats::VariationIconName(s.variation_icon);
  j["assurance_icon"] = stats::AssuranceIconName(s.assurance);
  j["variation"] = stats::VariationIconDescription(s.variation_icon);
  j["assurance"] = stats::AssuranceIconDescription(s.assurance);
  j["target"] = Opt(s.target);
  ordered_json points = ordered_json::array();
  for (const stats::SpcPoint& p : s.points) {
    points.push_back({{"date", p.date.ToString()},
                      {"value", Opt(p.value)},
                      {"rebase_group", p.rebase_group},
                      {"mean", Num(p.mean)},
                      {"lpl", Num(p.lpl)},
                      {"upl", Num(p.upl)},
                      {"special_cause_type", p.special_cause_type},
                      {"point_type", stats::PointTypeName(p.point_type)}});
  }
  j["points"] = std::move(points);
  return j;
}

ordered_json RankJson(const RankInfo& r) {
  ordered_json j;
  j["indicator"] = r.indicator;
  j["peer_group"] = r.peer_group;
  j["period"] = r.period.ToString();
  j["org_code"] = r.org_code;
  j["value"] = r.value;
  j["peers"] = r.peers;
  j["missing"] = r.missing;
  j["rank"] = r.rank;
  j["tied"] = r.tied;
  j["quartile"] = r.quartile == 0 ? ordered_json() : ordered_json(r.quartile);
  j["cut_points"] = {Opt(r.cut_points[0]), Opt(r.cut_points[1]), Opt(r.cut_points[2])};
  j["components_in_quartile"] = r.components_in_quartile;
  j["components_ranked"] = r.components_ranked;
  return j;
}

ordered_json FunnelJson(const FunnelInfo& f) {
  ordered_json j;
  j["indicator"] = f.indicator;
  j["peer_group"] = f.peer_group;
  j["period"] = f.period.ToString();
  j["multiplier"] = f.multiplier;
  j["average"] = f.average;
  j["position"] = f.position;
  j["position_text"] = f.position_text;
  j["outside"] = {{"above_998", f.above998},
                  {"above_95", f.above95},
                  {"below_95", f.below95},
                  {"below_998", f.below998}};
  j["method"] = f.method;
  ordered_json peers = ordered_json::array();
  for (const FunnelPeer& p : f.peers) {
    peers.push_back({{"org_code", p.org_code},
                     {"numerator", p.numerator},
                     {"denominator", p.denominator},
                     {"value", p.value},
                     {"ours", p.ours},
                     {"significance", p.significance}});
  }
  j["peers"] = std::move(peers);
  ordered_json limits = ordered_json::array();
  for (const FunnelLimitPoint& l : f.limits) {
    limits.push_back({{"x", l.x},
                      {"lower_95", Num(l.lower95)},
                      {"upper_95", Num(l.upper95)},
                      {"lower_998", Num(l.lower998)},
                      {"upper_998", Num(l.upper998)}});
  }
  j["limits"] = std::move(limits);
  return j;
}

ordered_json ForecastJson(const ForecastInfo& f) {
  return {{"target_index", f.target_index},
          {"due", f.due.ToString()},
          {"goal", f.goal},
          {"op", f.op},
          {"value", f.value},
          {"lower", f.lower},
          {"upper", f.upper},
          {"probability", f.probability},
          {"forecast_status", f.projected_to_meet ? "projected_to_meet" : "projected_to_miss"},
          {"points", f.points},
          {"slope_per_year", f.slope_per_year},
          {"method", f.method},
          {"fitted_from", f.fitted_from.ToString()},
          {"fitted_to", f.fitted_to.ToString()},
          {"confidence", f.confidence},
          {"method_text", f.method_text}};
}

ordered_json MeasureJson(const MeasureEvaluation& m) {
  ordered_json j;
  j["measure_id"] = m.measure_id;
  j["name"] = m.name;
  j["objective_id"] = m.objective_id;
  j["priority_id"] = m.priority_id;
  j["committee_id"] = m.committee_id;
  j["unit"] = m.unit;
  j["direction"] = m.direction;
  j["frequency"] = m.frequency;
  j["owner_role"] = m.owner_role;
  j["owner"] = m.owner;
  j["status"] = StatusName(m.status);
  j["status_label"] = StatusLabel(m.status);
  j["reason"] = m.reason;
  j["latest"] = m.latest ? ObservationJson(*m.latest) : ordered_json();
  j["latest_year"] = m.latest_year ? ordered_json(*m.latest_year) : ordered_json();
  j["baseline"] = BaselineJson(m.baseline);
  j["target"] = m.target ? TargetJson(*m.target) : ordered_json();
  ordered_json targets = ordered_json::array();
  for (const TargetView& t : m.targets) targets.push_back(TargetJson(t));
  j["targets"] = std::move(targets);
  if (m.significance) {
    j["significance"] = {{"judged", m.significance->judged},
                         {"significant", m.significance->significant},
                         {"method", m.significance->method},
                         {"detail", m.significance->detail}};
  } else {
    j["significance"] = nullptr;
  }
  j["spc"] = m.spc ? SpcJson(*m.spc) : ordered_json();
  j["spc_note"] = m.spc_note;
  ordered_json rebases = ordered_json::array();
  for (const SpcRebase& r : m.spc_rebases) {
    rebases.push_back({{"date", r.date.ToString()},
                       {"starts", r.starts ? ordered_json(r.starts->ToString()) : ordered_json()},
                       {"source", RebaseSourceName(r.source)},
                       {"description", r.description},
                       {"points", r.points}});
  }
  j["spc_rebases"] = std::move(rebases);
  j["spc_phase_points"] = m.spc_phase_points;
  j["spc_provisional_limits"] = m.spc_provisional_limits;
  j["rank"] = m.rank ? RankJson(*m.rank) : ordered_json();
  j["funnel"] = m.funnel ? FunnelJson(*m.funnel) : ordered_json();
  ordered_json forecasts = ordered_json::array();
  for (const ForecastInfo& f : m.forecasts) forecasts.push_back(ForecastJson(f));
  j["forecasts"] = std::move(forecasts);
  if (m.commentary) {
    j["commentary"] = {{"period", m.commentary->period.ToString()},
                       {"author", m.commentary->author},
                       {"text", m.commentary->text}};
  } else {
    j["commentary"] = nullptr;
  }
  ordered_json series = ordered_json::array();
  for (const Observation& o : m.series) series.push_back(ObservationJson(o));
  j["series"] = std::move(series);
  ordered_json missing = ordered_json::array();
  for (const Period& p : m.missing_periods) missing.push_back(p.ToString());
  j["missing_periods"] = std::move(missing);
  ordered_json milestones = ordered_json::array();
  for (const MilestoneView& v : m.milestones) {
    milestones.push_back(
        {{"target_index", v.target_index},
         {"year", v.year ? ordered_json(*v.year) : ordered_json()},
         {"due", v.due.ToString()},
         {"text", v.text},
         {"status", StatusName(v.status)},
         {"done_in", v.done_in ? ordered_json(v.done_in->ToString()) : ordered_json()},
         {"late", v.late}});
  }
  j["milestones"] = std::move(milestones);
  return j;
}

ordered_json RollUpJson(const RollUp& r) {
  ordered_json counts;
  for (int i = 0; i < kStatusCount; ++i) {
    counts[std::string(StatusName(static_cast<MeasureStatus>(i)))] = r.counts[i];
  }
  return {{"level", RollUpLevelName(r.level)},
          {"id", r.id},
          {"name", r.name},
          {"headline", StatusName(r.headline)},
          {"measures", r.measures},
          {"counts", counts},
          {"measure_ids", r.measure_ids},
          {"owner_role", r.owner_role},
          {"owner", r.owner}};
}

ordered_json RollUps(const std::vector<RollUp>& rs) {
  ordered_json a = ordered_json::array();
  for (const RollUp& r : rs) a.push_back(RollUpJson(r));
  return a;
}

ordered_json EvaluationObject(const Evaluation& e, const strategy::Strategy& s) {
  ordered_json j;
  j["organisation"] = s.organisation.name;
  j["strategy"] = s.organisation.strategy;
  j["org_code"] = e.org_code;
  j["period"] = e.period.ToString();
  j["period_start"] = e.period.start.ToString();
  j["period_end"] = e.period.end.ToString();
  j["period_defaulted"] = e.period_defaulted;
  j["strategy_year"] = e.strategy_year ? ordered_json(*e.strategy_year) : ordered_json();
  j["rollup"] = {{"organisation", RollUpJson(e.organisation)},
                 {"priorities", RollUps(e.priorities)},
                 {"objectives", RollUps(e.objectives)},
                 {"committees", RollUps(e.committees)}};
  ordered_json measures = ordered_json::array();
  for (const MeasureEvaluation& m : e.measures) measures.push_back(MeasureJson(m));
  j["measures"] = std::move(measures);
  return j;
}

ordered_json OptDate(const std::optional<Date>& d) {
  return d ? ordered_json(d->ToString()) : ordered_json();
}

ordered_json ProvenanceJson(const Provenance& p) {
  return {{"load_id", p.load_id},
          {"source_file", p.source_file},
          {"source_line", p.source_line},
          {"loaded_at", p.loaded_at},
          {"loaded_by", p.loaded_by}};
}

ordered_json UpdateJson(const Update& u, const strategy::Strategy& s) {
  ordered_json actions = ordered_json::array();
  for (const Action& a : u.actions) {
    actions.push_back({{"text", a.text},
                       {"owner_role", a.owner_role},
                       {"owner", OwnerName(s, a.owner_role)},
                       {"due", a.due.ToString()},
                       {"state", ActionStateName(a.state)}});
  }
  return {{"subject", u.measure_id.empty() ? "objective" : "measure"},
          {"measure_id", u.measure_id},
          {"objective_id", u.objective_id},
          {"period", u.period.ToString()},
          {"author_role", u.author_role},
          {"author", u.author_role.empty() ? "" : OwnerName(s, u.author_role)},
          {"narrative", u.narrative},
          {"key_message", u.key_message},
          {"proposed_assurance", u.proposed_assurance
                                     ? ordered_json(AssuranceLevelName(*u.proposed_assurance))
                                     : ordered_json()},
          {"recovery", OptDate(u.recovery)},
          {"actions", std::move(actions)},
          {"mitigations", u.mitigations},
          {"revision", u.revision},
          {"provenance", ProvenanceJson(u.provenance)}};
}

ordered_json AssuranceJson(const CommitteeAssurance& c, const strategy::Strategy& s) {
  ordered_json objectives = ordered_json::array();
  for (const ObjectiveAssurance& o : c.objectives) {
    objectives.push_back({{"objective_id", o.objective_id},
                          {"level", AssuranceLevelName(o.level)},
                          {"level_label", AssuranceLevelLabel(o.level)},
                          {"comment", o.comment}});
  }
  const strategy::Committee* committee = strategy::FindCommittee(s, c.committee_id);
  return {{"committee_id", c.committee_id},
          {"committee", committee ? committee->name : std::string("Board of Directors")},
          {"chair", committee ? OwnerName(s, committee->chair) : OwnerName(s, "")},
          {"period", c.period.ToString()},
          {"objectives", std::move(objectives)},
          {"alert", c.alert},
          {"advise", c.advise},
          {"assure", c.assure},
          {"revision", c.revision},
          {"provenance", ProvenanceJson(c.provenance)}};
}

}  // namespace

std::string EvaluationJson(const Evaluation& e, const strategy::Strategy& s) {
  return EvaluationObject(e, s).dump(2) + "\n";
}

std::string RecordJson(const PeriodRecord& r, const strategy::Strategy& s) {
  ordered_json j = EvaluationObject(r.evaluation, s);
  j["record"] = {{"state", RecordStateName(r.state)},
                 {"locked_at", r.locked_at},
                 {"locked_by", r.locked_by},
                 {"lock_load_id", r.lock_load_id},
                 {"lock_today", OptDate(r.lock_today)},
                 {"as_of", r.as_of}};
  ordered_json updates = ordered_json::array();
  for (const Update& u : r.updates) updates.push_back(UpdateJson(u, s));
  j["updates"] = std::move(updates);
  ordered_json assurance = ordered_json::array();
  for (const CommitteeAssurance& c : r.assurance) assurance.push_back(AssuranceJson(c, s));
  j["assurance"] = std::move(assurance);
  ordered_json targets = ordered_json::array();
  for (const DeliveryTarget& t : r.delivery_targets) {
    targets.push_back({{"objective_id", t.objective_id},
                       {"id", t.id},
                       {"text", t.text},
                       {"due", t.due.ToString()},
                       {"done", t.done},
                       {"done_on", OptDate(t.done_on)},
                       {"status", StatusName(t.status)},
                       {"status_label", StatusLabel(t.status)},
                       {"reason", t.reason},
                       {"revision", t.revision}});
  }
  j["delivery_targets"] = std::move(targets);
  ordered_json changes = ordered_json::array();
  for (const ProcessChange& c : r.process_changes) {
    changes.push_back({{"measure_id", c.measure_id},
                       {"date", c.date.ToString()},
                       {"description", c.description},
                       {"revision", c.revision}});
  }
  j["process_changes"] = std::move(changes);
  ordered_json messages = ordered_json::array();  // what every paper's page 1 draws on
  for (const KeyMessage& k : r.key_messages) {
    messages.push_back({{"source", KeyMessageSourceName(k.source)},
                        {"measure_id", k.measure_id},
                        {"objective_id", k.objective_id},
                        {"priority_id", k.priority_id},
                        {"committee_id", k.committee_id},
                        {"text", k.text}});
  }
  j["key_messages"] = std::move(messages);
  return j.dump(2) + "\n";
}

std::string RevisionsSinceLockJson(const PeriodRecord& r) {
  ordered_json a = ordered_json::array();
  for (const RevisionSinceLock& v : r.revisions_since_lock) {
    a.push_back({{"measure_id", v.measure_id},
                 {"period", v.period.ToString()},
                 {"value_seen", v.added ? ordered_json() : ordered_json(v.value_seen)},
                 {"value_now", v.value_now},
                 {"added", v.added},
                 {"provenance", ProvenanceJson(v.provenance)}});
  }
  return a.dump(2) + "\n";
}

std::string HistoryJson(const std::vector<StoredObservation>& rows) {
  ordered_json a = ordered_json::array();
  for (const StoredObservation& r : rows) {
    ordered_json j = ObservationJson(r.observation);
    j["measure_id"] = r.observation.measure_id;
    j["revision"] = r.revision;
    j["current"] = r.current;
    j["source_file"] = r.provenance.source_file;
    j["source_line"] = r.provenance.source_line;
    j["loaded_at"] = r.provenance.loaded_at;
    j["loaded_by"] = r.provenance.loaded_by;
    j["load_id"] = r.provenance.load_id;
    a.push_back(std::move(j));
  }
  return a.dump(2) + "\n";
}

}  // namespace barometer::measures
