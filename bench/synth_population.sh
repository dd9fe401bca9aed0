#!/usr/bin/env bash
# Generation throughput and peak memory of `barometer synth population` for
# 500 thousand, 1 million and 3 million people (docs/synthetic-population.md,
# "Performance"). Builds a Release binary in build-bench-synth, writes each
# extract under ${TMPDIR:-/tmp} and removes it afterwards.
#   bash bench/synth_population.sh [threads]
set -euo pipefail
cd "$(dirname "$0")/.."
threads="${1:-2}"
build=build-bench-synth
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DBAROMETER_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target barometer >/dev/null
bin="$build/src/cli/barometer"
work="$(mktemp -d "${TMPDIR:-/tmp}/synth-bench-XXXXXX")"
trap 'rm -rf "$work"' EXIT
printf '%-10s %-8s %10s %12s %10s %12s %14s\n' people threads seconds people/s MB MB/s peak_rss_MB
for n in 500000 1000000 3000000; do
  /usr/bin/time -v "$bin" synth population --people "$n" --seed 1 --profile mixed-county \
    --out "$work/x" --threads "$threads" --format json >"$work/summary.json" 2>"$work/time.txt"
  secs=$(sed -n 's/.*"seconds": \([0-9.]*\).*/\1/p' "$work/summary.json")
  bytes=$(du -sb "$work/x" | cut -f1)
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\).*/\1/p' "$work/time.txt")
  awk -v n="$n" -v t="$threads" -v s="$secs" -v b="$bytes" -v r="$rss" 'BEGIN {
    printf "%-10d %-8d %10.2f %12.0f %10.0f %12.1f %14.1f\n", n, t, s, n / s, b / 1e6, b / 1e6 / s, r / 1024 }'
  rm -rf "$work/x"
done
