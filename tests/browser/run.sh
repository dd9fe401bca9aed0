#!/usr/bin/env bash
# Browser tests of `barometer serve` (Playwright with Debian's chromium, axe-core):
# a fresh store from fixture/, one account per role, the server on an
# ephemeral loopback port, then `playwright test`. Screenshots of every page
# visited go to OUT/screens/ for a person to look at.
#
#   tests/browser/run.sh BAROMETER [OUT]
#
# Needs node (>= 20) and `npm ci` done in tests/browser (scripts/install-deps.sh
# does both). Exit status: Playwright's.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
barometer=$(realpath "$1")
out=$(realpath -m "${2:-$(mktemp -d /tmp/barometer-browser.XXXXXX)}")
if [ ! -d "$here/node_modules/@playwright/test" ]; then
  echo "tests/browser: node_modules missing; run scripts/install-deps.sh (npm ci in tests/browser)" >&2
  exit 1
fi
work=$(mktemp -d /tmp/barometer-browser-work.XXXXXX)
server=
cleanup() {
  local rc=$?
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
mkdir -p "$out"
strategy="$here/fixture/strategy.toml"
db="$work/browser.db"
"$barometer" ingest "$here/fixture/values.csv" --strategy "$strategy" --db "$db" >/dev/null
"$barometer" period open --strategy "$strategy" --period "2023-24 Q3" --db "$db" >/dev/null
password="correct horse battery staple"
for u in admin:admin analyst:analyst board:board chair_quality:committee_chair:quality \
  member_people:committee_member:people owner_nurse:owner:chief_nurse \
  delegate_people:delegate:chief_people_officer; do
  printf '%s\n' "$password" | "$barometer" users add "${u%%:*}" --role "${u#*:}" --db "$db" \
    --strategy "$strategy" >/dev/null
done
# The server prints its address once it accepts connections: read that line
# from a FIFO (no polling, no sleeping).
fifo="$work/serve.fifo"
mkfifo "$fifo"
"$barometer" serve --strategy "$strategy" --db "$db" --listen 127.0.0.1:0 --today 2024-01-15 \
  --data-note "Synthetic data for the browser tests" 2>"$fifo" &
server=$!
exec 3<"$fifo"
read -r line <&3
url=$(printf '%s\n' "$line" | grep -o 'http://127.0.0.1:[0-9]*' || true)
if [ -z "$url" ]; then
  echo "tests/browser: the server did not start: $line" >&2
  cat <&3 >&2 || true
  exit 1
fi
cat <&3 >"$out/serve.log" &
echo "tests/browser: server at $url, output in $out" >&2
cd "$here"
BAROMETER_URL="$url" BAROMETER_BROWSER_OUT="$out" BAROMETER_PASSWORD="$password" \
  BAROMETER_DB="$db" BAROMETER="$barometer" \
  node node_modules/@playwright/test/cli.js test --config playwright.config.js
