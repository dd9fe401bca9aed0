// population/internal/rule_eval.h — evaluates segmentation and case-finding
// rules for one person at a reference date.
//
// Built once per (extract, rules, date); Gather() and Holds() are const and
// safe from many threads, each with its own Facts.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

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
  };
  void Gather(size_t person, Facts* facts) const;
  bool Holds(const Rule& rule, const Facts& facts) const;

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
  const Extract& x_;
  int32_t at_;
  std::vector<uint64_t> code_lists_;  // per condition code: the lists it belongs to
  std::vector<int32_t> cutoffs_;      // per number of months 0..1200
};

}  // namespace barometer::population::internal
