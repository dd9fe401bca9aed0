// `barometer population partition`, and the MPI side of `--shards`: each
// process loads one shard and the engine's scans sum their integer counts
// across processes (MPI_Allreduce), so every process finishes with the cube
// of the whole extract and rank 0 writes the same output as one process
// would (docs/scale-out.md).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#ifdef BAROMETER_HAVE_MPI
#include <mpi.h>
#endif

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/population_shards.h"

namespace barometer::cli {
namespace {

namespace pop = barometer::population;

#ifdef BAROMETER_HAVE_MPI

void FinalizeMpi() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

// Starts MPI once (a process started without mpirun is a group of one).
void EnsureMpi() {
  int started = 0;
  MPI_Initialized(&started);
  if (started) return;
  int provided = 0;
  // Only the main thread calls MPI, after the scan's threads have joined.
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  std::atexit(FinalizeMpi);
}

class MpiGroup : public pop::ShardGroup {
 public:
  MpiGroup() {
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void SumAll(std::vector<int64_t>& v) const override { Reduce(v, MPI_SUM); }
  void MaxAll(std::vector<int64_t>& v) const override { Reduce(v, MPI_MAX); }
  // Point to point, in rank order, in pieces of at most 1 GiB: a gather
  // (MPI_Gatherv) counts and places bytes with ints, which a national
  // case-finding list (all people, every process) can pass.
  std::vector<std::string> GatherToFirst(const std::string& bytes) const override {
    constexpr size_t kPiece = size_t{1} << 30;
    constexpr int kSizeTag = 71, kBytesTag = 72;
    std::vector<std::string> out;
    if (rank_ != 0) {
      uint64_t n = bytes.size();
      MPI_Send(&n, 1, MPI_UINT64_T, 0, kSizeTag, MPI_COMM_WORLD);
      for (size_t at = 0; at < bytes.size(); at += kPiece) {
        int k = static_cast<int>(std::min(kPiece, bytes.size() - at));
        MPI_Send(bytes.data() + at, k, MPI_CHAR, 0, kBytesTag, MPI_COMM_WORLD);
      }
      return out;
    }
    out.push_back(bytes);
    for (int r = 1; r < size_; ++r) {
      uint64_t n = 0;
      MPI_Recv(&n, 1, MPI_UINT64_T, r, kSizeTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      std::string& b = out.emplace_back(static_cast<size_t>(n), '\0');
      for (size_t at = 0; at < b.size(); at += kPiece) {
        int k = static_cast<int>(std::min(kPiece, b.size() - at));
        MPI_Recv(b.data() + at, k, MPI_CHAR, r, kBytesTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      }
    }
    return out;
  }

 private:
  static void Reduce(std::vector<int64_t>& v, MPI_Op op) {
    constexpr size_t kChunk = size_t{1} << 28;  // MPI counts are ints
    for (size_t at = 0; at < v.size(); at += kChunk) {
      int n = static_cast<int>(std::min(kChunk, v.size() - at));
      MPI_Allreduce(MPI_IN_PLACE, v.data() + at, n, MPI_INT64_T, op, MPI_COMM_WORLD);
    }
  }
  int rank_ = 0, size_ = 1;
};

std::shared_ptr<const MpiGroup>& Group() {
  static std::shared_ptr<const MpiGroup> group;
  return group;
}

#else

// Without MPI: a group of one process.
class SoloGroup : public pop::ShardGroup {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  void SumAll(std::vector<int64_t>&) const override {}
  void MaxAll(std::vector<int64_t>&) const override {}
  std::vector<std::string> GatherToFirst(const std::string& bytes) const override {
    return {bytes};
  }
};

std::shared_ptr<const SoloGroup>& Group() {
  static std::shared_ptr<const SoloGroup> group;
  return group;
}

void EnsureMpi() {}

#endif

// What the areas of a shard look like, to check that every process holds a
// shard of the same extract (their cubes must have the same shape).
std::vector<int64_t> AreasFingerprint(const pop::Extract& x) {
  uint64_t h = 1469598103934665603ull;
  for (char c : std::string_view(x.areas.lsoa.chars().data(), x.areas.lsoa.chars().size())) {
    h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  }
  return {static_cast<int64_t>(x.areas.size()),
          static_cast<int64_t>(x.areas.neighbourhood_names.size()),
          static_cast<int64_t>(x.areas.local_authority_names.size()), static_cast<int64_t>(h >> 1),
          x.has_population ? 1 : 0};
}

// Whether `v` is the same on every process.
bool SameEverywhere(const pop::ShardGroup& g, std::vector<int64_t> v) {
  std::vector<int64_t> hi = v, lo = v;
  for (int64_t& x : lo) x = -x;
  g.MaxAll(hi);
  g.MaxAll(lo);
  for (size_t i = 0; i < v.size(); ++i) {
    if (hi[i] != -lo[i]) return false;
  }
  return true;
}

int ExitFor(const Status& s) {
  switch (s.code()) {
    case StatusCode::kOk:
      return kExitOk;
    case StatusCode::kInvalidInput:
      return kExitFindings;
    case StatusCode::kInternal:
      return kExitInternal;
    default:
      return kExitIo;
  }
}

}  // namespace

bool IsOutputRank() { return Group() == nullptr || Group()->rank() == 0; }

Result<pop::Extract> LoadShard(const std::string& shards_dir, const pop::LoadOptions& options,
                               Diagnostics* problems) {
  EnsureMpi();
#ifdef BAROMETER_HAVE_MPI
  auto group = std::make_shared<const MpiGroup>();
#else
  auto group = std::make_shared<const SoloGroup>();
#endif
  const int rank = group->rank(), ranks = group->size();
  if (options.skip_bad_rows) {
    return Status::InvalidInput(
        "--skip-bad-rows does not work with --shards; check and fix the extract before "
        "partitioning it");
  }
  // 1. Every process reads its shard; any failure is told to all (the
  //    failing one keeps its own message; the others name the failing shards).
  Result<pop::Extract> x = Status::Internal("not loaded");
  auto count = pop::ReadShardManifest(shards_dir);
  if (!count.ok()) {
    x = count.status();
  } else if (*count != ranks) {
    x = Status::InvalidInput(fmt::format(
        "{} holds {} shard{} but {} process{} running; run `mpirun -np {} barometer ...` (one "
        "process per shard) or partition again with --shards {}",
        shards_dir, *count, *count == 1 ? "" : "s", ranks, ranks == 1 ? " is" : "es are", *count,
        ranks));
  } else {
    x = pop::LoadExtract(pop::ShardDir(shards_dir, rank), options, problems);
  }
  std::vector<int64_t> failed(static_cast<size_t>(ranks), 0);
  failed[static_cast<size_t>(rank)] = x.ok() ? 0 : ExitFor(x.status());
  group->MaxAll(failed);
  std::vector<int> bad;
  for (int r = 0; r < ranks; ++r) {
    if (failed[static_cast<size_t>(r)] != 0) bad.push_back(r);
  }
  if (!bad.empty()) {
    if (!x.ok()) {
      return Status(x.status().code(),
                    fmt::format("shard {} of {}: {}", rank, ranks, x.status().message()));
    }
    std::vector<std::string> names;
    for (int r : bad) names.push_back(pop::ShardDir(shards_dir, r));
    return Status::Io(fmt::format("stopped: {} could not be loaded (its process says why)",
                                  fmt::join(names, ", ")));
  }
  // 2. The shards must be of one extract: the same areas everywhere.
  if (!SameEverywhere(*group, AreasFingerprint(*x))) {
    return Status::Corrupt(fmt::format(
        "{}: the shards do not hold the same areas.csv and population.csv; they are not shards "
        "of one extract (partition it again)",
        shards_dir));
  }
  // 3. What the whole extract would say about itself.
  std::vector<int64_t> latest = {x->latest_date};
  group->MaxAll(latest);
  x->latest_date = static_cast<int32_t>(latest[0]);
  x->group = group;
  Group() = group;
  return x;
}

namespace {

struct PartitionOptions {
  std::string extract, out;
  int shards = 0;
};

void AddPartition(CLI::App& parent, int* exit_code) {
  auto o = std::make_shared<PartitionOptions>();
  CLI::App* sub = parent.add_subcommand(
      "partition",
      "Split an extract by person into shards for `mpirun -np N barometer population indicators "
      "--shards DIR` (docs/scale-out.md)");
  sub->add_option("--extract", o->extract, "Folder of the (valid) extract")->required();
  sub->add_option("--shards", o->shards, "Number of shards (one per MPI process)")
      ->required()
      ->check(CLI::Range(1, 100000));
  sub->add_option("--out", o->out, "New folder for the shards (shard-0000, ... and shards.txt)")
      ->required();
  sub->callback([o, exit_code] {
    Status s = pop::PartitionExtract(o->extract, o->shards, o->out);
    if (!s.ok()) {
      std::fprintf(stderr, "barometer population partition: %s\n", s.ToString().c_str());
      *exit_code = ExitFor(s);
      return;
    }
    std::fprintf(stderr, "barometer population partition: %d shard%s in %s\n", o->shards,
                 o->shards == 1 ? "" : "s", o->out.c_str());
    *exit_code = kExitOk;
  });
}

}  // namespace

void AddPopulationShardsCommands(CLI::App& population, int* exit_code) {
  AddPartition(population, exit_code);
}

}  // namespace barometer::cli
