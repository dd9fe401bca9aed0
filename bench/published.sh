#!/usr/bin/env bash
# Importing the whole A&E publication (data/nhs-published/ae/ae_provider_monthly.csv:
# 23,026 rows, 313 organisations, 108 months) for the real-data strategy's A&E
# measures (the organisation's values plus every trust's as peer benchmarks),
# then evaluating the strategy: seconds and peak memory of each step
# (/usr/bin/time -v). Uses the binary given (default build/src/cli/barometer).
#   bash bench/published.sh [BAROMETER_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-build/src/cli/barometer}"
strategy=examples/our-future-together/published-statistics.toml
work="$(mktemp -d "${TMPDIR:-/tmp}/published-bench-XXXXXX")"
trap 'rm -rf "$work"' EXIT

timed() {  # prints "seconds peak_MB"
  /usr/bin/time -v "$@" >"$work/out.txt" 2>"$work/time.txt"
  awk '/Elapsed \(wall clock\)/ { n = split($NF, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i] }
       /Maximum resident set size/ { r = $NF }
       END { printf "%.2f %.0f\n", s, r / 1024 }' "$work/time.txt"
}

printf '%-44s %8s %8s\n' step seconds peak_MB
db="$work/ae.db"
read -r s m < <(timed "$bin" ingest --source nhse-ae data/nhs-published/ae/ae_provider_monthly.csv \
  --strategy "$strategy" --db "$db" --no-progress)
printf '%-44s %8s %8s\n' "ingest --source nhse-ae (whole file)" "$s" "$m"
sed -n '1p' "$work/out.txt"
read -r s m < <(timed "$bin" evaluate --strategy "$strategy" --db "$db" --period 2026-03 --format json)
printf '%-44s %8s %8s\n' "evaluate --period 2026-03" "$s" "$m"
# NHS England's own layouts (the four raw files kept as test data: three
# monthly provider CSVs and one "A&E by provider" sheet), into a fresh store.
read -r s m < <(timed "$bin" ingest --source nhse-ae tests/measures/data/nhse-ae-raw/*.csv \
  --strategy "$strategy" --db "$work/raw.db" --no-progress)
printf '%-44s %8s %8s\n' "ingest --source nhse-ae (4 raw NHS files)" "$s" "$m"
