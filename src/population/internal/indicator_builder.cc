#include "population/internal/indicator_builder.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "population/codes.h"
#include "stats/indicators.h"

namespace barometer::population::internal {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const std::vector<double> kConfidence = {0.95, 0.998};
constexpr std::array<std::string_view, 3> kSexLabels = {"male", "female", "other or not known"};

ScanKey KeyOf(Dimension d) {
  switch (d) {
    case Dimension::kImdDecile:
    case Dimension::kImdQuintile:
    case Dimension::kCore20:
      return ScanKey::kImdDecile;
    case Dimension::kEthnicGroup:
      return ScanKey::kEthnicGroup;
    case Dimension::kNeighbourhood:
      return ScanKey::kNeighbourhood;
    case Dimension::kLocalAuthority:
      return ScanKey::kLocalAuthority;
    case Dimension::kSegment:
      return ScanKey::kSegment;
    default:
      return ScanKey::kTotal;
  }
}

void SetEstimate(IndicatorRow& r, const stats::Estimate& e) {
  r.value = e.value;
  const stats::Limits* l95 = e.At(0.95);
  const stats::Limits* l998 = e.At(0.998);
  r.lower95 = l95 ? l95->lower : kNaN;
  r.upper95 = l95 ? l95->upper : kNaN;
  r.lower998 = l998 ? l998->lower : kNaN;
  r.upper998 = l998 ? l998->upper : kNaN;
  if (!e.note.empty()) r.note = e.note;
}

// Life expectancy at `start_age` (Chiang II, Silcocks limits) into `r`.
void LifeExpectancyInto(IndicatorRow& r, const Slice& s, int start_age) {
  std::vector<double> deaths(20), pops(20);
  for (int b = 0; b < 20; ++b) deaths[b] = s.band[b][kDeaths], pops[b] = s.band[b][kPop];
  auto le = stats::LifeExpectancy(stats::kLifeTableStartAges, deaths, pops, kConfidence);
  if (!le.ok()) {
    r.note = le.status().message();
    return;
  }
  for (const stats::LifeExpectancyRow& row : le->rows) {
    if (row.start_age == start_age) SetEstimate(r, row.estimate);
  }
  if (!le->warning.empty() && r.note.empty()) r.note = le->warning;
}

}  // namespace

IndicatorBuilder::IndicatorBuilder(const Extract& x, const IndicatorRequest& req)
    : x_(x), req_(req) {
  breakdowns_.push_back(Breakdown{});
  for (const Breakdown& b : req.breakdowns) {
    if (b.dimension != Dimension::kAll) breakdowns_.push_back(b);
  }
  // The canonical family (see the header): what other runs may publish.
  if (req.disclosure.enabled) {
    bool crossed = std::any_of(breakdowns_.begin(), breakdowns_.end(),
                               [](const Breakdown& b) { return b.by_sex; });
    std::vector<Breakdown> family = {{Dimension::kSex, false},
                                     {Dimension::kImdDecile, false},
                                     {Dimension::kImdQuintile, false},
                                     {Dimension::kCore20, false}};
    if (crossed) {
      for (Dimension d : {Dimension::kImdDecile, Dimension::kImdQuintile, Dimension::kCore20})
        family.push_back({d, true});
    }
    for (const Breakdown& b : family) {
      if (std::find(breakdowns_.begin(), breakdowns_.end(), b) == breakdowns_.end())
        shadow_breakdowns_.push_back(b);
    }
  }
  periods_ = req.periods;
  if (req.disclosure.enabled && !req.periods.empty()) {
    auto add = [&](YearRange r) {
      if (std::find(periods_.begin(), periods_.end(), r) == periods_.end()) periods_.push_back(r);
    };
    int last = LastCompleteYear(x);
    YearRange pooled{last - 2, last};
    bool overlaps = std::any_of(req.periods.begin(), req.periods.end(), [&](const YearRange& r) {
      return r.first <= pooled.last && r.last >= pooled.first;
    });
    std::vector<YearRange> pooled_periods = req.periods;
    if (overlaps && pooled.first >= 1880) {
      add(pooled);
      pooled_periods.push_back(pooled);
    }
    for (const YearRange& r : pooled_periods) {
      for (int y = r.first; y <= r.last && r.first < r.last; ++y) add({y, y});
    }
  }
  unknown_area_ = std::any_of(x.persons.area.begin(), x.persons.area.end(),
                              [](uint32_t a) { return a == kNoIndex; });
  if (x.group != nullptr) {  // anyone without an area in any shard
    std::vector<int64_t> any = {unknown_area_ ? 1 : 0};
    x.group->MaxAll(any);
    unknown_area_ = any[0] != 0;
  }
}

