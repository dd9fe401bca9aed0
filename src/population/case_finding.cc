// Case-finding: people who meet a rule, ranked by a documented risk score.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <string>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "population/codes.h"
#include "population/internal/parallel.h"
#include "population/internal/rule_eval.h"
#include "population/phm.h"

namespace barometer::population {
namespace {

constexpr size_t kGrain = 1 << 15;

RiskFacts Score(const Extract& x, const RiskScore& s, const internal::RuleEvaluator& eval,
                const internal::RuleEvaluator::Facts& facts) {
  size_t i = facts.person;
  RiskFacts f;
  f.emergency_admissions =
      eval.CountEvents(i, static_cast<int>(Setting::kEmergencyAdmission), s.window_months);
  f.ae_attendances = eval.CountEvents(i, static_cast<int>(Setting::kAe), s.window_months);
  f.bed_days = eval.BedDays(i, s.window_months);
  f.long_term_conditions = eval.CountLists(s.long_term_conditions, facts);
  f.frailty_or_dementia = eval.CountLists(s.frailty_codelists, facts) > 0;
  f.age = facts.age;
  uint32_t area = x.persons.area[i];
  f.core20 = area != kNoIndex && x.areas.imd_decile[area] <= 2;
  f.score = s.emergency_admission * f.emergency_admissions + s.ae_attendance * f.ae_attendances +
            s.bed_day * std::min(f.bed_days, s.bed_day_cap) +
            s.long_term_condition * f.long_term_conditions +
            (f.frailty_or_dementia ? s.frailty_or_dementia : 0) +
            (f.age >= 85   ? s.age_85_plus
             : f.age >= 75 ? s.age_75_to_84
                           : 0) +
            (f.core20 ? s.core20 : 0);
  return f;
}

bool Ranked(const CaseFindingRow& a, const CaseFindingRow& b) {
  return a.score != b.score ? a.score > b.score : a.person_id < b.person_id;
}

// Rows as bytes, to send a shard's top rows to the first process: strings
// length-prefixed, the score as its exact bits (the same double on every
// process, so the merged order is the one process's order).
void PutInt(std::string* out, uint64_t v) { out->append(reinterpret_cast<const char*>(&v), 8); }
void PutText(std::string* out, const std::string& t) {
  PutInt(out, t.size());
  out->append(t);
}
std::string Encode(const std::vector<CaseFindingRow>& rows) {
  std::string out;
  for (const CaseFindingRow& r : rows) {
    PutText(&out, r.person_id);
    uint64_t bits = 0;
    std::memcpy(&bits, &r.score, 8);
    PutInt(&out, bits);
    PutText(&out, r.rules);
    for (int v : {r.emergency_admissions, r.ae_attendances, r.bed_days, r.long_term_conditions})
      PutInt(&out, static_cast<uint64_t>(static_cast<int64_t>(v)));
    PutText(&out, r.age_band);
    PutText(&out, r.segment);
  }
  return out;
}
// The inverse of Encode (the bytes come from our own processes; a short
// message would be a transport fault, which stops with an error).
class Decoder {
 public:
  explicit Decoder(const std::string& b) : b_(b) {}
  bool done() const { return at_ >= b_.size(); }
  bool ok() const { return ok_; }
  uint64_t Int() {
    uint64_t v = 0;
    if (at_ + 8 > b_.size()) return Bad();
    std::memcpy(&v, b_.data() + at_, 8);
    at_ += 8;
    return v;
  }
  std::string Text() {
    uint64_t n = Int();
    if (!ok_ || n > b_.size() - at_) return Bad(), std::string();
    std::string t = b_.substr(at_, n);
    at_ += n;
    return t;
  }

