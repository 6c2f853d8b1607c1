#!/usr/bin/env bash
# Installs the Debian packages evmatch builds and tests with, if any are
# missing. As root it runs apt-get; otherwise it prints the exact command.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config
  libpcre2-dev libutf8proc-dev libxxhash-dev libstemmer-dev libjansson-dev libsqlite3-dev libmicrohttpd-dev
  clang libclang-rt-14-dev
  python3 python3-dask python3-distributed time valgrind
  nodejs chromium wrk
)

# The browser test's driver comes from npm, pinned by tests/web/package-lock.json.
web_deps() {
  local here; here="$(cd "$(dirname "$0")/.." && pwd)"
  [ -d "$here/tests/web/node_modules/playwright-core" ] && return 0
  command -v npm >/dev/null || return 0 # apt installs it below; then run again
  echo "installing: tests/web (npm ci)" >&2
  npm ci --prefix "$here/tests/web" --no-audit --no-fund --loglevel=error >/dev/null
}

missing=()
# Debian's nodejs comes without npm; a nodejs build that carries npm must not
# be asked for Debian's (they conflict).
command -v npm >/dev/null || PACKAGES+=(npm)
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  web_deps
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "evmatch needs these Debian packages; run as root:" >&2
  echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
web_deps