bool IndicatorBuilder::Wants(IndicatorId id) const {
  return req_.indicators.empty() ||
         std::find(req_.indicators.begin(), req_.indicators.end(), id) != req_.indicators.end();
}

void IndicatorBuilder::PlanCubes() {
  keys_ = {ScanKey::kTotal};
  auto need = [&](ScanKey k) {
    if (std::find(keys_.begin(), keys_.end(), k) == keys_.end()) keys_.push_back(k);
  };
  for (const Breakdown& b : breakdowns_) need(KeyOf(b.dimension));
  for (const Breakdown& b : shadow_breakdowns_) need(KeyOf(b.dimension));
  if (Wants(IndicatorId::kSiiLifeExpectancy) ||
      (Wants(IndicatorId::kLeGap) && req_.gap_between_deciles)) {
    need(ScanKey::kImdDecile);
  }
  ScanSpec spec;
  spec.periods = periods_;
  spec.keys = keys_;
  spec.threads = req_.threads;
  if (req_.segments != nullptr) {
    spec.segments = &req_.segments->segment;
    spec.segment_count = req_.rules ? req_.rules->segments.size() : 0;
  }
  cubes_ = Scan(x_, spec);
}

std::vector<ValueSpec> IndicatorBuilder::BaseValues(Dimension d) const {
  size_t cube = std::find(keys_.begin(), keys_.end(), KeyOf(d)) - keys_.begin();
  std::vector<ValueSpec> out;
  auto add = [&](std::string label, std::vector<uint32_t> values) {
    out.push_back({label, label, "all", cube, std::move(values)});
    out.back().group = static_cast<int>(out.size());
  };
  auto names = [&](const StringColumn& n) {
    for (uint32_t i = 0; i < n.size(); ++i) add(std::string(n[i]), {i});
    if (unknown_area_) add("unknown", {static_cast<uint32_t>(n.size())});
  };
  switch (d) {
    case Dimension::kAll:
      add("all", {0});
      break;
    case Dimension::kSex:
      for (int s = 0; s < kSexes; ++s) {
        add(std::string(kSexLabels[s]), {0});
        out.back().sex = s;
        out.back().sex_label = out.back().label;
      }
      break;
    case Dimension::kAgeBand:
      for (int b = 0; b < kEspBands; ++b) {
        add(std::string(EspBandLabel(b)), {0});
        out.back().esp_band = b;
      }
      break;
    case Dimension::kImdDecile:
      for (uint32_t q = 0; q < 10; ++q) add(std::to_string(q + 1), {q});
      if (unknown_area_) add("unknown", {10});
      break;
    case Dimension::kImdQuintile:
      for (uint32_t q = 0; q < 5; ++q) add(std::to_string(q + 1), {2 * q, 2 * q + 1});
      if (unknown_area_) add("unknown", {10});
      break;
    case Dimension::kCore20:
      add("core20", {0, 1});
      add("not core20", {2, 3, 4, 5, 6, 7, 8, 9});
      if (unknown_area_) add("unknown", {10});
      break;
    case Dimension::kEthnicGroup:
      for (uint32_t g = 0; g < kEthnicGroupCount; ++g) {
        add(std::string(EthnicGroupName(static_cast<EthnicGroup>(g))), {g});
      }
      break;
    case Dimension::kNeighbourhood:
      names(x_.areas.neighbourhood_names);
      break;
    case Dimension::kLocalAuthority:
      names(x_.areas.local_authority_names);
      break;
    case Dimension::kSegment:
      if (req_.rules != nullptr) {
        for (uint32_t s = 0; s < req_.rules->segments.size(); ++s)
          add(req_.rules->segments[s].id, {s});
      }
      break;
  }
  return out;
}

std::vector<ValueSpec> IndicatorBuilder::Values(const Breakdown& b) const {
  std::vector<ValueSpec> base = BaseValues(b.dimension);
  if (!b.by_sex) return base;
  std::vector<ValueSpec> out;
  for (int s = 0; s < kSexes; ++s) {
    for (ValueSpec v : base) {
      v.sex = s;
      v.sex_label = std::string(kSexLabels[s]);
      v.label = v.sex_label + "*" + v.base_label;
      out.push_back(std::move(v));
    }
  }
  return out;
}

Slice IndicatorBuilder::Collect(size_t period, const ValueSpec& v) const {
  Slice s;
  const Cube& c = cubes_[v.cube];
  for (uint32_t value : v.values) {
    for (int sex = 0; sex < kSexes; ++sex) {
      if (v.sex >= 0 && sex != v.sex) continue;
      for (int band = 0; band < 20; ++band) {
        if (v.esp_band >= 0 && EspBandOfLifeTableBand(band) != v.esp_band) continue;
        for (int m = 0; m < kMeasureCount; ++m) {
          s.band[band][m] += static_cast<double>(c.at(period, value, sex, band, m));
        }
      }
    }
  }
  return s;
}

