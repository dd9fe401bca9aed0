#!/usr/bin/env bash
# Load on `barometer serve` (issue 14): a synthetic strategy of N monthly
# measures, values from `synth measures`, a board user; wrk (Debian) against
# the summary page and one measure page on loopback. Prints wrk's latency
# distribution and requests/s, and the server's peak memory (VmHWM).
#
#   bench/serve_wrk.sh BAROMETER [MEASURES=1000] [CONNECTIONS=200] [SECONDS=60] [THREADS=8]
set -euo pipefail
BIN=$(realpath "$1")
N=${2:-1000}
C=${3:-200}
D=${4:-60}
T=${5:-8}
PORT=${PORT:-18480}
W=$(mktemp -d)
trap 'kill "${PID:-}" 2>/dev/null || true; rm -rf "$W"' EXIT
cd "$W"
{
  cat <<'TOML'
format = 1
[organisation]
name = "Load Test Trust"
kind = "trust"
strategy = "Load test (synthetic)"
ods_code = "RXX"
[organisation.period]
start = 2021-04-01
end = 2024-03-31
[[committees]]
id = "quality"
name = "Quality Committee"
[[priorities]]
id = "care"
name = "Care"
committee = "quality"
TOML
  for o in $(seq 1 10); do
    printf '[[objectives]]\nid = "o%d"\npriority = "care"\nname = "Objective %d"\n' "$o" "$o"
  done
  for m in $(seq 1 "$N"); do
    printf '[[measures]]\nid = "m%d"\nobjective = "o%d"\nname = "Measure %d"\nunit = "count"\n' \
      "$m" $(( (m - 1) % 10 + 1 )) "$m"
    printf 'direction = "lower"\nfrequency = "monthly"\n'
  done
} > strategy.toml
"$BIN" synth measures --strategy strategy.toml --out data --today 2024-01-15 --seed 1 >/dev/null
"$BIN" ingest --db load.db --strategy strategy.toml data/values.csv >/dev/null
echo "load test password" | "$BIN" users add board --role board --db load.db >/dev/null
"$BIN" serve --strategy strategy.toml --db load.db --listen "127.0.0.1:$PORT" --threads "$T" \
  --today 2024-01-15 2>serve.log &
PID=$!
until curl -s "http://127.0.0.1:$PORT/healthz" >/dev/null; do sleep 0.2; done
# Sign in as a browser does: the login form's token, then the session cookie.
curl -s -c jar "http://127.0.0.1:$PORT/login" -o login.html
CSRF=$(grep -o 'name="csrf" value="[0-9a-f]*"' login.html | head -1 | sed 's/.*value="//; s/"//')
curl -s -b jar -c jar -o /dev/null --data-urlencode "csrf=$CSRF" --data-urlencode name=board \
  --data-urlencode "password=load test password" "http://127.0.0.1:$PORT/login"
COOKIE=$(awk '$6 == "barometer_session" {print $7}' jar)
echo "measures=$N connections=$C seconds=$D server_threads=$T"
for path in / /measure/m1; do
  echo "== GET $path"
  # As a browser asks (Chrome's Accept-Encoding): the server answers gzip.
  wrk -t2 -c"$C" -d"${D}s" --latency -H "Cookie: barometer_session=$COOKIE" \
    -H "Accept-Encoding: gzip, deflate, br, zstd" \
    "http://127.0.0.1:$PORT$path" | grep -E 'Latency|50%|99%|Requests/sec|Non-2xx|Socket errors|requests in'
done
echo "server peak memory: $(grep VmHWM /proc/$PID/status)"
