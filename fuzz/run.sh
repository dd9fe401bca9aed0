#!/usr/bin/env bash
# Runs every fuzzer in BUILD_DIR/fuzz for SECONDS each, seeded from fuzz/corpus/<name>
# and the project's examples. Fails on the first crash, leak or hang.
#
#   fuzz/run.sh BUILD_DIR SECONDS [KEEP_DIR] [TARGET...]
#
# With KEEP_DIR (make fuzz-long), each target's growing corpus is kept in
# KEEP_DIR/<name> between runs, and a summary line per target (executions,
# coverage, corpus size) is printed from libFuzzer's final statistics.
set -euo pipefail
build=${1:-build-san}
seconds=${2:-20}
keep=${3:-}
shift $(($# < 3 ? $# : 3))
only=("$@")
root=$(cd "$(dirname "$0")/.." && pwd)
for bin in "$build"/fuzz/fuzz_*; do
  [ -x "$bin" ] || continue
  name=$(basename "$bin")
  if [ ${#only[@]} -gt 0 ] && [[ ! " ${only[*]} " == *" $name "* ]]; then continue; fi
  if [ -n "$keep" ]; then
    work="$keep/$name"
    mkdir -p "$work"
  else
    work=$(mktemp -d)
  fi
  [ -d "$root/fuzz/corpus/$name" ] && cp -r "$root/fuzz/corpus/$name/." "$work/"
  extra=()
  # A whole extract load touches tens of thousands of coverage features per
  # input; entropic scheduling's bookkeeping of them took most of the time.
  [ "$name" = fuzz_extract ] && extra=(-entropic=0 -max_len=8192)
  echo "fuzz: $name for ${seconds}s" >&2
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 "${extra[@]}" \
    -print_final_stats=1 \
    -artifact_prefix="$build/" "$work" 2>"$build/$name.log" || {
      tail -n 40 "$build/$name.log" >&2
      echo "fuzz: $name FAILED (log: $build/$name.log)" >&2
      exit 1
    }
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/$name.log")
  cov=$(grep -o 'cov: [0-9]*' "$build/$name.log" | tail -n 1)
  echo "fuzz: $name ok: ${execs:-?} executions in ${seconds}s, ${cov:-cov: ?}, corpus $(ls "$work" | wc -l) inputs" >&2
  [ -n "$keep" ] || rm -rf "$work"
done