// Under-75 mortality: a DSR over the ESP bands 0-4 .. 70-74.
void IndicatorBuilder::AddMortality(RowDraft& d, const Slice& s, int measure) {
  constexpr int kU75Bands = 15;  // ESP bands 0-4 .. 70-74 = life-table bands 0 .. 15
  d.exact_count = static_cast<int64_t>(s.Sum(measure, 0, 15));
  d.exact_denominator = static_cast<int64_t>(s.Sum(kPop, 0, 15));
  if (d.breakdown.dimension == Dimension::kAgeBand) {
    d.crude_multiplier = 100000;  // one band: a crude rate of the published counts
    return;
  }
  std::vector<double> counts(kU75Bands, 0), pops(kU75Bands, 0);
  for (int b = 0; b <= 15; ++b) {
    counts[EspBandOfLifeTableBand(b)] += s.band[b][measure];
    pops[EspBandOfLifeTableBand(b)] += s.band[b][kPop];
  }
  for (int b = 0; b < kU75Bands; ++b) {
    if (pops[b] <= 0) {
      d.row.note = fmt::format("no population in age band {}", EspBandLabel(b));
      return;
    }
  }
  AddDsr(d, std::move(counts), std::move(pops), {},
         std::span<const double>(stats::kEsp2013.data(), kU75Bands));
}

void IndicatorBuilder::AddDsr(RowDraft& d, std::vector<double> counts, std::vector<double> pops,
                              std::vector<double> squares, std::span<const double> standard) {
  d.dsr = true;
  d.dsr_counts = std::move(counts);
  d.dsr_pops = std::move(pops);
  d.dsr_squares = std::move(squares);
  d.dsr_standard.assign(standard.begin(), standard.end());
}

void IndicatorBuilder::AddInfant(RowDraft& d, const Slice& s) {
  d.exact_count = static_cast<int64_t>(s.band[0][kDeaths]);
  d.exact_denominator = static_cast<int64_t>(s.band[0][kBirths]);
  d.crude_multiplier = 1000;
}

// Admissions and attendances: a DSR over all 19 ESP bands, with the variance
// of non-independent events (people can have several).
void IndicatorBuilder::AddEvents(RowDraft& d, const Slice& s, int measure, int squares) {
  d.exact_count = static_cast<int64_t>(s.Sum(measure));
  d.exact_denominator = static_cast<int64_t>(s.Sum(kPop));
  if (d.breakdown.dimension == Dimension::kAgeBand) {
    d.crude_multiplier = 100000;
    return;
  }
  std::vector<double> counts(kEspBands, 0), pops(kEspBands, 0), sq(kEspBands, 0);
  for (int b = 0; b < 20; ++b) {
    int e = EspBandOfLifeTableBand(b);
    counts[e] += s.band[b][measure];
    pops[e] += s.band[b][kPop];
    sq[e] += s.band[b][squares];
  }
  for (int b = 0; b < kEspBands; ++b) {
    if (pops[b] <= 0) {
      d.row.note = fmt::format("no population in age band {}", EspBandLabel(b));
      return;
    }
  }
  AddDsr(d, std::move(counts), std::move(pops), std::move(sq), stats::kEsp2013);
}

void IndicatorBuilder::AddRows(IndicatorId id, size_t period, const Breakdown& b,
                               const ValueSpec& v) {
  bool age = b.dimension == Dimension::kAgeBand;
  bool u75 = id == IndicatorId::kU75MortalityAll || id == IndicatorId::kU75MortalityCancer ||
             id == IndicatorId::kU75MortalityCirculatory ||
             id == IndicatorId::kU75MortalityRespiratory;
  if (age && !u75 && id != IndicatorId::kEmergencyAdmissions && id != IndicatorId::kAeAttendances) {
    return;  // infant mortality and life expectancy have no age breakdown
  }
  if (age && u75 && v.esp_band >= 15) return;  // 75+ bands are not under 75
  RowDraft d = NewDraft(id, period, b, v);
  Slice s = Collect(period, v);
  switch (id) {
    case IndicatorId::kU75MortalityAll:
      AddMortality(d, s, kDeaths);
      break;
    case IndicatorId::kU75MortalityCancer:
      AddMortality(d, s, kDeathsCancer);
      break;
    case IndicatorId::kU75MortalityCirculatory:
      AddMortality(d, s, kDeathsCirculatory);
      break;
    case IndicatorId::kU75MortalityRespiratory:
      AddMortality(d, s, kDeathsRespiratory);
      break;
    case IndicatorId::kInfantMortality:
      AddInfant(d, s);
      break;
    case IndicatorId::kLifeExpectancyBirth:
      LifeExpectancyInto(d.row, s, 0);
      d.decimals = 2;
      break;
    case IndicatorId::kLifeExpectancy65:
      LifeExpectancyInto(d.row, s, 65);
      d.decimals = 2;
      break;
    case IndicatorId::kEmergencyAdmissions:
      AddEvents(d, s, kEmergency, kEmergencySquares);
      break;
    case IndicatorId::kAeAttendances:
      AddEvents(d, s, kAe, kAeSquares);
      break;
    default:
      return;
  }
  drafts_.push_back(std::move(d));
}

