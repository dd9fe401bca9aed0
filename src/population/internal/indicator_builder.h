// population/internal/indicator_builder.h — turns the scan's cubes into
// indicator rows: breakdown values, the OHID/PHE methods, disclosure control,
// comparisons, and the rows built on life expectancy (gap, SII).
#pragma once

#include <array>
#include <map>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "population/indicators.h"
#include "population/internal/cube.h"
#include "stats/indicators.h"

namespace barometer::population::internal {

// One breakdown value: the cube cells that make it up.
struct ValueSpec {
  std::string label;       // "3", "male*3", "0-4"
  std::string base_label;  // "3" (without the sex)
  std::string sex_label;   // "male", "female", "other or not known", or "all"
  size_t cube = 0;
  std::vector<uint32_t> values;
  int sex = -1;       // -1: every sex
  int esp_band = -1;  // age_band values: the one ESP band
  int group = 0;      // 1-based position among the dimension's values
};

// The counts of one value in one period, by life-table band.
struct Slice {
  std::array<std::array<double, kMeasureCount>, 20> band{};
  double Sum(int m, int first = 0, int last = 19) const {
    double s = 0;
    for (int b = first; b <= last; ++b) s += band[b][m];
    return s;
  }
};

// A row while it is being built.
struct RowDraft {
  IndicatorRow row;
  IndicatorId id;
  size_t period = 0;
  Breakdown breakdown;
  std::string base_label, sex_label;
  int64_t exact_count = -1, exact_denominator = -1;  // -1 when the row has none
  size_t cell = 0;                                   // its disclosure cell
  double crude_multiplier = 0;  // > 0: the value is a crude rate of the published counts
  // A DSR, computed after disclosure control from the published count (the
  // exact counts by band scaled to it), so that neither the value nor its
  // limits give the exact count back.
  bool dsr = false;
  std::vector<double> dsr_counts, dsr_pops, dsr_squares, dsr_standard;
  int decimals = -1;    // published precision of value and limits (-1: as computed)
  bool shadow = false;  // only in the disclosure table (a breakdown or period not asked for)
};

class IndicatorBuilder {
 public:
  IndicatorBuilder(const Extract& x, const IndicatorRequest& req);
  Result<std::vector<IndicatorRow>> Build();

 private:
  bool Wants(IndicatorId id) const;
  void PlanCubes();
  std::vector<ValueSpec> Values(const Breakdown& b) const;
  std::vector<ValueSpec> BaseValues(Dimension d) const;
  Slice Collect(size_t period, const ValueSpec& v) const;

  void AddRows(IndicatorId id, size_t period, const Breakdown& b, const ValueSpec& v);
  void AddMortality(RowDraft& d, const Slice& s, int measure);
  void AddInfant(RowDraft& d, const Slice& s);
  void AddEvents(RowDraft& d, const Slice& s, int measure, int squares);
  void AddGapRows(size_t period);
  void AddSiiRows(size_t period);
  // The SII of every requested period, before any row is made (the
  // simulations, most of the time, run in parallel while little else is
  // held in memory).
  void ComputeSii();
  // Life expectancy at birth for a value (value, limits and note only).
  IndicatorRow LeAtBirth(size_t period, const ValueSpec& v) const;
  // A value of the decile cube: decile d (1..10), one sex or all (-1).
  ValueSpec Decile(int d, int sex) const;
  RowDraft NewDraft(IndicatorId id, size_t period, const Breakdown& b, const ValueSpec& v) const;

  // indicator_finish.cc
  void ApplyDisclosure();
  void Compare();

  const Extract& x_;
  const IndicatorRequest& req_;
  std::vector<ScanKey> keys_;
  std::vector<Cube> cubes_;
  bool unknown_area_ = false;
  std::vector<Breakdown> breakdowns_;  // "all" first, then the requested ones
  // The canonical family every request's disclosure table holds, so that
  // suppression is the same in every run: `breakdowns_` plus sex and the IMD
  // family (deciles, quintiles, CORE20; crossed with sex when any requested
  // breakdown is), and `periods_`: the requested periods plus the single
  // years of each, plus the default pooled period and its years.
  std::vector<Breakdown> shadow_breakdowns_;
  std::vector<YearRange> periods_;  // requested first, then the shadow periods
  void AddDsr(RowDraft& d, std::vector<double> counts, std::vector<double> pops,
              std::vector<double> squares, std::span<const double> standard);
  std::vector<RowDraft> drafts_;
  // Per requested period, for all, male and female: how many deciles have a
  // life expectancy, and the SII across them.
  struct SiiOutcome {
    size_t deciles = 0;
    Result<stats::SiiResult> result = Status::InvalidInput("");
  };
  std::vector<std::array<SiiOutcome, 3>> sii_;
};

}  // namespace barometer::population::internal
