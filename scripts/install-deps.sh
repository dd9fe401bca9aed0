#!/usr/bin/env bash
# Installs the Debian 12 packages barometer needs to build, test and run.
# Idempotent: does nothing (and needs no network) when everything is present.
set -euo pipefail

packages=(
  build-essential cmake make pkg-config
  clang libclang-rt-14-dev clang-format
  libgtest-dev libgmock-dev libbenchmark-dev
  libtomlplusplus-dev libcli11-dev nlohmann-json3-dev libfmt-dev libfast-float-dev
  libsqlite3-dev libboost-math-dev
  libssl-dev
  unixodbc-dev odbc-postgresql postgresql
  libxlsxwriter-dev chromium poppler-utils fonts-liberation unzip
  libxml2-dev
  openmpi-bin libopenmpi-dev
  libcpp-httplib-dev zlib1g-dev libbrotli-dev libsodium-dev
  nginx openssl curl python3
)

# node and npm for the browser tests (tests/browser): Debian's, unless a node
# is already installed (Playwright 1.56 runs on Debian 12's node 18 and later).
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  # nginx is here only for tests/server/nginx_test.sh, which runs its own:
  # the service Debian starts on installing it is stopped and disabled.
  if [[ " ${missing[*]} " == *" nginx "* ]] && command -v systemctl >/dev/null 2>&1; then
    $SUDO systemctl disable --now nginx >/dev/null 2>&1 || true
  fi
fi

# The browser tests' npm packages (Playwright, axe-core), exactly as locked in
# tests/browser/package-lock.json; no browser is downloaded (Debian's chromium
# is used). Done again only when the lock file changes.
browser="$(cd "$(dirname "$0")/.." && pwd)/tests/browser"
if [ -f "$browser/package-lock.json" ] &&
  ! cmp -s "$browser/package-lock.json" "$browser/node_modules/.package-lock.json.installed"; then
  echo "install-deps: npm ci in tests/browser" >&2
  (cd "$browser" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >&2)
  cp "$browser/package-lock.json" "$browser/node_modules/.package-lock.json.installed"
fi
