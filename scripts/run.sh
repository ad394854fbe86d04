#!/usr/bin/env bash
# Installs what is missing, builds Call Console, and opens it on the built-in simulator.
# With no display it runs the headless demo instead (the program says so).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
build=${CALLCONSOLE_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target callconsole
exec "$build/app/callconsole" "$@"
