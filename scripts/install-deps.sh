#!/usr/bin/env bash
# Installs every package Call Console needs to build, run and test on Debian 12 / Ubuntu 24.04.
# Idempotent: only missing packages are fetched. Runs apt as root, or through sudo.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-httpserver-dev qt6-websockets-dev qt6-svg-dev libqt6sql6-sqlite
  libphonenumber-dev qtkeychain-qt6-dev libsqlite3-dev libjemalloc-dev
  xvfb xauth
  groff-base man-db zsh
  dpkg-dev file appstream desktop-file-utils shared-mime-info
  awscli python3-boto3 node-har-validator
  nodejs python3          # the runtimes that run a handler file (serve --handler, run-flow)
  clang libclang-rt-dev
)
# libclang-rt-dev is a virtual name on some releases; fall back to the versioned runtime.
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# The AWS SDK for JavaScript v3, which the simulator's API tests drive, from the committed lock
# file into tests/sdk/node_modules (git-ignored). npm comes with Node.js here; Debian's own
# nodejs needs the npm package beside it.
install_sdk_tests() {
  command -v npm >/dev/null || return 0
  local sdk
  sdk="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/sdk"
  [ -d "$sdk/node_modules/@aws-sdk/client-chime-sdk-voice" ] || (cd "$sdk" && npm ci --no-audit --no-fund --loglevel=error)
}
if [ ${#missing[@]} -eq 0 ]; then
  install_sdk_tests
  exit 0
fi

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
resolved=()
for p in "${missing[@]}"; do
  if apt-cache show "$p" >/dev/null 2>&1; then resolved+=("$p")
  elif [ "$p" = libclang-rt-dev ]; then
    alt=$(apt-cache search --names-only '^libclang-rt-[0-9]+-dev$' | awk '{print $1}' | sort -V | tail -1)
    [ -n "$alt" ] && resolved+=("$alt")
  else echo "install-deps: package $p is not available here" >&2; exit 1
  fi
done
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${resolved[@]}"
command -v npm >/dev/null || "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends npm
install_sdk_tests
