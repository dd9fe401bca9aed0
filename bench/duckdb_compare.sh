#!/usr/bin/env bash
# barometer against DuckDB (npm @duckdb/node-api, the same number of threads)
# on the same synthetic extract, in one run: loading the CSVs, and loading plus
# the indicator workload (barometer: every indicator x every breakdown;
# DuckDB: bench/duckdb_compare.mjs). Prints both wall times and their ratio.
# Builds Release in build-bench; installs @duckdb/node-api once under
# ${BAROMETER_NODE_PREFIX:-$HOME/.cache/barometer-bench-node} (npm registry).
#   bash bench/duckdb_compare.sh [people] [threads]
set -euo pipefail
cd "$(dirname "$0")/.."
people="${1:-3000000}"
threads="${2:-2}"
prefix="${BAROMETER_NODE_PREFIX:-$HOME/.cache/barometer-bench-node}"
build=build-bench
if [ ! -d "$prefix/node_modules/@duckdb/node-api" ]; then
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --silent @duckdb/node-api@1.5.6-r.1 >&2
fi
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DBAROMETER_TESTS=OFF -DBAROMETER_BENCH=ON >/dev/null
cmake --build "$build" -j2 --target barometer >/dev/null
bin="$build/src/cli/barometer"
work="$(mktemp -d "${TMPDIR:-/tmp}/duckdb-bench-XXXXXX")"
trap 'rm -rf "$work"' EXIT
x="$work/x"
"$bin" synth population --people "$people" --seed 1 --profile deprived-city --out "$x" \
  --threads "$threads" >/dev/null 2>&1
mb=$(du -sbc "$x"/*.csv | tail -1 | awk '{ print $1 / 1e6 }')
all="sex,age_band,imd_decile,imd_quintile,core20,ethnic_group,neighbourhood,local_authority,segment"
now() { date +%s.%N; }
sync                       # no write-back of the new files under the timings
cat "$x"/*.csv >/dev/null  # both start with the files in the page cache
t0=$(now)
"$bin" population check --extract "$x" --no-cache --threads "$threads" >/dev/null
t1=$(now)
"$bin" population indicators --extract "$x" --by "$all" --no-cache --threads "$threads" >/dev/null
t2=$(now)
read -r duck_load duck_suite < <(node bench/duckdb_compare.mjs "$x" "$prefix" "$threads")
awk -v t="$threads" -v n="$people" -v mb="$mb" -v bl="$(echo "$t1 - $t0" | bc -l)" -v bs="$(echo "$t2 - $t1" | bc -l)" \
    -v dl="$duck_load" -v ds="$duck_suite" 'BEGIN {
  printf "%d people, %.0f MB of CSV, %d threads\n", n, mb, t
  printf "%-34s %9s %9s %9s\n", "step", "barometer", "duckdb", "ratio"
  printf "%-34s %9.2f %9.2f %8.2fx\n", "load the CSVs (s)", bl, dl, dl / bl
  printf "%-34s %9.0f %9.0f\n", "load MB/s", mb / bl, mb / dl
  printf "%-34s %9.2f %9.2f %8.2fx\n", "load + indicator workload (s)", bs, dl + ds, (dl + ds) / bs
}'
