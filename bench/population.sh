#!/usr/bin/env bash
# The population engine on synthetic extracts of 500 thousand and 3 million
# people: CSV load (MB/s), cache load, the full indicator suite (all
# indicators x all breakdowns) from the cache, segmentation and concentration,
# each with peak memory (/usr/bin/time -v), the best of three runs up to 10 M
# people (one above), then the Google Benchmark program.
# Builds Release in build-bench (as `make bench`); extracts go under ${TMPDIR:-/tmp}.
#   bash bench/population.sh [threads] [sizes...]
set -euo pipefail
cd "$(dirname "$0")/.."
threads="${1:-2}"
shift || true
sizes=("${@:-500000 3000000}")
build=build-bench
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DBAROMETER_TESTS=OFF -DBAROMETER_BENCH=ON >/dev/null
cmake --build "$build" -j2 --target barometer bench_population >/dev/null
bin="$build/src/cli/barometer"
work="$(mktemp -d "${TMPDIR:-/tmp}/pop-bench-XXXXXX")"
trap 'rm -rf "$work"' EXIT
all="sex,age_band,imd_decile,imd_quintile,core20,ethnic_group,neighbourhood,local_authority,segment"

# Runs a command under /usr/bin/time $repeats times; prints "seconds peak_MB"
# of the fastest run (and its peak memory).
timed() {
  local best="" k
  for ((k = 0; k < repeats; k++)); do
    /usr/bin/time -v "$@" >"$work/out.txt" 2>"$work/time.txt"
    best=$(awk -v best="$best" '/Elapsed \(wall clock\)/ { n = split($NF, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i] }
       /Maximum resident set size/ { r = $NF }
       END { if (best == "" || s < best + 0) printf "%.2f %.0f\n", s, r / 1024; else print best }' \
      "$work/time.txt")
  done
  echo "$best"
}

printf '%-9s %-28s %9s %10s %9s\n' people step seconds MB/s peak_MB
for n in ${sizes[@]}; do
  x="$work/x$n"
  "$bin" synth population --people "$n" --seed 1 --profile deprived-city --out "$x" \
    --threads "$threads" >/dev/null 2>&1
  sync  # the new files written back first, so that no write-back runs under the timings
  repeats=$([ "$n" -le 10000000 ] && echo 3 || echo 1)  # best of 3 up to 10 M people
  mb=$(du -sbc "$x"/*.csv | tail -1 | awk '{ print $1 / 1e6 }')
  read -r s m < <(timed "$bin" population check --extract "$x" --no-cache --threads "$threads")
  printf '%-9s %-28s %9s %10.0f %9s\n' "$n" "csv load (${mb%.*} MB)" "$s" "$(echo "$mb / $s" | bc -l)" "$m"
  read -r s m < <(timed "$bin" population indicators --extract "$x" --by "$all" --no-cache \
    --threads "$threads")
  printf '%-9s %-28s %9s %10.0f %9s\n' "$n" "indicator suite from CSV" "$s" "$(echo "$mb / $s" | bc -l)" "$m"
  "$bin" population check --extract "$x" --threads "$threads" >/dev/null  # writes the cache
  cache_mb=$(du -sb "$x/.barometer-cache" | awk '{ print $1 / 1e6 }')
  read -r s m < <(timed "$bin" population check --extract "$x" --threads "$threads")
  printf '%-9s %-28s %9s %10s %9s\n' "$n" "cache load (${cache_mb%.*} MB)" "$s" "" "$m"
  read -r s m < <(timed "$bin" population indicators --extract "$x" --by "$all" --threads "$threads")
  printf '%-9s %-28s %9s %10s %9s\n' "$n" "indicator suite from cache" "$s" "" "$m"
  read -r s m < <(timed "$bin" population segments --extract "$x" --threads "$threads")
  printf '%-9s %-28s %9s %10s %9s\n' "$n" "segments (+load)" "$s" "" "$m"
  read -r s m < <(timed "$bin" population concentration --extract "$x" --threads "$threads")
  printf '%-9s %-28s %9s %10s %9s\n' "$n" "concentration (+load)" "$s" "" "$m"
  if [ "$n" -le 3000000 ]; then  # in-process repeats: minutes at national sizes
    BAROMETER_POP_EXTRACT="$x" BAROMETER_THREADS="$threads" "$build/bench/bench_population" \
      --benchmark_format=console 2>/dev/null | grep -E '^BM_' | sed "s/^/$n  /"
  fi
  rm -rf "$x"
done
