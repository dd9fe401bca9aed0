// strategy/publications.h — the national publications a measure can be bound
// to with `[measures.source]`, and the series each one has: what the series
// measures, the columns of the staged (tidy) file it is read from, its unit
// and which way is better. docs/published-data.md describes them.
//
//   const PublishedSeries* s = FindSeries(Publication::kNhseAe, "4hr_all_types");
//   // s->numerator == "within4_total", s->denominator == "att_total"
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "strategy/strategy.h"

namespace barometer::strategy {

struct PublishedSeries {
  Publication publication;
  std::string_view id;     // "4hr_all_types"
  std::string_view title;  // "A&E four-hour standard, all types"
  // For a proportion: numerator and denominator columns (the value is their
  // ratio, as a percentage when unit is kPercent). A numerator may be
  // "a-b" (column a minus column b). For a count or a published value:
  // `value` names the column, and numerator/denominator (if any) are
  // carried alongside.
  std::string_view numerator;
  std::string_view denominator;
  std::string_view value;
  MeasureUnit unit;
  Direction direction;
};

// The publication's name as published ("NHS England, A&E Attendances and
// Emergency Admissions").
std::string_view PublicationTitle(Publication p);
// Every series of a publication (none for Fingertips: its series are
// indicator ids).
std::span<const PublishedSeries> SeriesOf(Publication p);
const PublishedSeries* FindSeries(Publication p, std::string_view id);
// The frequencies a measure bound to `p` may have.
std::vector<Frequency> PublicationFrequencies(Publication p);
// A change of definition in a published series: values before and after are
// not directly comparable, so SPC starts new limits at `from` and the
// importer notes it on that month's value.
struct DefinitionChange {
  Date from;
  std::string_view what;
};
// The changes that apply to a series (`series` empty: the whole publication).
std::vector<DefinitionChange> DefinitionChanges(Publication p, std::string_view series);

// The peer sets a binding's `peers` may name for `p` ("trusts", "all", ...).
std::vector<std::string> PeerSets(Publication p);

}  // namespace barometer::strategy
