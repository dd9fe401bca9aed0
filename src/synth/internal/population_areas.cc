#include "synth/internal/population_areas.h"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

namespace barometer::synth::internal {
namespace {

constexpr uint64_t kAreaStream = 0xa4ea5;

// Deciles for n LSOAs by stratified sampling of the profile's distribution
// (so even a small extract has the intended spread), in shuffled order.
std::vector<int> DrawDeciles(const ProfileParams& p, size_t n, Rng& rng) {
  std::vector<int> deciles(n);
  for (size_t i = 0; i < n; ++i) {
    double u = (static_cast<double>(i) + rng.Uniform()) / static_cast<double>(n);
    int d = 1;
    for (double cum = p.decile_share[0]; d < 10 && u >= cum; ++d) cum += p.decile_share[d];
    deciles[i] = d;
  }
  for (size_t i = n; i > 1; --i) std::swap(deciles[i - 1], deciles[rng.Below(i)]);
  return deciles;
}

std::string LaName(const ProfileParams& p, size_t i) {
  size_t n = p.la_names.size();
  std::string name(p.la_names[i % n]);
  if (i >= n) name += fmt::format(" {}", i / n + 1);
  return name;
}

}  // namespace

AreaTable::AreaTable(PopulationProfile profile, uint64_t people, uint64_t seed) {
  const ProfileParams& p = Profile(profile);
  practice_letter_ = p.practice_letter;
  Rng rng(seed, kAreaStream, 0);
  size_t n_lsoa = std::max(kMinLsoas, people / kPeoplePerLsoa);
  size_t n_la = std::max<uint64_t>(1, (people + p.people_per_la / 2) / p.people_per_la);
  n_la = std::min(n_la, n_lsoa / p.neighbourhoods_per_la);
  std::vector<int> deciles = DrawDeciles(p, n_lsoa, rng);
  lsoas_.resize(n_lsoa);
  for (size_t la = 0; la < n_la; ++la) {
    las_.push_back(LaName(p, la));
    size_t first = la * n_lsoa / n_la, last = (la + 1) * n_lsoa / n_la;
    // Neighbourhoods are runs of LSOAs of similar deprivation, as real ones are.
    std::vector<std::pair<double, size_t>> order;
    for (size_t i = first; i < last; ++i) order.push_back({deciles[i] + 3 * rng.Uniform(), i});
    std::sort(order.begin(), order.end());
    int nb = p.neighbourhoods_per_la;
    for (int k = 0; k < nb; ++k) {
      std::string name = fmt::format("{} {}", las_.back(), p.neighbourhood_names[k]);
      int id = static_cast<int>(neighbourhoods_.size());
      size_t lo = k * order.size() / nb, hi = (k + 1) * order.size() / nb;
      for (size_t r = lo; r < hi; ++r) {
        lsoas_[order[r].second] = {deciles[order[r].second], id};
      }
      int practices =
          static_cast<int>(std::max<uint64_t>(1, (hi - lo) * kPeoplePerLsoa / kPeoplePerPractice));
      neighbourhoods_.push_back({std::move(name), static_cast<int>(la), practices_, practices});
      practices_ += practices;
    }
  }
}

std::string AreaTable::LsoaCode(size_t index) { return fmt::format("E01{:06d}", 900001 + index); }

std::string AreaTable::PracticeCode(int index) const {
  return fmt::format("{}{:02d}{:03d}", practice_letter_, 81 + index / 1000, index % 1000);
}

int AreaTable::DrawPractice(size_t lsoa, Rng& rng) const {
  const Neighbourhood& n = neighbourhoods_[lsoas_[lsoa].neighbourhood];
  return n.first_practice + static_cast<int>(rng.Below(n.practices));
}

}  // namespace barometer::synth::internal
