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
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
