#!/usr/bin/env bash
# Installs what is missing, builds Call Console, and runs the whole test suite through ctest.
# Then builds the libFuzzer targets with clang and runs each briefly.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
export QT_QPA_PLATFORM=offscreen
build=${CALLCONSOLE_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCALLCONSOLE_WERROR="${CALLCONSOLE_WERROR:-OFF}" >/dev/null
cmake --build "$build" --parallel "$(nproc)"
ctest --test-dir "$build" --output-on-failure --parallel "$(nproc)" --timeout 600
if [ "${CALLCONSOLE_SKIP_FUZZ:-0}" != 1 ] && command -v clang++ >/dev/null; then
  bash scripts/fuzz.sh "${CALLCONSOLE_FUZZ_SECONDS:-20}"
fi
