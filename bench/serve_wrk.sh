#!/usr/bin/env bash
# Load on `barometer serve` (issue 14): a synthetic strategy of N monthly
# measures, values from `synth measures`, a board user; wrk (Debian) against
# the summary page and one measure page on loopback. Prints wrk's latency
# distribution and requests/s, the server's CPU time per request (less
# sensitive to a busy machine than latency), the kernel's listen-queue
# overflows during each run (handshakes dropped: clients wait 1 s to retry),
# and the server's peak memory (VmHWM).
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
# On exit the server is stopped and waited for (a next run binds the port).
trap 'kill "${PID:-}" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$W"' EXIT
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
until curl -s "http://127.0.0.1:$PORT/healthz" >/dev/null; do
  # The server stopped (the port in use?): say so rather than wait forever.
  kill -0 "$PID" 2>/dev/null || { cat serve.log >&2; exit 1; }
  sleep 0.2
done
# Sign in as a browser does: the login form's token, then the session cookie.
curl -s -c jar "http://127.0.0.1:$PORT/login" -o login.html
CSRF=$(grep -o 'name="csrf" value="[0-9a-f]*"' login.html | head -1 | sed 's/.*value="//; s/"//')
curl -s -b jar -c jar -o /dev/null --data-urlencode "csrf=$CSRF" --data-urlencode name=board \
  --data-urlencode "password=load test password" "http://127.0.0.1:$PORT/login"
COOKIE=$(awk '$6 == "barometer_session" {print $7}' jar)
# The server's CPU time (user + system) in clock ticks, and the machine's
# listen-queue overflows so far.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
overflows() {
  awk '/^TcpExt:/ { if (!seen) { for (i = 1; i <= NF; i++) name[i] = $i; seen = 1 }
                    else for (i = 1; i <= NF; i++) if (name[i] == "ListenOverflows") print $i }' \
    /proc/net/netstat
}
HZ=$(getconf CLK_TCK)
echo "measures=$N connections=$C seconds=$D server_threads=$T"
# The first request builds the period's record (once per store state) and
# each page once; timed here, so that wrk measures the pages as served after.
for path in / /measure/m1; do
  curl -s -o /dev/null -b "barometer_session=$COOKIE" -H "Accept-Encoding: gzip" \
    -w "first GET $path (builds what is kept): %{time_total} s\n" "http://127.0.0.1:$PORT$path"
done
for path in / /measure/m1; do
  echo "== GET $path"
  cpu0=$(cpu_ticks)
  over0=$(overflows)
  # As a browser asks (Chrome's Accept-Encoding): the server answers gzip.
  out=$(wrk -t2 -c"$C" -d"${D}s" --latency -H "Cookie: barometer_session=$COOKIE" \
    -H "Accept-Encoding: gzip, deflate, br, zstd" "http://127.0.0.1:$PORT$path")
  echo "$out" | grep -E 'Latency|50%|99%|Requests/sec|Non-2xx|Socket errors|requests in'
  requests=$(echo "$out" | awk '/requests in/ { print $1 }')
  awk -v t=$(( $(cpu_ticks) - cpu0 )) -v hz="$HZ" -v n="$requests" \
    'BEGIN { printf "  server CPU per request: %.0f us\n", (n > 0 ? t / hz * 1e6 / n : 0) }'
  echo "  listen-queue overflows: $(( $(overflows) - over0 ))"
done
echo "server peak memory: $(grep VmHWM /proc/$PID/status)"
