#include "population/disclosure.h"

#include <cmath>

#include <fmt/format.h>

namespace barometer::population {

std::string SuppressionText(Suppression s, const DisclosureOptions& options) {
  switch (s) {
    case Suppression::kNone:
      return "";
    case Suppression::kSmallCount:
      return fmt::format("count<={}", options.suppress_at);
    case Suppression::kSmallDenominator:
      return fmt::format("denominator<={}", options.suppress_at);
    case Suppression::kSecondary:
      return "secondary";
    case Suppression::kDerived:
      return "derived from suppressed";
  }
  return "";
}

bool Weakened(const DisclosureOptions& o) {
  return !o.enabled || o.suppress_at < kDefaultSuppressAt || o.round_to < kDefaultRoundTo;
}

std::string UnsafeToPublish(const DisclosureOptions& o) {
  if (!Weakened(o)) return "";
  if (!o.enabled) {
    return "UNSAFE TO PUBLISH: disclosure control was switched off (--no-disclosure-control); "
           "small counts are shown exactly. Keep this output inside the secure environment.";
  }
  return fmt::format(
      "UNSAFE TO PUBLISH: disclosure control was weakened (--suppress-at {} --round-to {}; the "
      "safe defaults are --suppress-at {} --round-to {}). Keep this output inside the secure "
      "environment.",
      o.suppress_at, o.round_to, kDefaultSuppressAt, kDefaultRoundTo);
}

double PublishedValue(double v, int decimals, const DisclosureOptions& options) {
  if (!options.enabled || !std::isfinite(v)) return v;
  double scale = std::pow(10.0, decimals);
  double r = std::round(v * scale) / scale;
  return r == 0 ? 0.0 : r;  // no "-0"
}

int64_t RoundToNearest(int64_t v, int64_t multiple) {
  if (multiple <= 1) return v;
  int64_t sign = v < 0 ? -1 : 1;
  int64_t a = v < 0 ? -v : v;
  return sign * ((a + multiple / 2) / multiple * multiple);
}

size_t DisclosureTable::AddCell(int64_t count, int64_t denominator) {
  cells_.push_back({count, denominator});
  return cells_.size() - 1;
}

void DisclosureTable::AddRelation(size_t total, std::vector<size_t> parts) {
  relations_.push_back({total, std::move(parts)});
}

void DisclosureTable::Apply(const DisclosureOptions& options) {
  options_ = options;
  for (Cell& c : cells_) c.suppression = Suppression::kNone;
  if (!options.enabled) return;
  for (Cell& c : cells_) {
    if (c.count <= options.suppress_at) {
      c.suppression = Suppression::kSmallCount;
    } else if (c.denominator >= 0 && c.denominator <= options.suppress_at) {
      c.suppression = Suppression::kSmallDenominator;
    }
  }
  while (SecondaryPass()) {
  }
}

bool DisclosureTable::SecondaryPass() {
  bool changed = false;
  for (const Relation& r : relations_) {
    size_t hidden = 0;
    int64_t hidden_sum = 0;
    for (size_t p : r.parts) {
      if (suppressed(p)) ++hidden, hidden_sum += cells_[p].count;
    }
    bool total_hidden = suppressed(r.total);
    // Safe when nothing is hidden, or the total and at least one part are
    // (two unknowns in one equation), or two or more parts are hidden and
    // what they add up to is not itself a small count.
    bool safe = (hidden == 0 && !total_hidden) || (total_hidden && hidden >= 1) ||
                (!total_hidden && hidden >= 2 && hidden_sum > options_.suppress_at);
    if (safe) continue;
    // Hide the smallest visible part (first in order on ties), else the total.
    size_t pick = cells_.size();
    for (size_t p : r.parts) {
      if (suppressed(p)) continue;
      if (pick == cells_.size() || cells_[p].count < cells_[pick].count) pick = p;
    }
    if (pick == cells_.size()) pick = r.total;
    if (suppressed(pick)) continue;
    cells_[pick].suppression = Suppression::kSecondary;
    changed = true;
  }
  return changed;
}

std::optional<int64_t> DisclosureTable::PublishedCount(size_t cell) const {
  const Cell& c = cells_[cell];
  if (c.suppression != Suppression::kNone) return std::nullopt;
  return options_.enabled ? RoundToNearest(c.count, options_.round_to) : c.count;
}

std::optional<int64_t> DisclosureTable::PublishedDenominator(size_t cell) const {
  const Cell& c = cells_[cell];
  if (c.suppression != Suppression::kNone || c.denominator < 0) return std::nullopt;
  return options_.enabled ? RoundToNearest(c.denominator, options_.round_to) : c.denominator;
}

}  // namespace barometer::population
