// Reading segmentation and case-finding rules from TOML.
#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "core/text.h"
#include "population/internal/default_rules.h"
#include "population/phm.h"

namespace barometer::population {
namespace {

// Collects every problem with a rules file.
class RuleErrors {
 public:
  explicit RuleErrors(std::string name) : name_(std::move(name)) {}
  void Add(const toml::node& at, std::string message) { Add(at.source(), std::move(message)); }
  void Add(const toml::source_region& at, std::string message) {
    lines_.push_back(fmt::format("{}:{}:{}: {}", name_, at.begin.line, at.begin.column, message));
  }
  void Add(std::string message) { lines_.push_back(fmt::format("{}: {}", name_, message)); }
  bool empty() const { return lines_.empty(); }
  Status ToStatus() const {
    return Status::InvalidInput(fmt::format("{}", fmt::join(lines_, "\n")));
  }

 private:
  std::string name_;
  std::vector<std::string> lines_;
};

void CheckKeys(const toml::table& t, const std::vector<std::string>& allowed,
               std::string_view where, RuleErrors& errors) {
  for (auto&& [key, value] : t) {
    std::string k(key.str());
    if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
    std::string hint = DidYouMean(k, allowed);
    errors.Add(key.source(),
               fmt::format("unknown key '{}' in {}{}", k, where, hint.empty() ? "" : "; " + hint));
  }
}

bool ValidEntry(std::string_view e) {
  if (e.rfind("snomed:", 0) == 0) {
    std::string_view id = e.substr(7);
    return id.size() >= 6 && id.size() <= 18 &&
           std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
  }
  if (e.rfind("icd10:", 0) != 0) return false;
  std::string_view p = e.substr(6);
  if (p.empty() || p.size() > 5 || p[0] < 'A' || p[0] > 'Z') return false;
  return std::all_of(p.begin() + 1, p.end(),
                     [](char c) { return (c >= '0' && c <= '9') || c == 'X'; });
}

int IntOr(const toml::table& t, std::string_view key, int fallback, int min, RuleErrors& errors) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return fallback;
  auto v = n->value<int64_t>();
  if (!v || *v < min || *v > 1200) {
    errors.Add(*n, fmt::format("{} must be a whole number from {} to 1200", key, min));
    return fallback;
  }
  return static_cast<int>(*v);
}

double NumberOr(const toml::table& t, std::string_view key, double fallback, RuleErrors& errors) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return fallback;
  auto v = n->value<double>();
  if (!v || *v < 0) {
    errors.Add(*n, fmt::format("{} must be a number, 0 or more", key));
    return fallback;
  }
  return *v;
}

std::vector<int> CodelistRefs(const toml::table& t, std::string_view key,
                              const std::vector<std::string>& names, RuleErrors& errors) {
  std::vector<int> out;
  const toml::node* n = t.get(key);
  if (n == nullptr) return out;
  const toml::array* arr = n->as_array();
  if (arr == nullptr) {
    errors.Add(*n, fmt::format("{} must be a list of code list names", key));
    return out;
  }
  for (const toml::node& e : *arr) {
    auto s = e.value<std::string>();
    auto it = s ? std::find(names.begin(), names.end(), *s) : names.end();
    if (it == names.end()) {
      std::string hint = s ? DidYouMean(*s, names) : "";
      errors.Add(e, fmt::format("'{}' is not a code list in [codelists]{}", s.value_or("?"),
                                hint.empty() ? "" : "; " + hint));
      continue;
    }
    out.push_back(static_cast<int>(it - names.begin()));
  }
  return out;
}

