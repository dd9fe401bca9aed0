#!/usr/bin/env bash
# Runs every fuzzer in BUILD_DIR/fuzz for SECONDS each, seeded from fuzz/corpus/<name>
# and the project's examples. Fails on the first crash, leak or hang.
set -euo pipefail
build=${1:-build-fuzz}
seconds=${2:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
for bin in "$build"/fuzz/fuzz_*; do
  [ -x "$bin" ] || continue
  name=$(basename "$bin")
  work=$(mktemp -d)
  [ -d "$root/fuzz/corpus/$name" ] && cp -r "$root/fuzz/corpus/$name/." "$work/"
  extra=()
  # A whole extract load touches tens of thousands of coverage features per
  # input; entropic scheduling's bookkeeping of them took most of the time.
  [ "$name" = fuzz_extract ] && extra=(-entropic=0 -max_len=8192)
  echo "fuzz: $name for ${seconds}s" >&2
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 "${extra[@]}" \
    -artifact_prefix="$build/" "$work" 2>"$build/$name.log" || {
      tail -n 40 "$build/$name.log" >&2
      echo "fuzz: $name FAILED (log: $build/$name.log)" >&2
      exit 1
    }
  tail -n 1 "$build/$name.log" >&2
  rm -rf "$work"
done
