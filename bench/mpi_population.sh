#!/usr/bin/env bash
# `population indicators` (every indicator x every breakdown), `segments`,
# `concentration` and `case-finding` on one synthetic extract, as one process
# and as 1, 2 and 4 MPI ranks on sharded copies, from each shard's cache (a
# first run of each writes the caches): wall time and the peak memory of the
# largest rank. The outputs are also
# compared byte for byte. Needs OpenMPI (scripts/install-deps.sh).
#   bash bench/mpi_population.sh [people] [threads per rank]
set -euo pipefail
cd "$(dirname "$0")/.."
people="${1:-3000000}"
threads="${2:-1}"
build=build-bench
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DBAROMETER_TESTS=OFF -DBAROMETER_BENCH=ON >/dev/null
cmake --build "$build" -j2 --target barometer >/dev/null
bin="$(realpath "$build/src/cli/barometer")"
work="$(mktemp -d "${TMPDIR:-/tmp}/mpi-bench-XXXXXX")"
trap 'rm -rf "$work"' EXIT
root=""
[ "$(id -u)" -eq 0 ] && root="--allow-run-as-root"
all="sex,age_band,imd_decile,imd_quintile,core20,ethnic_group,neighbourhood,local_authority,segment"
"$bin" synth population --people "$people" --seed 1 --profile deprived-city --out "$work/x" >/dev/null 2>&1
"$bin" population check --extract "$work/x" >/dev/null  # writes the cache

# Runs a command under /usr/bin/time (-v reports the largest child's peak).
timed() {
  /usr/bin/time -v "$@" >"$work/out.csv" 2>"$work/time.txt"
  awk '/Elapsed \(wall clock\)/ { n = split($NF, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i] }
       /Maximum resident set size/ { r = $NF }
       END { printf "%.2f %.0f\n", s, r / 1024 }' "$work/time.txt"
}
head -c 32 /dev/urandom | base64 >"$work/key"  # synthetic ids can look like NHS numbers
commands=("indicators --by $all" "segments" "concentration"
  "case-finding --person-level --limit 1000 --pseudonymise-key-file $work/key")
for ranks in 1 2 4; do
  "$bin" population partition --extract "$work/x" --shards "$ranks" --out "$work/s$ranks" 2>/dev/null
done
printf '%-10s %-14s %-18s %9s %12s %s\n' people command run seconds peak_MB output
for cmd in "${commands[@]}"; do
  name="${cmd%% *}"
  read -r s m < <(timed "$bin" population $cmd --extract "$work/x" --threads "$threads")
  cp "$work/out.csv" "$work/one.csv"
  printf '%-10s %-14s %-18s %9s %12s %s\n' "$people" "$name" "one process" "$s" "$m" reference
  for ranks in 1 2 4; do
    # The first run of each writes the shards' caches.
    mpirun $root --oversubscribe -np "$ranks" "$bin" population $cmd --shards "$work/s$ranks" \
      --threads "$threads" >/dev/null 2>&1
    read -r s m < <(timed mpirun $root --oversubscribe -np "$ranks" "$bin" population $cmd \
      --shards "$work/s$ranks" --threads "$threads")
    same=$(cmp -s "$work/out.csv" "$work/one.csv" && echo identical || echo DIFFERENT)
    printf '%-10s %-14s %-18s %9s %12s %s\n' "$people" "$name" "mpirun -np $ranks" "$s" "$m" "$same"
  done
done
