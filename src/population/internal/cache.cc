#include "population/internal/cache.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>

#include <fmt/format.h>

#include "population/internal/cache_check.h"

namespace barometer::population::internal {
namespace {

constexpr char kMagic[8] = {'B', 'A', 'R', 'O', 'P', 'O', 'P', '\n'};
constexpr size_t kAlign = 64;

struct Section {
  uint32_t id;
  uint32_t elem_size;
  uint64_t offset;
  uint64_t count;
};

struct Source {
  uint8_t present;
  uint8_t pad[7];
  uint64_t size;
  int64_t mtime_ns;
  int64_t ctime_ns;
  uint64_t inode;
  uint64_t digest;
};

struct Header {
  char magic[8];
  uint32_t version;
  uint32_t sections;
  uint64_t file_size;
  Source sources[5];
  int32_t latest_date;
  uint8_t has_population;
  uint8_t pad[3];
};

// The ids of the columns in the file. Never reuse a number; bump
// kCacheVersion when the meaning of one changes.
enum SectionId : uint32_t {
  kPersonIdChars = 1,
  kPersonIdOffsets,
  kSex,
  kBirthYear,
  kBirthMonth,
  kArea,
  kPractice,
  kEthnic,
  kRegisteredFrom,
  kRegisteredTo,
  kDateOfDeath,
  kCause,
  kConditionOffsets = 20,
  kConditionCode,
  kConditionDate,
  kActivityOffsets = 30,
  kActivitySetting,
  kActivityStart,
  kActivityEnd,
  kLsoaChars = 40,
  kLsoaOffsets,
  kImd,
  kNeighbourhood,
  kLocalAuthority,
  kNbChars,
  kNbOffsets,
  kLaChars,
  kLaOffsets,
  kPopArea = 50,
  kPopYear,
  kPopSex,
  kPopBand,
  kPopValue,
  kPracticeChars = 60,
  kPracticeOffsets,
  kCodeChars,
  kCodeOffsets,
};

struct Blob {
  uint32_t id;
  uint32_t elem_size;
  const void* data;
  uint64_t count;
};

template <typename T>
void Add(std::vector<Blob>& out, uint32_t id, const Column<T>& c) {
  out.push_back({id, sizeof(T), c.data(), c.size()});
}
void AddStrings(std::vector<Blob>& out, uint32_t id, const StringColumn& s) {
  Add(out, id, s.chars());
  Add(out, id + 1, s.offsets());
}

std::vector<Blob> Blobs(const Extract& x) {
  std::vector<Blob> b;
  const Persons& p = x.persons;
  AddStrings(b, kPersonIdChars, p.id);
  Add(b, kSex, p.sex);
  Add(b, kBirthYear, p.birth_year);
  Add(b, kBirthMonth, p.birth_month);
  Add(b, kArea, p.area);
  Add(b, kPractice, p.practice);
  Add(b, kEthnic, p.ethnic);
  Add(b, kRegisteredFrom, p.registered_from);
  Add(b, kRegisteredTo, p.registered_to);
  Add(b, kDateOfDeath, p.date_of_death);
  Add(b, kCause, p.cause);
  Add(b, kConditionOffsets, x.conditions.offsets);
  Add(b, kConditionCode, x.conditions.code);
  Add(b, kConditionDate, x.conditions.recorded_on);
  Add(b, kActivityOffsets, x.activity.offsets);
  Add(b, kActivitySetting, x.activity.setting);
  Add(b, kActivityStart, x.activity.start);
  Add(b, kActivityEnd, x.activity.end);
  AddStrings(b, kLsoaChars, x.areas.lsoa);
  Add(b, kImd, x.areas.imd_decile);
  Add(b, kNeighbourhood, x.areas.neighbourhood);
  Add(b, kLocalAuthority, x.areas.local_authority);
  AddStrings(b, kNbChars, x.areas.neighbourhood_names);
  AddStrings(b, kLaChars, x.areas.local_authority_names);
  Add(b, kPopArea, x.population.area);
  Add(b, kPopYear, x.population.year);
  Add(b, kPopSex, x.population.sex);
  Add(b, kPopBand, x.population.band);
  Add(b, kPopValue, x.population.population);
  AddStrings(b, kPracticeChars, x.practices);
  AddStrings(b, kCodeChars, x.condition_codes);
  return b;
}

// A mapped cache file; the columns of the Extract keep it alive.
class Mapping {
 public:
  Mapping(void* addr, size_t size) : addr_(addr), size_(size) {}
  ~Mapping() { ::munmap(addr_, size_); }
  const char* data() const { return static_cast<const char*>(addr_); }
  size_t size() const { return size_; }

 private:
  void* addr_;
  size_t size_;
};

class SectionReader {
 public:
  SectionReader(std::shared_ptr<const Mapping> map, std::map<uint32_t, Section> sections)
      : map_(std::move(map)), sections_(std::move(sections)) {}

