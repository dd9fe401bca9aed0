// cli/population_shards.h — running the population commands on a sharded
// extract, one shard per MPI process (cmd_population_shards.cc;
// docs/scale-out.md). Without MPI in the build, only one shard can be read.
#pragma once

#include <string>

#include "core/diagnostics.h"
#include "core/status.h"
#include "population/extract.h"

namespace barometer::cli {

// Loads this process's shard of `shards_dir` (shard r for MPI rank r; the
// number of processes must equal the number of shards) and joins it to the
// other processes, so that the engine's scans combine their counts. Every
// process gets an error when any shard fails to load (that shard's process
// says why), so all stop before any output.
Result<population::Extract> LoadShard(const std::string& shards_dir,
                                      const population::LoadOptions& options,
                                      Diagnostics* problems);

// False on MPI ranks other than 0, which compute but write nothing.
bool IsOutputRank();

}  // namespace barometer::cli
