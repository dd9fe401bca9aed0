#include "population/internal/rule_eval.h"

#include <algorithm>

#include "core/date.h"
#include "population/codes.h"

namespace barometer::population::internal {
namespace {

// Whether dictionary code "icd10:E119" / "snomed:123" matches a list entry.
bool Matches(std::string_view code, std::string_view entry) {
  if (entry.rfind("snomed:", 0) == 0) return code == entry;
  return code.rfind("icd10:", 0) == 0 && code.substr(6).rfind(entry.substr(6), 0) == 0;
}

// Whether at least n bits are set (without a library call: the baseline
// x86-64 has no popcount instruction).
bool AtLeast(uint64_t bits, int n) {
  for (int k = 0; k < n; ++k, bits &= bits - 1) {
    if (bits == 0) return false;
  }
  return true;
}

}  // namespace

RuleEvaluator::RuleEvaluator(const Extract& x, const SegmentationRules& rules, int32_t at)
    : x_(x), at_(std::clamp(at, kFirstDay, kLastDay)) {
  code_lists_.assign(x.condition_codes.size(), 0);
  for (size_t c = 0; c < code_lists_.size(); ++c) {
    std::string_view code = x.condition_codes[c];
    for (size_t l = 0; l < rules.codelist_entries.size() && l < 64; ++l) {
      for (const std::string& e : rules.codelist_entries[l]) {
        if (Matches(code, e)) {
          code_lists_[c] |= uint64_t{1} << l;
          break;
        }
      }
    }
  }
  Date d = Date::FromDays(at_);
  cutoffs_.resize(1201);
  for (int m = 0; m <= 1200; ++m) cutoffs_[m] = static_cast<int32_t>(d.AddMonths(-m).ToDays());
  at_date_ = CivilFromDays(at_);
  for (size_t s = 0; s + 1 < rules.segments.size(); ++s) {
    std::vector<SegmentRule> compiled;
    for (const Rule& r : rules.segments[s].rules) {
      SegmentRule c{&r};
      c.masks = true;
      c.min_codelists = r.min_codelists, c.min_age = r.min_age, c.max_age = r.max_age;
      c.setting = r.setting;
      for (int l : r.codelists) {
        bool fits = l >= 0 && l < 64 && ((c.lists >> l) & 1) == 0;
        c.masks = c.masks && fits;
        if (fits) c.lists |= uint64_t{1} << l;
      }
      if (c.masks && !r.codelists.empty() && r.within_months > 0) {
        int32_t cutoff = cutoffs_[r.within_months];
        auto it = std::find(recent_cutoffs_.begin(), recent_cutoffs_.end(), cutoff);
        if (it == recent_cutoffs_.end() && recent_cutoffs_.size() < Facts{}.recent.size()) {
          it = recent_cutoffs_.insert(recent_cutoffs_.end(), cutoff);
        }
        if (it == recent_cutoffs_.end()) {
          c.masks = false;
        } else {
          c.recent = static_cast<int>(it - recent_cutoffs_.begin());
        }
      }
      compiled.push_back(c);
    }
    segments_.push_back(std::move(compiled));
  }
  uint64_t lists = 0;
  bool all_need_lists = true;
  for (const auto& segment : segments_) {
    for (const SegmentRule& c : segment) {
      all_need_lists = all_need_lists && c.masks && c.lists != 0 && c.min_codelists >= 1;
      lists |= c.lists;
    }
  }
  all_need_lists_ = all_need_lists;
  segment_lists_ = lists;
}

void RuleEvaluator::Gather(size_t person, Facts* f) const {
  f->person = person;
  // AgeAt(at_, ...) with the date of `at_` worked out once.
  const int birth_month = x_.persons.birth_month[person];
  int age = at_date_.year - x_.persons.birth_year[person];
  if (at_date_.month < birth_month || (at_date_.month == birth_month && at_date_.day < 15)) --age;
  f->age = std::max(0, age);
  f->ever = 0;
  const Conditions& c = x_.conditions;
  for (uint64_t i = c.offsets[person]; i < c.offsets[person + 1]; ++i) {
    int32_t date = c.recorded_on[i];
    if (date > at_) break;  // ordered by date
    uint64_t lists = code_lists_[c.code[i]];
    f->ever |= lists;
    while (lists != 0) {
      f->latest[__builtin_ctzll(lists)] = date;
      lists &= lists - 1;
    }
  }
  for (size_t k = 0; k < recent_cutoffs_.size(); ++k) {
    uint64_t recent = 0;
    for (uint64_t lists = f->ever; lists != 0; lists &= lists - 1) {
      int l = __builtin_ctzll(lists);
      if (f->latest[l] > recent_cutoffs_[k]) recent |= uint64_t{1} << l;
    }
    f->recent[k] = recent;
  }
}

int RuleEvaluator::CountLists(const std::vector<int>& lists, const Facts& f) const {
  int n = 0;
  for (int l : lists) n += (f.ever >> l) & 1;
  return n;
}

int RuleEvaluator::CountEvents(size_t person, int setting, int months) const {
  const Activity& a = x_.activity;
  int32_t from = cutoffs_[months];
  int n = 0;
  for (uint64_t i = a.offsets[person]; i < a.offsets[person + 1]; ++i) {
    if (a.start[i] > at_) break;
    n += a.setting[i] == setting && a.start[i] > from;
  }
  return n;
}

int RuleEvaluator::BedDays(size_t person, int months) const {
  const Activity& a = x_.activity;
  int32_t first = cutoffs_[months] + 1, last = at_;  // the window, inclusive
  int nights = 0;
  for (uint64_t i = a.offsets[person]; i < a.offsets[person + 1]; ++i) {
    if (a.start[i] > last) break;
    auto s = static_cast<Setting>(a.setting[i]);
    if (s != Setting::kEmergencyAdmission && s != Setting::kElectiveAdmission) continue;
    // Nights are [start, end): the night of each day from admission to the
    // day before discharge.
    int32_t lo = std::max(a.start[i], first), hi = std::min(a.end[i], last + 1);
    if (hi > lo) nights += hi - lo;
  }
  return nights;
}

bool RuleEvaluator::Holds(const Rule& r, const Facts& f) const {
  if (r.min_age >= 0 && f.age < r.min_age) return false;
  if (r.max_age >= 0 && f.age > r.max_age) return false;
  if (!r.codelists.empty()) {
    int32_t cutoff = r.within_months > 0 ? cutoffs_[r.within_months] : kFirstDay - 1;
    int n = 0;
    for (int l : r.codelists) n += ((f.ever >> l) & 1) && f.latest[l] > cutoff;
    if (n < r.min_codelists) return false;
  }
  if (r.setting >= 0 && CountEvents(f.person, r.setting, r.events_within_months) < r.min_events) {
    return false;
  }
  return true;
}

}  // namespace barometer::population::internal

namespace barometer::population::internal {

size_t RuleEvaluator::Segment(const Facts& f) const {
  if (all_need_lists_ && (f.ever & segment_lists_) == 0) return segments_.size();
  for (size_t s = 0; s < segments_.size(); ++s) {
    for (const SegmentRule& c : segments_[s]) {
      if (!c.masks) {
        if (Holds(*c.rule, f)) return s;
        continue;
      }
      if (c.min_age >= 0 && f.age < c.min_age) continue;
      if (c.max_age >= 0 && f.age > c.max_age) continue;
      if (c.lists != 0) {
        uint64_t present = c.recent < 0 ? f.ever : f.recent[c.recent];
        if (!AtLeast(present & c.lists, c.min_codelists)) continue;
      }
      if (c.setting >= 0 &&
          CountEvents(f.person, c.setting, c.rule->events_within_months) < c.rule->min_events) {
        continue;
      }
      return s;
    }
  }
  return segments_.size();
}

}  // namespace barometer::population::internal
