#!/usr/bin/env bash
# Installs the Debian packages evmatch builds and tests with, if any are
# missing. As root it runs apt-get; otherwise it prints the exact command.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config
  libpcre2-dev libutf8proc-dev libxxhash-dev libstemmer-dev libjansson-dev libsqlite3-dev libmicrohttpd-dev
  clang libclang-rt-14-dev
  python3 python3-dask python3-distributed time valgrind
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "evmatch needs these Debian packages; run as root:" >&2
  echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