IndicatorRow IndicatorBuilder::LeAtBirth(size_t period, const ValueSpec& v) const {
  IndicatorRow r;
  r.value = r.lower95 = r.upper95 = r.lower998 = r.upper998 = kNaN;
  LifeExpectancyInto(r, Collect(period, v), 0);
  return r;
}

ValueSpec IndicatorBuilder::Decile(int d, int sex) const {
  ValueSpec v;
  v.cube = std::find(keys_.begin(), keys_.end(), ScanKey::kImdDecile) - keys_.begin();
  v.values = {static_cast<uint32_t>(d - 1)};
  v.sex = sex;
  v.label = v.base_label = std::to_string(d);
  v.sex_label = sex < 0 ? "all" : std::string(kSexLabels[sex]);
  return v;
}

RowDraft IndicatorBuilder::NewDraft(IndicatorId id, size_t period, const Breakdown& b,
                                    const ValueSpec& v) const {
  RowDraft d;
  d.id = id;
  d.period = period;
  d.breakdown = b;
  d.base_label = v.base_label;
  d.sex_label = v.sex_label;
  d.row.indicator = std::string(Info(id).name);
  d.row.period = periods_[period].ToString();
  d.row.area = req_.area;
  d.row.breakdown = b.Name();
  d.row.breakdown_value = v.label;
  d.row.value = d.row.lower95 = d.row.upper95 = d.row.lower998 = d.row.upper998 = kNaN;
  d.row.id = id;
  d.row.years = periods_[period];
  d.row.by = b;
  d.row.sex = v.sex;
  bool total = b.dimension == Dimension::kAll || b.dimension == Dimension::kSex;
  d.row.group = total ? 0 : v.group;
  return d;
}

Result<std::vector<IndicatorRow>> IndicatorBuilder::Build() {
  if (req_.periods.empty()) return Status::InvalidInput("no period asked for");
  for (const Breakdown& b : breakdowns_) {
    if (b.dimension == Dimension::kSegment &&
        (req_.segments == nullptr || req_.rules == nullptr ||
         req_.segments->segment.size() != x_.persons.size())) {
      return Status::InvalidInput("the segment breakdown needs segment assignments");
    }
  }
  PlanCubes();
  if (Wants(IndicatorId::kSiiLifeExpectancy)) ComputeSii();
  for (const IndicatorInfo& info : Indicators()) {
    if (!Wants(info.id)) continue;
    for (size_t p = 0; p < periods_.size(); ++p) {
      bool shadow_period = p >= req_.periods.size();
      if (info.id == IndicatorId::kLeGap) {
        if (!shadow_period) AddGapRows(p);
        continue;
      }
      if (info.id == IndicatorId::kSiiLifeExpectancy) {
        if (!shadow_period) AddSiiRows(p);
        continue;
      }
      auto add = [&](const Breakdown& b, bool shadow) {
        for (const ValueSpec& v : Values(b)) {
          size_t before = drafts_.size();
          AddRows(info.id, p, b, v);
          if (drafts_.size() == before) continue;
          RowDraft& d = drafts_.back();
          d.shadow = shadow;
          // Only counted rows take part in disclosure control.
          if (shadow && d.exact_count < 0) drafts_.pop_back();
        }
      };
      for (const Breakdown& b : breakdowns_) add(b, shadow_period);
      for (const Breakdown& b : shadow_breakdowns_) add(b, true);
    }
  }
  ApplyDisclosure();
  std::erase_if(drafts_, [](const RowDraft& d) { return d.shadow; });
  Compare();
  std::vector<IndicatorRow> rows;
  rows.reserve(drafts_.size());
  for (RowDraft& d : drafts_) rows.push_back(std::move(d.row));
  return rows;
}

}  // namespace barometer::population::internal
