#!/usr/bin/env bash
# npm test: set-up, build, then every suite. Prints each suite's counts and exits 0 only
# when all pass. Suites: native Catch2 (plain, then under ASan + UBSan), Catch2 in wasm
# (SIMD and baseline) under node, the web page's modules, the JS API against the packed
# package (node --test), TypeScript types, browser e2e.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LOGS=$ROOT/build/test-logs
start=$(date +%s)

bash scripts/setup.sh || exit 1
bash scripts/build.sh all || { echo "test: build failed" >&2; exit 1; }
mkdir -p "$LOGS"
printf '\033[1mtest:\033[0m building the ASan + UBSan suite (log: build/test-logs/asan-build.log)\n'
bash scripts/build.sh asan >"$LOGS/asan-build.log" 2>&1
asan_build=$?

declare -a SUITES=() RESULTS=()
total_pass=0 total_fail=0

# run NAME COMMAND...: runs one suite into its log, then writes its pass/fail counts, time and
# exit code beside it ($LOGS/NAME.result); prints nothing, so two can run at once.
run() {
  local name=$1; shift
  local log="$LOGS/${name// /_}.log"
  local t0=$(date +%s)
  "$@" >"$log" 2>&1
  local rc=$?
  local pass fail
  if grep -q '^# pass ' "$log"; then                     # node --test (TAP)
    pass=$(grep '^# pass ' "$log" | awk '{s+=$3} END {print s}')
    fail=$(grep '^# fail ' "$log" | awk '{s+=$3} END {print s}')
  elif grep -qE 'All tests passed|test cases:' "$log"; then  # Catch2
    pass=$(grep -oE '\(([0-9]+) assertions? in ([0-9]+) test cases?\)' "$log" | grep -oE 'in [0-9]+' | grep -oE '[0-9]+' | tail -1)
    if [ -z "$pass" ]; then
      local line; line=$(grep -E '^test cases:' "$log" | tail -1)
      local all; all=$(echo "$line" | grep -oE 'test cases: *[0-9]+' | grep -oE '[0-9]+')
      fail=$(echo "$line" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+' || echo 0)
      pass=$(( ${all:-0} - ${fail:-0} ))
    fi
  else
    pass=$([ "$rc" = 0 ] && echo 1 || echo 0)
  fi
  fail=${fail:-0}
  [ "$rc" != 0 ] && [ "$fail" = 0 ] && fail=1
  echo "$pass $fail $(( $(date +%s) - t0 )) $rc" >"$LOGS/${name// /_}.result"
}

heading() { printf '\n\033[1m== %s ==\033[0m\n' "$1"; }

# report NAME [--no-heading]: prints a finished suite's heading and the tail of its log, adds
# its counts.
report() {
  local name=$1 pass fail secs rc
  [ "${2:-}" = --no-heading ] || heading "$name"
  tail -n 25 "$LOGS/${name// /_}.log"
  read -r pass fail secs rc <"$LOGS/${name// /_}.result"
  total_pass=$((total_pass + pass)); total_fail=$((total_fail + fail))
  SUITES+=("$name"); RESULTS+=("$(printf '%5s passed %4s failed  %4ss  (rc %s)' "$pass" "$fail" "$secs" "$rc")")
}

# suite NAME COMMAND...: one suite, alone (its heading first: e2e runs for minutes).
suite() { heading "$1"; run "$@"; report "$1" --no-heading; }

# The four Catch2 runs are single-threaded: two at a time, the ASan one (the longest) beside
# the other three.
if [ "$asan_build" = 0 ]; then
  run "native asan+ubsan" env ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    build/native-asan/tests/native/losslab_tests --use-colour no &
  asan=$!
else
  tail -n 30 "$LOGS/asan-build.log"; asan=
fi
run "native catch2" build/native/tests/native/losslab_tests --use-colour no
run "wasm simd catch2" node build/wasm-simd/tests/native/losslab_tests.cjs --use-colour no
run "wasm baseline catch2" node build/wasm-base/tests/native/losslab_tests.cjs --use-colour no
report "native catch2"
if [ -n "$asan" ]; then
  wait "$asan"; report "native asan+ubsan"
else
  SUITES+=("native asan+ubsan"); RESULTS+=("build failed"); total_fail=$((total_fail + 1))
fi
report "wasm simd catch2"
report "wasm baseline catch2"
# The C++ library as users get it: find_package, FetchContent, add_subdirectory(core), pkg-config.
suite "cmake consumers" bash tests/cmake/run.sh

# The JS suites import the packed package, installed the way a user installs it.
bash scripts/consumer.sh >"$LOGS/pack.log" 2>&1 || { cat "$LOGS/pack.log"; echo "test: npm pack/install failed" >&2; exit 1; }
suite "web unit" node --test --test-reporter=tap tests/web/
suite "js api (packed)" node --test --test-reporter=tap build/consumer/test/
suite "typescript types" node_modules/.bin/tsc -p build/consumer/tsconfig.json
suite "browser e2e" env LOSSLAB_SITE_BUILT=1 node scripts/e2e.mjs

printf '\n\033[1m== summary (%ss) ==\033[0m\n' $(( $(date +%s) - start ))
for i in "${!SUITES[@]}"; do printf '  %-22s %s\n' "${SUITES[$i]}" "${RESULTS[$i]}"; done
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
