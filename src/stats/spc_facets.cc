// ComputeSpcByFacet: splits the input by facet and charts each facet alone,
// as ptd_spc(facet_field = ...) does.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "core/number.h"
#include "core/text.h"
#include "stats/spc.h"

namespace barometer::stats {
namespace {

struct FacetRows {
  std::vector<SpcInput> points;
  std::vector<size_t> input_index;
};

// Numeric order when every facet is a number ("2" before "10"), else byte order.
std::vector<std::string> OrderedFacets(const std::map<std::string, FacetRows, std::less<>>& by) {
  std::vector<std::string> names;
  bool numeric = true;
  for (const auto& [name, rows] : by) {
    names.push_back(name);
    numeric = numeric && ParseDouble(name).has_value();
  }
  if (numeric) {
    std::stable_sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
      return *ParseDouble(a) < *ParseDouble(b);
    });
  }
  return names;
}

template <typename Map>
Status CheckFacetsExist(const Map& per_facet, const std::vector<std::string>& facets,
                        std::string_view what) {
  for (const auto& [name, unused] : per_facet) {
    if (std::find(facets.begin(), facets.end(), name) != facets.end()) continue;
    std::string hint = DidYouMean(name, facets);
    return Status::InvalidInput(
        fmt::format("{} given for facet `{}`, which is not in the data (the facets are: {}){}",
                    what, name, fmt::join(facets, ", "), hint.empty() ? "" : "; " + hint));
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<SpcFacet>> ComputeSpcByFacet(std::vector<SpcFacetInput> points,
                                                const SpcFacetOptions& options) {
  std::map<std::string, FacetRows, std::less<>> by;
  FacetRows* rows = nullptr;  // the last facet's rows: input usually comes grouped by facet
  const std::string* last = nullptr;
  for (size_t i = 0; i < points.size(); ++i) {
    if (!last || points[i].facet != *last) {
      auto it = by.try_emplace(std::move(points[i].facet)).first;
      last = &it->first;
      rows = &it->second;
    }
    rows->points.push_back({points[i].date, points[i].value});
    rows->input_index.push_back(i);
  }
  std::vector<std::string> facets = OrderedFacets(by);
  if (Status st = CheckFacetsExist(options.targets, facets, "a target"); !st.ok()) return st;
  if (Status st = CheckFacetsExist(options.rebase, facets, "a rebase date"); !st.ok()) return st;
  std::vector<SpcFacet> out;
  out.reserve(facets.size());
  for (const std::string& facet : facets) {
    FacetRows& facet_rows = by.find(facet)->second;
    SpcOptions o = options.common;
    if (auto t = options.targets.find(facet); t != options.targets.end()) o.target = t->second;
    if (auto r = options.rebase.find(facet); r != options.rebase.end()) o.rebase = r->second;
    auto series = ComputeSpc(std::move(facet_rows.points), o);
    if (!series.ok()) {
      const Status& st = series.status();
      return Status(st.code(), fmt::format("facet `{}`: {}", facet, st.message()), st.where());
    }
    for (SpcPoint& p : series->points) p.input_index = facet_rows.input_index[p.input_index];
    out.push_back({facet, std::move(series).value()});
  }
  return out;
}

}  // namespace barometer::stats
