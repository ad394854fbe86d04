#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in their own build directory and runs each one for
# SECONDS (default 20), seeded with the test fixtures. Fails if a fuzzer finds a crash.
# Usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
case "$seconds" in
  ''|*[!0-9]*) echo "fuzz.sh: SECONDS must be a whole number, got '$seconds'" >&2; exit 2 ;;
esac
command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ not found (libFuzzer needs clang)" >&2; exit 2; }

build=${CALLCONSOLE_FUZZ_BUILD_DIR:-build-fuzz}
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCALLCONSOLE_BUILD_FUZZERS=ON -DCALLCONSOLE_BUILD_TESTS=OFF -DCALLCONSOLE_WERROR=OFF >/dev/null
cmake --build "$build" --parallel "${CALLCONSOLE_FUZZ_JOBS:-2}" --target fuzz_invocation_event fuzz_action_list

run() {
  local target=$1 seeds=$2
  # New inputs go to a corpus inside the build directory, never into the source tree.
  local corpus="$build/corpus/$target" artifacts="$build/artifacts/$target/"
  mkdir -p "$corpus" "$artifacts"
  echo "fuzz.sh: running $target for ${seconds}s"
  if ! "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$artifacts" "$corpus" "$seeds" \
        >"$build/$target.log" 2>&1; then
    tail -n 60 "$build/$target.log" >&2
    echo "fuzz.sh: $target failed; reproducer in $artifacts" >&2
    return 1
  fi
  grep -E '^(stat::number_of_executed_units|Done)' "$build/$target.log" || true
}

status=0
run fuzz_invocation_event tests/data/events || status=1
run fuzz_action_list tests/data/actions || status=1
exit $status