  template <typename T>
  Column<T> Get(uint32_t id) {
    auto it = sections_.find(id);
    if (it == sections_.end() || it->second.elem_size != sizeof(T)) {
      ok_ = false;
      return {};
    }
    const Section& s = it->second;
    if (s.offset % alignof(T) != 0 || s.offset > map_->size() ||
        s.count > (map_->size() - s.offset) / sizeof(T)) {
      ok_ = false;
      return {};
    }
    return Column<T>(map_, reinterpret_cast<const T*>(map_->data() + s.offset), s.count);
  }
  StringColumn Strings(uint32_t id) { return StringColumn(Get<char>(id), Get<uint64_t>(id + 1)); }
  bool ok() const { return ok_; }

 private:
  std::shared_ptr<const Mapping> map_;
  std::map<uint32_t, Section> sections_;
  bool ok_ = true;
};

void ReadColumns(SectionReader& r, Extract& x) {
  Persons& p = x.persons;
  p.id = r.Strings(kPersonIdChars);
  p.sex = r.Get<int8_t>(kSex);
  p.birth_year = r.Get<int16_t>(kBirthYear);
  p.birth_month = r.Get<uint8_t>(kBirthMonth);
  p.area = r.Get<uint32_t>(kArea);
  p.practice = r.Get<uint32_t>(kPractice);
  p.ethnic = r.Get<uint8_t>(kEthnic);
  p.registered_from = r.Get<int32_t>(kRegisteredFrom);
  p.registered_to = r.Get<int32_t>(kRegisteredTo);
  p.date_of_death = r.Get<int32_t>(kDateOfDeath);
  p.cause = r.Get<uint16_t>(kCause);
  x.conditions.offsets = r.Get<uint64_t>(kConditionOffsets);
  x.conditions.code = r.Get<uint32_t>(kConditionCode);
  x.conditions.recorded_on = r.Get<int32_t>(kConditionDate);
  x.activity.offsets = r.Get<uint64_t>(kActivityOffsets);
  x.activity.setting = r.Get<uint8_t>(kActivitySetting);
  x.activity.start = r.Get<int32_t>(kActivityStart);
  x.activity.end = r.Get<int32_t>(kActivityEnd);
  x.areas.lsoa = r.Strings(kLsoaChars);
  x.areas.imd_decile = r.Get<uint8_t>(kImd);
  x.areas.neighbourhood = r.Get<uint32_t>(kNeighbourhood);
  x.areas.local_authority = r.Get<uint32_t>(kLocalAuthority);
  x.areas.neighbourhood_names = r.Strings(kNbChars);
  x.areas.local_authority_names = r.Strings(kLaChars);
  x.population.area = r.Get<uint32_t>(kPopArea);
  x.population.year = r.Get<int16_t>(kPopYear);
  x.population.sex = r.Get<int8_t>(kPopSex);
  x.population.band = r.Get<uint8_t>(kPopBand);
  x.population.population = r.Get<double>(kPopValue);
  x.practices = r.Strings(kPracticeChars);
  x.condition_codes = r.Strings(kCodeChars);
}

Status WriteAll(int fd, const void* data, size_t n) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return Status::Io(std::strerror(errno));
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return Status::Ok();
}

}  // namespace

