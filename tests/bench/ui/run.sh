#!/usr/bin/env bash
# Timeline at scale: load time, paint time per zoom level, RSS. On demand; not part of ctest.
# Usage: tests/bench/ui/run.sh [BUILD_DIR] [TRANSACTIONS] [EVENTS_PER_CALL]
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
build=${1:-$root/build}
ninja -C "$build" -j2 bench_timeline >/dev/null
QT_QPA_PLATFORM=offscreen "$build/tests/bench/ui/bench_timeline" "${2:-100000}" "${3:-10}"
