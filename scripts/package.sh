#!/usr/bin/env bash
# Installs what is missing, builds Call Console without its test suite, and writes the packages:
# build-package/package/callconsole_VERSION_ARCH.deb (+ -dbgsym .ddeb) and the .tar.gz.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
build=${CALLCONSOLE_PACKAGE_BUILD_DIR:-build-package}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCALLCONSOLE_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target package
ls -l "$build"/package/callconsole*