 private:
  uint64_t Bad() {
    ok_ = false;
    at_ = b_.size();
    return 0;
  }
  const std::string& b_;
  size_t at_ = 0;
  bool ok_ = true;
};
Result<std::vector<CaseFindingRow>> Decode(const std::string& bytes) {
  std::vector<CaseFindingRow> rows;
  Decoder d(bytes);
  while (!d.done()) {
    CaseFindingRow& r = rows.emplace_back();
    r.person_id = d.Text();
    uint64_t bits = d.Int();
    std::memcpy(&r.score, &bits, 8);
    r.rules = d.Text();
    for (int* v :
         {&r.emergency_admissions, &r.ae_attendances, &r.bed_days, &r.long_term_conditions})
      *v = static_cast<int>(static_cast<int64_t>(d.Int()));
    r.age_band = d.Text();
    r.segment = d.Text();
  }
  if (!d.ok()) return Status::Internal("case-finding: a process sent a truncated list");
  return rows;
}

// Every process's top rows on the first process, merged there. Each process
// sends at most `limit` rows (its own top k); the top k of the whole
// extract are among them.
Result<std::vector<CaseFindingRow>> GatherShards(const ShardGroup& group,
                                                 std::vector<CaseFindingRow> rows) {
  std::vector<std::string> parts = group.GatherToFirst(Encode(rows));
  rows.clear();
  for (const std::string& p : parts) {
    auto more = Decode(p);
    if (!more.ok()) return more.status();
    rows.insert(rows.end(), std::make_move_iterator(more->begin()),
                std::make_move_iterator(more->end()));
  }
  std::sort(rows.begin(), rows.end(), Ranked);
  return rows;
}

}  // namespace

bool LooksLikeNhsNumber(std::string_view id) {
  std::string digits;
  for (char c : id) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c != ' ' && c != '-') {
      return false;
    }
  }
  if (digits.size() != 10) return false;
  int sum = 0;
  for (int i = 0; i < 9; ++i) sum += (digits[i] - '0') * (10 - i);
  int check = 11 - sum % 11;
  if (check == 11) check = 0;
  return check != 10 && check == digits[9] - '0';
}

NhsNumberScan FindNhsNumbers(const Extract& x) {
  NhsNumberScan scan;
  for (size_t i = 0; i < x.persons.size(); ++i) {
    if (!LooksLikeNhsNumber(x.persons.id[i])) continue;
    if (scan.count++ == 0) scan.first_row = i;
  }
  return scan;
}

std::string KeyedPseudonym(std::string_view key, std::string_view id) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(id.data()), id.size(), mac, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[mac[i] >> 4];
    out += kHex[mac[i] & 15];
  }
  return out;
}

Result<std::vector<CaseFindingRow>> FindCases(const Extract& x, const SegmentationRules& rules,
                                              const SegmentAssignment& seg, size_t limit,
                                              int threads, const std::string* pseudonym_key) {
  internal::RuleEvaluator eval(x, rules, seg.at);
  size_t pieces = internal::PieceCount(x.persons.size(), kGrain);
  std::vector<std::vector<CaseFindingRow>> found(pieces);
  internal::ParallelFor(pieces, internal::ResolveThreads(threads), [&](size_t piece) {
    internal::RuleEvaluator::Facts facts;
    size_t end = std::min(x.persons.size(), (piece + 1) * kGrain);
    for (size_t i = piece * kGrain; i < end; ++i) {
      if (!InPopulationAt(x, i, seg.at)) continue;
      eval.Gather(i, &facts);
      std::string met;
      for (const Rule& r : rules.case_finding) {
        if (!eval.Holds(r, facts)) continue;
        if (!met.empty()) met += "; ";
        met += r.name;
      }
      if (met.empty()) continue;
      RiskFacts f = Score(x, rules.score, eval, facts);
      CaseFindingRow row;
      row.person_id = pseudonym_key ? KeyedPseudonym(*pseudonym_key, x.persons.id[i])
                                    : std::string(x.persons.id[i]);
      row.score = f.score;
      row.rules = std::move(met);
      row.emergency_admissions = f.emergency_admissions;
      row.ae_attendances = f.ae_attendances;
      row.bed_days = f.bed_days;
      row.long_term_conditions = f.long_term_conditions;
      row.age_band = std::string(EspBandLabel(EspBandOfLifeTableBand(LifeTableBand(f.age))));
      row.segment = seg.segment[i] < rules.segments.size() ? rules.segments[seg.segment[i]].id : "";
      found[piece].push_back(std::move(row));
    }
  });
  std::vector<CaseFindingRow> rows;
  for (auto& f : found) {
    rows.insert(rows.end(), std::make_move_iterator(f.begin()), std::make_move_iterator(f.end()));
  }
  std::sort(rows.begin(), rows.end(), Ranked);
  if (limit > 0 && rows.size() > limit) rows.resize(limit);
  if (x.group != nullptr) {
    // One shard: the first process merges every process's top rows; the
    // others list nothing (only the first writes output).
    auto all = GatherShards(*x.group, std::move(rows));
    if (!all.ok()) return all.status();
    rows = std::move(*all);
    if (limit > 0 && rows.size() > limit) rows.resize(limit);
  }
  for (size_t i = 0; i < rows.size(); ++i) rows[i].rank = static_cast<int64_t>(i + 1);
  return rows;
}

}  // namespace barometer::population
