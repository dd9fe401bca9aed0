// Test helpers for the synthetic population: temporary directories, reading
// an extract back with the project's CSV reader, and small independent
// implementations of the OHID/PHE methods the calibration checks use
// (Chiang II life table, directly standardised rate). These are checked
// against the PHEindicatormethods reference vectors before they are trusted.
#pragma once

#include <unistd.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/csv.h"
#include "core/date.h"
#include "core/number.h"

namespace barometer::synth::testing {

// A fresh directory under the system temporary directory, removed on destruction.
class TempDir {
 public:
  explicit TempDir(const std::string& name) {
    std::string t = (std::filesystem::temp_directory_path() / (name + "-XXXXXX")).string();
    path_ = mkdtemp(t.data()) != nullptr ? t : "";
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Reads every record of a CSV file (header first) into memory.
inline std::vector<std::vector<std::string>> ReadCsv(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  auto r = CsvReader::Open(path);
  if (!r.ok()) return rows;
  while (r->Next()) rows.emplace_back(r->fields().begin(), r->fields().end());
  return rows;
}

// The 20 life-table bands PHE uses: 0, 1-4, 5-9, ..., 85-89, 90+.
inline constexpr int kLifeBands = 20;
inline int LifeBand(int age) {
  if (age < 1) return 0;
  if (age < 5) return 1;
  return std::min(kLifeBands - 1, age / 5 + 1);
}

// Chiang II abridged life table as OHID/PHE compute it: life expectancy at
// birth from deaths and populations in the 20 bands (a = 0.1 in the first
// year of life and 0.5 elsewhere; the last band's L = l / M).
inline double LifeExpectancyAtBirth(const std::array<double, kLifeBands>& deaths,
                                    const std::array<double, kLifeBands>& pops) {
  double l = 1, total = 0;
  for (int i = 0; i < kLifeBands; ++i) {
    double m = deaths[i] / pops[i];
    if (i == kLifeBands - 1) return total + l / m;
    double n = i == 0 ? 1 : i == 1 ? 4 : 5, a = i == 0 ? 0.1 : 0.5;
    double q = n * m / (1 + (1 - a) * n * m);
    double d = l * q;
    total += n * (l - d) + a * n * d;
    l -= d;
  }
  return total;
}

// Directly standardised rate per `multiplier` from counts and populations by
// band with standard-population weights (PHE's calculate_dsr point estimate).
inline double DirectlyStandardisedRate(const std::vector<double>& x, const std::vector<double>& n,
                                       const std::vector<double>& weights, double multiplier) {
  double num = 0, den = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    num += weights[i] * x[i] / n[i];
    den += weights[i];
  }
  return num / den * multiplier;
}

// The 2013 European Standard Population, 0-4 ... 90+ (from the reference file).
inline std::vector<double> Esp2013() {
  std::vector<double> w;
  auto rows = ReadCsv(std::string(BAROMETER_REFERENCE_DIR) + "/phe/esp2013.csv");
  for (size_t i = 1; i < rows.size(); ++i) w.push_back(*ParseDouble(rows[i][2]));
  return w;
}

}  // namespace barometer::synth::testing