Rule ParseRule(const toml::table& t, bool case_finding, const std::vector<std::string>& names,
               RuleErrors& errors) {
  static const std::vector<std::string> kKeys = {
      "codelists", "min_codelists", "within_months",        "min_age", "max_age",
      "setting",   "min_events",    "events_within_months", "name"};
  CheckKeys(t, kKeys, case_finding ? "[[case_finding.rule]]" : "[[segment.rule]]", errors);
  Rule r;
  r.name = t["name"].value_or(std::string());
  r.codelists = CodelistRefs(t, "codelists", names, errors);
  r.min_codelists = IntOr(t, "min_codelists", 1, 1, errors);
  r.within_months = IntOr(t, "within_months", 0, 0, errors);
  r.min_age = IntOr(t, "min_age", -1, 0, errors);
  r.max_age = IntOr(t, "max_age", -1, 0, errors);
  r.min_events = IntOr(t, "min_events", 1, 1, errors);
  r.events_within_months = IntOr(t, "events_within_months", 12, 1, errors);
  if (const toml::node* s = t.get("setting")) {
    std::string v = s->value_or(std::string());
    std::vector<std::string> settings;
    for (int i = 0; i < kSettingCount; ++i)
      settings.emplace_back(SettingName(static_cast<Setting>(i)));
    auto it = std::find(settings.begin(), settings.end(), v);
    if (it == settings.end()) {
      std::string hint = DidYouMean(v, settings);
      errors.Add(*s, fmt::format("setting '{}' is not one of ae, emergency_admission, "
                                 "elective_admission, daycase, outpatient{}",
                                 v, hint.empty() ? "" : "; " + hint));
    } else {
      r.setting = static_cast<int>(it - settings.begin());
    }
  }
  if (!r.codelists.empty() && r.min_codelists > static_cast<int>(r.codelists.size())) {
    errors.Add(t, fmt::format("min_codelists is {} but the rule names only {} code list(s)",
                              r.min_codelists, r.codelists.size()));
  }
  if (case_finding && r.name.empty()) errors.Add(t, "a case-finding rule needs a name");
  return r;
}

void ParseCodelists(const toml::table& root, SegmentationRules& rules, RuleErrors& errors) {
  const toml::table* lists = root["codelists"].as_table();
  if (lists == nullptr) {
    errors.Add("no [codelists] table; the rules need code lists to match conditions on");
    return;
  }
  for (auto&& [key, value] : *lists) {
    std::vector<std::string> entries;
    const toml::array* arr = value.as_array();
    if (arr == nullptr) {
      errors.Add(value, fmt::format("code list '{}' must be a list of codes", key.str()));
      continue;
    }
    for (const toml::node& e : *arr) {
      auto s = e.value<std::string>();
      if (!s || !ValidEntry(*s)) {
        errors.Add(e, fmt::format("'{}' is not a code; expected \"icd10:<prefix>\" (e.g. "
                                  "\"icd10:E11\") or \"snomed:<concept id>\"",
                                  s.value_or("?")));
        continue;
      }
      entries.push_back(*s);
    }
    rules.codelist_names.emplace_back(key.str());
    rules.codelist_entries.push_back(std::move(entries));
  }
  if (rules.codelist_names.size() > 64) errors.Add("at most 64 code lists are supported");
}

void ParseSegments(const toml::table& root, SegmentationRules& rules, RuleErrors& errors) {
  const toml::array* segs = root["segment"].as_array();
  if (segs == nullptr || segs->empty()) {
    errors.Add("no [[segment]] tables; the rules need at least one segment");
    return;
  }
  std::set<std::string> ids;
  for (const toml::node& n : *segs) {
    const toml::table* t = n.as_table();
    if (t == nullptr) continue;
    CheckKeys(*t, {"id", "label", "rule"}, "[[segment]]", errors);
    SegmentDef s;
    s.id = (*t)["id"].value_or(std::string());
    s.label = (*t)["label"].value_or(s.id);
    if (s.id.empty()) errors.Add(*t, "a segment needs an id");
    if (!ids.insert(s.id).second) errors.Add(*t, fmt::format("segment id '{}' is repeated", s.id));
    if (const toml::array* rs = (*t)["rule"].as_array()) {
      for (const toml::node& r : *rs) {
        if (const toml::table* rt = r.as_table()) {
          s.rules.push_back(ParseRule(*rt, false, rules.codelist_names, errors));
        }
      }
    }
    rules.segments.push_back(std::move(s));
  }
  for (size_t i = 0; i + 1 < rules.segments.size(); ++i) {
    if (rules.segments[i].rules.empty()) {
      errors.Add(*segs->get(i), fmt::format("segment '{}' has no rules; only the last segment "
                                            "(everyone else) may have none",
                                            rules.segments[i].id));
    }
  }
  if (!rules.segments.back().rules.empty()) {
    errors.Add(*segs->get(segs->size() - 1),
               fmt::format("the last segment ('{}') must have no rules, so that every person "
                           "gets a segment",
                           rules.segments.back().id));
  }
  if (rules.segments.size() > 250) errors.Add("at most 250 segments are supported");
}

