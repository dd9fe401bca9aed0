// population/internal/rule_eval.h — evaluates segmentation and case-finding
// rules for one person at a reference date.
//
// Built once per (extract, rules, date); Gather(), Holds() and Segment() are
// const and safe from many threads, each with its own Facts. `rules` must
// outlive the evaluator.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "population/codes.h"
#include "population/extract.h"
#include "population/phm.h"

namespace barometer::population::internal {

class RuleEvaluator {
 public:
  RuleEvaluator(const Extract& x, const SegmentationRules& rules, int32_t at);

  // What the rules look at, for one person, from the data up to `at`.
  struct Facts {
    size_t person = 0;
    int age = 0;
    uint64_t ever = 0;                 // code lists with a code on or before `at`
    std::array<int32_t, 64> latest{};  // the latest such date per list (where `ever` has it)
    // Per cutoff the segment rules use: the lists in `ever` whose latest date
    // is after it.
    std::array<uint64_t, 4> recent{};
  };
  void Gather(size_t person, Facts* facts) const;
  bool Holds(const Rule& rule, const Facts& facts) const;
  // The primary segment: the first segment but the last any of whose rules
  // holds, otherwise the last (what Holds gives, with code-list conditions
  // as bit masks).
  size_t Segment(const Facts& facts) const;

  // Events of `setting` that started in the `months` months up to `at`.
  int CountEvents(size_t person, int setting, int months) const;
  // Nights of inpatient stays (emergency and elective admissions) that fall
  // in the `months` months up to `at`.
  int BedDays(size_t person, int months) const;
  // Code lists of `lists` present at all (on or before `at`).
  int CountLists(const std::vector<int>& lists, const Facts& facts) const;

  // The day `months` months before `at` (events after it are "within").
  int32_t Cutoff(int months) const { return cutoffs_[months]; }
  int32_t at() const { return at_; }

 private:
  // A segment rule with its code lists as a mask (and a copy of the rest).
  struct SegmentRule {
    const Rule* rule;
    bool masks = false;  // false: evaluated by Holds (lists repeated or beyond 64)
    uint64_t lists = 0;  // 0: no code-list condition
    int recent = -1;     // -1: ever; otherwise the index in Facts::recent
    int min_codelists = 1, min_age = -1, max_age = -1, setting = -1;
  };

  const Extract& x_;
  int32_t at_;
  YearMonthDay at_date_;
  std::vector<std::vector<SegmentRule>> segments_;  // all segments but the last
  // When every segment rule needs one of its code lists, their union: a
  // person with none of them is in the last segment.
  bool all_need_lists_ = false;
  uint64_t segment_lists_ = 0;
  std::vector<int32_t> recent_cutoffs_;  // Facts::recent
  std::vector<uint64_t> code_lists_;     // per condition code: the lists it belongs to
  std::vector<int32_t> cutoffs_;         // per number of months 0..1200
};

}  // namespace barometer::population::internal
