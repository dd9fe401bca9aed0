// population/disclosure.h — statistical disclosure control for every
// aggregate the engine writes.
//
// Primary suppression hides counts of `suppress_at` or fewer (and rows whose
// denominator is that small); every other count is rounded to the nearest
// `round_to`. Secondary suppression then hides more cells wherever a hidden
// one could be worked out from the others: cells are tied by additive
// relations (a total equals the sum of its breakdown), and in any relation
// where exactly one cell is hidden, or where the hidden cells add up to a
// small count, the next-smallest cell is hidden too, until nothing changes.
// Defaults follow OpenSAFELY and NHS hospital statistics: suppress 0-7,
// round to 5 (docs/disclosure-control.md).
//
//   DisclosureTable t;
//   size_t total = t.AddCell(40), men = t.AddCell(35), women = t.AddCell(5);
//   t.AddRelation(total, {men, women});
//   t.Apply(DisclosureOptions{});
//   t.suppression(women);  // kSmallCount
//   t.suppression(men);    // kSecondary (else 40 - 35 gives women away)
//
// Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace barometer::population {

inline constexpr int64_t kDefaultSuppressAt = 7;
inline constexpr int64_t kDefaultRoundTo = 5;

struct DisclosureOptions {
  bool enabled = true;                       // false only inside a secure environment
  int64_t suppress_at = kDefaultSuppressAt;  // counts <= this are suppressed
  int64_t round_to = kDefaultRoundTo;  // the rest are rounded to the nearest multiple (1 = not)
};

// True when the options are weaker than the defaults (control switched off,
// a lower threshold or finer rounding): such output is unsafe to publish.
bool Weakened(const DisclosureOptions& options);
// "" for safe options; else "UNSAFE TO PUBLISH: ..." naming the settings used.
std::string UnsafeToPublish(const DisclosureOptions& options);

// Published values derived from counts are limited in precision so that they
// cannot be solved for the counts behind them: `v` to `decimals` places when
// control is on (NaN stays NaN), unchanged when it is off.
double PublishedValue(double v, int decimals, const DisclosureOptions& options);

enum class Suppression : uint8_t {
  kNone,
  kSmallCount,        // the count is <= suppress_at
  kSmallDenominator,  // the denominator is <= suppress_at
  kSecondary,         // hidden so that another hidden cell cannot be worked out
  kDerived,           // a value computed from a suppressed one
};

// The text of the `suppressed` column: "" for kNone, else e.g. "count<=7",
// "denominator<=7", "secondary", "derived from suppressed".
std::string SuppressionText(Suppression s, const DisclosureOptions& options);

// `v` rounded to the nearest multiple of `multiple` (halves away from zero).
int64_t RoundToNearest(int64_t v, int64_t multiple);

class DisclosureTable {
 public:
  // A cell with its exact count and, when it is a rate's numerator, its
  // denominator (negative when there is none). Returns its index.
  size_t AddCell(int64_t count, int64_t denominator = -1);
  // Cell `total` equals the sum of cells `parts` (a breakdown of a total).
  void AddRelation(size_t total, std::vector<size_t> parts);
  // Primary, then secondary suppression. With options.enabled false nothing
  // is suppressed or rounded.
  void Apply(const DisclosureOptions& options);

  size_t size() const { return cells_.size(); }
  Suppression suppression(size_t cell) const { return cells_[cell].suppression; }
  bool suppressed(size_t cell) const { return cells_[cell].suppression != Suppression::kNone; }
  // The counts to publish: rounded, or nullopt when suppressed.
  std::optional<int64_t> PublishedCount(size_t cell) const;
  std::optional<int64_t> PublishedDenominator(size_t cell) const;

 private:
  struct Cell {
    int64_t count;
    int64_t denominator;
    Suppression suppression = Suppression::kNone;
  };
  struct Relation {
    size_t total;
    std::vector<size_t> parts;
  };
  // One pass of the secondary rule over every relation; true if it hid a cell.
  bool SecondaryPass();

  std::vector<Cell> cells_;
  std::vector<Relation> relations_;
  DisclosureOptions options_;
};

}  // namespace barometer::population
