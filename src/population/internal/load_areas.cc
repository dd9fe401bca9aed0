// areas.csv and population.csv.
#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "core/number.h"
#include "population/codes.h"
#include "population/internal/fields.h"
#include "population/internal/loader.h"

namespace barometer::population::internal {
namespace {

// LSOA 2011 codes: E01 (England) or W01 (Wales) and six digits.
bool IsLsoaCode(std::string_view s) {
  if (s.size() != 9 || (s[0] != 'E' && s[0] != 'W') || s[1] != '0' || s[2] != '1') return false;
  return std::all_of(s.begin() + 3, s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

struct AreasPart {
  std::vector<std::string> lsoa, neighbourhood, local_authority;
  std::vector<uint8_t> imd;
  std::vector<int64_t> lines;
  ProblemList problems;
};

void ParseAreaRow(const std::vector<size_t>& col, const std::vector<std::string_view>& f,
                  int64_t line, AreasPart& part) {
  std::string_view lsoa = TrimSpaces(f[col[0]]);
  if (!IsLsoaCode(lsoa)) {
    part.problems.Add(fmt::format(
        "lsoa '{}' is not an LSOA 2011 code; expected E01 or W01 and six digits (E01000001)",
        lsoa));
  }
  auto imd = ParseCount(f[col[1]]);
  if (!imd || *imd < 1 || *imd > 10) {
    part.problems.Add(fmt::format(
        "imd_decile '{}' is not a decile; expected 1 (most deprived) to 10 (least deprived)",
        f[col[1]]));
  }
  std::string_view nb = TrimSpaces(f[col[2]]), la = TrimSpaces(f[col[3]]);
  if (nb.empty()) part.problems.Add("neighbourhood is empty; expected the neighbourhood's name");
  if (la.empty())
    part.problems.Add("local_authority is empty; expected the local authority's name");
  if (!part.problems.row_ok()) return;
  part.lsoa.emplace_back(lsoa);
  part.imd.push_back(static_cast<uint8_t>(*imd));
  part.neighbourhood.emplace_back(nb);
  part.local_authority.emplace_back(la);
  part.lines.push_back(line);
}

// Names -> indices into the sorted distinct names.
std::pair<std::vector<uint32_t>, std::vector<std::string>> Dictionary(
    const std::vector<std::string>& values) {
  std::vector<std::string> names(values);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::vector<uint32_t> ids(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    ids[i] = static_cast<uint32_t>(std::lower_bound(names.begin(), names.end(), values[i]) -
                                   names.begin());
  }
  return {std::move(ids), std::move(names)};
}

}  // namespace

const std::vector<std::string>& AreasColumns() {
  static const std::vector<std::string> names = {"lsoa", "imd_decile", "neighbourhood",
                                                 "local_authority"};
  return names;
}

const std::vector<std::string>& PopulationColumns() {
  static const std::vector<std::string> names = {"area", "year", "sex", "age_band", "population"};
  return names;
}

Result<StringIndex> LoadAreas(const CsvSource& src, const LoaderContext& ctx, Extract* extract,
                              ProblemList* problems) {
  auto parts = ParsePieces<AreasPart>(
      src, ctx, [&](const std::vector<std::string_view>& f, int64_t line, AreasPart& part) {
        ParseAreaRow(src.columns, f, line, part);
      });
  AreasPart all;
  for (AreasPart& p : parts) {
    auto move_all = [](auto& to, auto& from) {
      to.insert(to.end(), std::make_move_iterator(from.begin()),
                std::make_move_iterator(from.end()));
    };
    move_all(all.lsoa, p.lsoa);
    move_all(all.neighbourhood, p.neighbourhood);
    move_all(all.local_authority, p.local_authority);
    move_all(all.imd, p.imd);
    move_all(all.lines, p.lines);
    problems->Merge(std::move(p.problems));
  }
  // A repeated LSOA: the first row stands, the later ones are problems.
  std::unordered_map<std::string, size_t> first;
  std::vector<bool> keep(all.lsoa.size(), true);
  for (size_t i = 0; i < all.lsoa.size(); ++i) {
    auto [it, fresh] = first.emplace(all.lsoa[i], i);
    if (fresh) continue;
    keep[i] = false;
    problems->Add(fmt::format("lsoa '{}' is repeated (first at line {})", all.lsoa[i],
                              all.lines[it->second]));
    problems->Commit(all.lines[i], "");
  }
  AreasPart kept;
  for (size_t i = 0; i < keep.size(); ++i) {
    if (!keep[i]) continue;
    kept.lsoa.push_back(all.lsoa[i]);
    kept.imd.push_back(all.imd[i]);
    kept.neighbourhood.push_back(all.neighbourhood[i]);
    kept.local_authority.push_back(all.local_authority[i]);
  }
  Areas& areas = extract->areas;
  areas.lsoa = StringColumn::FromStrings(kept.lsoa);
  areas.imd_decile = Column<uint8_t>(std::move(kept.imd));
  auto [nb_ids, nb_names] = Dictionary(kept.neighbourhood);
  auto [la_ids, la_names] = Dictionary(kept.local_authority);
  areas.neighbourhood = Column<uint32_t>(std::move(nb_ids));
  areas.local_authority = Column<uint32_t>(std::move(la_ids));
  areas.neighbourhood_names = StringColumn::FromStrings(nb_names);
  areas.local_authority_names = StringColumn::FromStrings(la_names);
  return StringIndex(areas.lsoa);
}

namespace {

struct PopulationPart {
  std::vector<uint32_t> area;
  std::vector<int16_t> year;
  std::vector<int8_t> sex;
  std::vector<uint8_t> band;
  std::vector<double> population;
  std::vector<int64_t> lines;
  ProblemList problems;
};

void ParsePopulationRow(const std::vector<size_t>& col, const StringIndex& lsoas,
                        const std::vector<std::string_view>& f, int64_t line,
                        PopulationPart& part) {
  std::string_view area = TrimSpaces(f[col[0]]);
  uint32_t a = lsoas.Find(area);
  if (a == kNoIndex) part.problems.Add(fmt::format("area '{}' is not an lsoa in areas.csv", area));
  auto year = ParseCount(f[col[1]]);
  if (!year || *year < 1880 || *year > 2099) {
    part.problems.Add(fmt::format("year '{}' is not a year between 1880 and 2099", f[col[1]]));
  }
  std::string_view sex = TrimSpaces(f[col[2]]);
  if (sex != "1" && sex != "2") {
    part.problems.Add(fmt::format("sex '{}' is not 1 (male) or 2 (female)", sex));
  }
  int band = ParseLifeTableBand(TrimSpaces(f[col[3]]));
  if (band < 0) {
    part.problems.Add(fmt::format(
        "age_band '{}' is not a life-table band; expected 0, 1-4, 5-9, ..., 85-89 or 90+",
        f[col[3]]));
  }
  auto pop = ParseDouble(f[col[4]]);
  if (!pop || *pop < 0) {
    part.problems.Add(
        fmt::format("population '{}' is not a number of people (0 or more)", f[col[4]]));
  }
  if (!part.problems.row_ok()) return;
  part.area.push_back(a);
  part.year.push_back(static_cast<int16_t>(*year));
  part.sex.push_back(static_cast<int8_t>(sex[0] - '0'));
  part.band.push_back(static_cast<uint8_t>(band));
  part.population.push_back(*pop);
  part.lines.push_back(line);
}

}  // namespace

Status LoadPopulation(const CsvSource& src, const LoaderContext& ctx, const StringIndex& lsoas,
                      Extract* extract, ProblemList* problems) {
  auto parts = ParsePieces<PopulationPart>(
      src, ctx, [&](const std::vector<std::string_view>& f, int64_t line, PopulationPart& part) {
        ParsePopulationRow(src.columns, lsoas, f, line, part);
      });
  PopulationPart all;
  std::map<std::tuple<uint32_t, int16_t, int8_t, uint8_t>, int64_t> seen;
  for (PopulationPart& p : parts) {
    problems->Merge(std::move(p.problems));
    for (size_t i = 0; i < p.area.size(); ++i) {
      auto [it, fresh] =
          seen.emplace(std::tuple(p.area[i], p.year[i], p.sex[i], p.band[i]), p.lines[i]);
      if (!fresh) {
        problems->Add(
            fmt::format("the row for this area, year, sex and age_band is repeated "
                        "(first at line {})",
                        it->second));
        problems->Commit(p.lines[i], "");
        continue;
      }
      all.area.push_back(p.area[i]);
      all.year.push_back(p.year[i]);
      all.sex.push_back(p.sex[i]);
      all.band.push_back(p.band[i]);
      all.population.push_back(p.population[i]);
    }
  }
  PopulationTable& t = extract->population;
  t.area = Column<uint32_t>(std::move(all.area));
  t.year = Column<int16_t>(std::move(all.year));
  t.sex = Column<int8_t>(std::move(all.sex));
  t.band = Column<uint8_t>(std::move(all.band));
  t.population = Column<double>(std::move(all.population));
  extract->has_population = true;
  return Status::Ok();
}

}  // namespace barometer::population::internal
