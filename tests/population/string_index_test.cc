// The person-id index: built on many threads in partitions, it must find
// every string, report repeats in row order with their first position, and
// give the same answers on any number of threads.
#include "population/internal/string_index.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace barometer::population::internal {
namespace {

StringColumn Ids(size_t n, const std::vector<std::pair<size_t, size_t>>& repeats = {}) {
  std::vector<std::string> ids;
  for (size_t i = 0; i < n; ++i) ids.push_back("P" + std::to_string(i * 7919 % 1000003));
  for (auto [later, first] : repeats) ids[later] = ids[first];
  return StringColumn::FromStrings(ids);
}

TEST(PopulationStringIndex, FindsEveryStringAndNothingElse) {
  for (size_t n : {size_t{0}, size_t{1}, size_t{100}, size_t{200000}}) {
    StringColumn ids = Ids(n);
    StringIndex index(ids, nullptr, 2);
    for (uint32_t i = 0; i < n; ++i) ASSERT_EQ(index.Find(ids[i]), i) << n;
    EXPECT_EQ(index.Find("not an id"), kNoIndex);
    EXPECT_EQ(index.Find(""), kNoIndex);
  }
}

TEST(PopulationStringIndex, RepeatsInRowOrderWithTheFirstPositionOnAnyThreads) {
  StringColumn ids = Ids(150000, {{90000, 5}, {100, 3}, {140000, 5}, {70000, 69999}});
  std::vector<std::pair<uint32_t, uint32_t>> expected = {
      {100, 3}, {70000, 69999}, {90000, 5}, {140000, 5}};
  for (int threads : {1, 2, 7}) {
    std::vector<std::pair<uint32_t, uint32_t>> dups;
    StringIndex index(ids, &dups, threads);
    EXPECT_EQ(dups, expected) << threads;
    EXPECT_EQ(index.Find(ids[90000]), 5u);
    EXPECT_EQ(index.Find(ids[70000]), 69999u);
  }
}

TEST(PopulationStringIndex, FindAfterAgreesWithFind) {
  StringColumn ids = Ids(5000);
  StringIndex index(ids, nullptr, 2);
  for (uint32_t hint : {kNoIndex, 0u, 10u, 4990u, 4999u}) {
    for (uint32_t i : {0u, 1u, 11u, 12u, 19u, 25u, 4995u, 4999u}) {
      EXPECT_EQ(index.FindAfter(ids[i], hint), i) << hint << " " << i;
    }
    EXPECT_EQ(index.FindAfter("P-none", hint), kNoIndex);
  }
}

}  // namespace
}  // namespace barometer::population::internal