namespace {

// A change within this long of the cache being written may keep every time
// stamp (file system clocks tick coarsely); such files are compared by digest.
constexpr int64_t kRacyNs = 2'000'000'000;

int64_t NowNs() {
  struct timespec ts {};
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

}  // namespace

const std::vector<std::string>& ContractFiles() {
  static const std::vector<std::string> files = {"areas.csv", "persons.csv", "conditions.csv",
                                                 "activity.csv", "population.csv"};
  return files;
}

SourceStamps StampSources(const std::string& dir, bool digests) {
  SourceStamps stamps;
  for (const std::string& f : ContractFiles()) {
    struct stat st;
    SourceStamp s;
    if (::stat((dir + "/" + f).c_str(), &st) == 0) {
      s.present = true;
      s.size = static_cast<uint64_t>(st.st_size);
      s.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
      s.ctime_ns = static_cast<int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
      s.inode = static_cast<uint64_t>(st.st_ino);
      // Only a file changed in the last two seconds needs its bytes read: an
      // older one cannot change again without a newer change time.
      if (digests && std::max(s.mtime_ns, s.ctime_ns) + kRacyNs >= NowNs())
        s.digest = FileDigest(dir + "/" + f);
    }
    stamps.push_back(s);
  }
  return stamps;
}

Result<Extract> ReadCache(const std::string& path, const SourceStamps& stamps,
                          const std::string& dir) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::NotFound(fmt::format("{}: no cache", path));
  struct stat st;
  if (::fstat(fd, &st) != 0 || static_cast<size_t>(st.st_size) < sizeof(Header)) {
    ::close(fd);
    return Status::Corrupt(fmt::format("{}: too short to be a cache", path));
  }
  size_t size = static_cast<size_t>(st.st_size);
  const int64_t written_ns =
      static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  void* addr = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  ::close(fd);
  if (addr == MAP_FAILED) return Status::Io(fmt::format("{}: cannot map the cache", path));
  auto map = std::make_shared<const Mapping>(addr, size);
  Header h;
  std::memcpy(&h, map->data(), sizeof(h));
  if (std::memcmp(h.magic, kMagic, sizeof(kMagic)) != 0 || h.version != kCacheVersion ||
      h.file_size != size || stamps.size() != 5) {
    return Status::Corrupt(fmt::format("{}: not a cache of this version", path));
  }
  for (size_t i = 0; i < 5; ++i) {
    const Source& src = h.sources[i];
    SourceStamp s{src.present != 0, src.size, src.mtime_ns, src.ctime_ns, src.inode, src.digest};
    if (!s.SameFile(stamps[i])) {
      return Status::Corrupt(fmt::format("{}: the CSV files changed", path));
    }
    // Changed within two seconds of the cache being written: a same-size
    // rewrite in the same clock tick keeps every time, so compare the bytes.
    bool racy = s.present && std::max(s.mtime_ns, s.ctime_ns) + kRacyNs >= written_ns;
    if (racy &&
        (s.digest == 0 || dir.empty() || FileDigest(dir + "/" + ContractFiles()[i]) != s.digest)) {
      return Status::Corrupt(fmt::format("{}: the CSV files changed", path));
    }
  }
  if (h.sections > 1000 || sizeof(Header) + h.sections * sizeof(Section) > size) {
    return Status::Corrupt(fmt::format("{}: damaged section table", path));
  }
  std::map<uint32_t, Section> sections;
  for (uint32_t i = 0; i < h.sections; ++i) {
    Section s;
    std::memcpy(&s, map->data() + sizeof(Header) + i * sizeof(Section), sizeof(s));
    sections[s.id] = s;
  }
  SectionReader reader(map, std::move(sections));
  Extract x;
  ReadColumns(reader, x);
  if (!reader.ok()) return Status::Corrupt(fmt::format("{}: damaged or missing columns", path));
  x.latest_date = h.latest_date;
  x.has_population = h.has_population != 0;
  Status consistent = CheckConsistency(x);
  if (!consistent.ok()) {
    return Status::Corrupt(fmt::format("{}: {}", path, consistent.message()));
  }
  x.from_cache = true;
  return x;
}

Status WriteCache(const std::string& path, const SourceStamps& stamps, const Extract& x) {
  std::vector<Blob> blobs = Blobs(x);
  Header h{};
  std::memcpy(h.magic, kMagic, sizeof(kMagic));
  h.version = kCacheVersion;
  h.sections = static_cast<uint32_t>(blobs.size());
  for (size_t i = 0; i < 5 && i < stamps.size(); ++i) {
    h.sources[i].present = stamps[i].present ? 1 : 0;
    h.sources[i].size = stamps[i].size;
    h.sources[i].mtime_ns = stamps[i].mtime_ns;
    h.sources[i].ctime_ns = stamps[i].ctime_ns;
    h.sources[i].inode = stamps[i].inode;
    h.sources[i].digest = stamps[i].digest;
  }
  h.latest_date = x.latest_date;
  h.has_population = x.has_population ? 1 : 0;
  std::vector<Section> table;
  uint64_t offset = sizeof(Header) + blobs.size() * sizeof(Section);
  for (const Blob& b : blobs) {
    offset = (offset + kAlign - 1) / kAlign * kAlign;
    table.push_back({b.id, b.elem_size, offset, b.count});
    offset += b.count * b.elem_size;
  }
  h.file_size = offset;

  std::string tmp = fmt::format("{}.tmp-{}", path, ::getpid());
  // The cache holds the extract's person-level rows: readable by its owner only.
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Io(fmt::format("{}: cannot create: {}", tmp, std::strerror(errno)));
  Status s = WriteAll(fd, &h, sizeof(h));
  if (s.ok()) s = WriteAll(fd, table.data(), table.size() * sizeof(Section));
  uint64_t at = sizeof(Header) + table.size() * sizeof(Section);
  static const char kZeros[kAlign] = {};
  for (size_t i = 0; s.ok() && i < blobs.size(); ++i) {
    s = WriteAll(fd, kZeros, table[i].offset - at);
    if (s.ok()) s = WriteAll(fd, blobs[i].data, blobs[i].count * blobs[i].elem_size);
    at = table[i].offset + blobs[i].count * blobs[i].elem_size;
  }
  if (::close(fd) != 0 && s.ok()) s = Status::Io(std::strerror(errno));
  if (s.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) s = Status::Io(std::strerror(errno));
  if (!s.ok()) {
    ::unlink(tmp.c_str());
    return Status::Io(fmt::format("{}: cannot write the cache: {}", path, s.message()));
  }
  return Status::Ok();
}

}  // namespace barometer::population::internal
