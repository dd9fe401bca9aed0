#!/usr/bin/env bash
# tests/readme_tour.sh — runs every command of README.md's "A short tour" block,
# exactly as written, in a fresh temporary directory (the clone's examples/ is
# linked in, `build/src/cli/barometer` points at the binary under test), and
# fails on the first command that exits non-zero, naming it.
#
#   tests/readme_tour.sh SOURCE_DIR BAROMETER_BINARY
set -euo pipefail
src=$(cd "$1" && pwd)
bin=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/barometer-tour.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/build/src/cli"
ln -s "$bin" "$work/build/src/cli/barometer"
ln -s "$src/examples" "$work/examples"

# The tour block: the first ```sh fence after the "## A short tour" heading.
awk '/^## A short tour/ {t=1} t && /^```sh/ {f=1; next} f && /^```/ {exit} f {print}' \
  "$src/README.md" >"$work/tour.sh"
lines=$(grep -c '\$B ' "$work/tour.sh" || true)
if [ "$lines" -lt 10 ]; then
  echo "readme_tour: found only $lines commands in README.md's tour block" >&2
  exit 1
fi
# Join continuation lines, then run one command at a time so a failure names it.
cd "$work"
n=0
while IFS= read -r cmd; do
  case "$cmd" in '' | '#'*) continue ;; esac
  n=$((n + 1))
  if ! eval "$cmd" >"$work/out.txt" 2>&1; then
    echo "readme_tour: command $n failed: $cmd" >&2
    tail -20 "$work/out.txt" >&2
    exit 1
  fi
done < <(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$work/tour.sh")
echo "readme_tour: $n commands ran"