void ParseScore(const toml::table& t, SegmentationRules& rules, RuleErrors& errors) {
  CheckKeys(t,
            {"window_months", "emergency_admission", "ae_attendance", "bed_day", "bed_day_cap",
             "long_term_condition", "long_term_conditions", "frailty_or_dementia",
             "frailty_codelists", "age_75_to_84", "age_85_plus", "core20"},
            "[case_finding.score]", errors);
  RiskScore& s = rules.score;
  s.window_months = IntOr(t, "window_months", s.window_months, 1, errors);
  s.emergency_admission = NumberOr(t, "emergency_admission", s.emergency_admission, errors);
  s.ae_attendance = NumberOr(t, "ae_attendance", s.ae_attendance, errors);
  s.bed_day = NumberOr(t, "bed_day", s.bed_day, errors);
  s.bed_day_cap = IntOr(t, "bed_day_cap", s.bed_day_cap, 0, errors);
  s.long_term_condition = NumberOr(t, "long_term_condition", s.long_term_condition, errors);
  s.long_term_conditions = CodelistRefs(t, "long_term_conditions", rules.codelist_names, errors);
  s.frailty_or_dementia = NumberOr(t, "frailty_or_dementia", s.frailty_or_dementia, errors);
  s.frailty_codelists = CodelistRefs(t, "frailty_codelists", rules.codelist_names, errors);
  s.age_75_to_84 = NumberOr(t, "age_75_to_84", s.age_75_to_84, errors);
  s.age_85_plus = NumberOr(t, "age_85_plus", s.age_85_plus, errors);
  s.core20 = NumberOr(t, "core20", s.core20, errors);
}

void ParseCaseFinding(const toml::table& root, SegmentationRules& rules, RuleErrors& errors) {
  const toml::table* cf = root["case_finding"].as_table();
  if (cf == nullptr) return;
  CheckKeys(*cf, {"rule", "score"}, "[case_finding]", errors);
  if (const toml::array* rs = (*cf)["rule"].as_array()) {
    for (const toml::node& r : *rs) {
      if (const toml::table* rt = r.as_table()) {
        rules.case_finding.push_back(ParseRule(*rt, true, rules.codelist_names, errors));
      }
    }
  }
  if (const toml::table* score = (*cf)["score"].as_table()) ParseScore(*score, rules, errors);
}

}  // namespace

Result<SegmentationRules> ParseSegmentationRules(std::string_view text, const std::string& name) {
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    return Status::InvalidInput(std::string(e.description()),
                                {name, static_cast<int>(b.line), static_cast<int>(b.column)});
  }
  RuleErrors errors(name);
  CheckKeys(root, {"version", "codelists", "segment", "case_finding"}, "the rules file", errors);
  if (root["version"].value_or(int64_t{1}) != 1) {
    errors.Add(*root.get("version"), "version must be 1 (the only rules format so far)");
  }
  SegmentationRules rules;
  ParseCodelists(root, rules, errors);
  ParseSegments(root, rules, errors);
  ParseCaseFinding(root, rules, errors);
  if (!errors.empty()) return errors.ToStatus();
  return rules;
}

Result<SegmentationRules> DefaultSegmentationRules() {
  return ParseSegmentationRules(internal::DefaultSegmentationRules(),
                                "config/segmentation.toml (built in)");
}

}  // namespace barometer::population
