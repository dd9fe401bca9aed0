#!/usr/bin/env bash
# barometer serve behind nginx with TLS, configured exactly as
# docs/deployment.md shows (the nginx block is taken from the document, with
# only its ports, certificate paths and server name changed): a self-signed
# certificate, the server on an ephemeral loopback port, then requests
# through nginx with curl.
#
#   tests/server/nginx_test.sh SOURCE_DIR BAROMETER
set -euo pipefail
src=$1
barometer=$(realpath "$2")
work=$(mktemp -d /tmp/barometer-nginx.XXXXXX)
server=
nginx_pid=
cleanup() {
  local rc=$?
  for p in $nginx_pid $server; do
    kill "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
fail() {
  echo "nginx_test: FAIL: $*" >&2
  [ -f "$work/error.log" ] && tail -n 20 "$work/error.log" >&2
  exit 1
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# The store: the browser tests' fixture, an admin and a board member.
strategy="$src/tests/browser/fixture/strategy.toml"
db="$work/t.db"
"$barometer" ingest "$src/tests/browser/fixture/values.csv" --strategy "$strategy" --db "$db" >/dev/null
password="correct horse battery staple"
for u in admin:admin board:board; do
  printf '%s\n' "$password" | "$barometer" users add "${u%%:*}" --role "${u#*:}" --db "$db" >/dev/null
done

# The server, its address read from its first line (a FIFO: no polling).
mkfifo "$work/serve.fifo"
"$barometer" serve --strategy "$strategy" --db "$db" --listen 127.0.0.1:0 --today 2024-01-15 \
  2>"$work/serve.fifo" &
server=$!
exec 3<"$work/serve.fifo"
read -r line <&3
backend=$(printf '%s\n' "$line" | grep -o '127.0.0.1:[0-9]*') || fail "server did not start: $line"
cat <&3 >/dev/null &

# A self-signed certificate, and the documented nginx block with local ports.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
tls=$(free_port)
plain=$(free_port)
block=$(awk '/^```nginx$/ {on = 1; next} /^```$/ {on = 0} on' "$src/docs/deployment.md")
[ -n "$block" ] || fail "no nginx block in docs/deployment.md"
block=$(printf '%s\n' "$block" |
  sed -e "s|listen 443 ssl http2;|listen 127.0.0.1:$tls ssl http2;|" \
    -e "s|listen 80;|listen 127.0.0.1:$plain;|" \
    -e "s|/etc/ssl/certs/barometer.pem|$work/cert.pem|" \
    -e "s|/etc/ssl/private/barometer.key|$work/key.pem|" \
    -e "s|http://127.0.0.1:8080|http://$backend|" \
    -e "s|barometer.example.nhs.uk|localhost|")
for want in "127.0.0.1:$tls ssl" "127.0.0.1:$plain;" "$work/cert.pem" "http://$backend"; do
  printf '%s\n' "$block" | grep -qF "$want" || fail "could not adapt the documented block ($want)"
done
user_line=""
[ "$(id -u)" -eq 0 ] && user_line="user root;"
cat >"$work/nginx.conf" <<CONF
$user_line
daemon off;
master_process off;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 64; }
http {
  access_log $work/access.log;
  client_body_temp_path $work/body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
$block
}
CONF
nginx -t -p "$work" -c "$work/nginx.conf" 2>"$work/check.log" || { cat "$work/check.log" >&2; fail "nginx -t"; }
nginx -p "$work" -c "$work/nginx.conf" &
nginx_pid=$!
url="https://localhost:$tls"
c() { curl -s -k --resolve "localhost:$tls:127.0.0.1" --retry 20 --retry-connrefused --retry-delay 0 "$@"; }

# 1. Through nginx, with nginx's headers and the application's.
[ "$(c "$url/healthz")" = "ok" ] || fail "healthz through nginx"
headers=$(c -D - -o /dev/null "$url/login")
grep -qi '^strict-transport-security: max-age=31536000' <<<"$headers" || fail "no HSTS header"
grep -qi "^content-security-policy: default-src 'none'" <<<"$headers" || fail "no CSP header"
grep -qi '^server: nginx' <<<"$headers" || fail "not answered by nginx"

# 2. Plain HTTP is sent to HTTPS.
redirect=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$plain/x?y=1" -H "Host: localhost")
[ "$redirect" = "301 https://localhost/x?y=1" ] || fail "plain HTTP redirect: $redirect"

# 3. Sign in through nginx, with forged forwarding headers: the session works
# and the audit log records nginx's address, not the forged one.
jar="$work/jar"
c -c "$jar" -o "$work/login.html" "$url/login"
csrf=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$work/login.html" | head -n 1 | sed 's/.*value="//; s/"//')
status=$(c -b "$jar" -c "$jar" -o /dev/null -w '%{http_code}' -H "X-Forwarded-For: 203.0.113.9" \
  -H "Forwarded: for=203.0.113.9" -H "X-Real-IP: 203.0.113.9" \
  --data-urlencode "csrf=$csrf" --data-urlencode name=admin --data-urlencode "password=$password" \
  "$url/login")
[ "$status" = 303 ] || fail "sign-in through nginx: $status"
grep -q 'TRUE.*barometer_session' "$jar" || fail "the session cookie is not marked Secure"
c -b "$jar" "$url/" | grep -q 'admin (admin)' || fail "the session does not work through nginx"
audit=$(c -b "$jar" "$url/audit.csv")
grep -q '203.0.113.9' <<<"$audit" && fail "a forged forwarding header reached the audit log"
grep -q 'login.*127.0.0.1' <<<"$audit" || fail "no sign-in with nginx's address in the audit log"

# 4. Two Cookie headers never give a session (nginx passes them; the server refuses).
two=$(c -o /dev/null -w '%{http_code}' -H "Cookie: barometer_session=x" \
  -H "Cookie: $(awk '$6 == "barometer_session" {print "barometer_session=" $7}' "$jar")" "$url/audit")
case "$two" in 400 | 401) ;; *) fail "two Cookie headers gave $two" ;; esac

# 5. A body over client_max_body_size stops at nginx (413), and the server keeps serving.
{ printf 'narrative='; head -c 300000 /dev/zero | tr '\0' a; } >"$work/big.txt"
status=$(c -o /dev/null -w '%{http_code}' --data-binary "@$work/big.txt" "$url/login")
[ "$status" = 413 ] || fail "an oversized body gave $status"
[ "$(c "$url/healthz")" = "ok" ] || fail "healthz after the oversized body"

# 6. gzip passes through nginx unchanged.
enc=$(c -b "$jar" -D - -o /dev/null -H 'Accept-Encoding: gzip, deflate, br' "$url/" | tr -d '\r' |
  awk -F': ' 'tolower($1) == "content-encoding" {print $2}')
[ "$enc" = gzip ] || fail "content-encoding through nginx: '$enc'"

echo "nginx_test: ok (TLS on $tls, plain $plain, backend $backend)"
