#!/usr/bin/env bash
# Builds LossLab from source.
#   scripts/build.sh            the package: both wasm flavours + dist/ (with the custom
#                               elements), and the static site in build/site/ (npm run build)
#   scripts/build.sh native     the native core, tests and bench binary (build/native)
#   scripts/build.sh wasm-tests the Catch2 suite compiled to wasm, both flavours
#   scripts/build.sh asan       the native core and Catch2 suite with AddressSanitizer +
#                               UBSan at -O1 (build/native-asan; npm test builds it last)
#   scripts/build.sh all        everything above but asan (the native tree and the two wasm
#                               flavours side by side, each logged to build/logs/)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SELF=$ROOT/scripts/build.sh
JOBS=${JOBS:-$(nproc)}
# em++ runs node on acorn, which Debian keeps in /usr/share/nodejs.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
source scripts/ccache.sh  # native compiles through ccache (LOSSLAB_CCACHE=0: not)

say() { printf '\033[1mbuild:\033[0m %s\n' "$*"; }

configure_wasm() {
  local flavour=$1 simd=$2
  local dir=build/wasm-$flavour
  if [ ! -f "$dir/CMakeCache.txt" ]; then
    say "configuring wasm ($flavour) in $dir"
    env -u CMAKE_CXX_COMPILER_LAUNCHER emcmake cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release -DLOSSLAB_SIMD="$simd" \
      -DCMAKE_CROSSCOMPILING_EMULATOR="$(command -v node)" >/dev/null
  fi
}

# wasm_flavour FLAVOUR TARGET...: configures one wasm flavour (simd or base) and builds targets.
wasm_flavour() {
  local flavour=$1; shift
  local simd=ON; [ "$flavour" = base ] && simd=OFF
  configure_wasm "$flavour" "$simd"
  local target
  for target in "$@"; do cmake --build "build/wasm-$flavour" --target "$target" -j "$JOBS"; done
}

# side_by_side NAME:COMMAND...: runs each command in the background, its output into
# build/logs/NAME.log, and waits for all: the builds' serial steps (Catch2's main, the links,
# wasm-opt) overlap. A failure shows that log's tail; fails when any failed.
side_by_side() {
  mkdir -p build/logs
  local names=() pids=() job name ok=1 i
  for job in "$@"; do
    name=${job%%:*}
    say "building $name (log: build/logs/$name.log)"
    bash -c "${job#*:}" >"build/logs/$name.log" 2>&1 &
    names+=("$name"); pids+=($!)
  done
  for i in "${!pids[@]}"; do
    if wait "${pids[$i]}"; then
      say "${names[$i]} built"
    else
      ok=0
      echo "build: ${names[$i]} failed; the end of build/logs/${names[$i]}.log:" >&2
      tail -n 40 "build/logs/${names[$i]}.log" >&2
    fi
  done
  [ "$ok" = 1 ]
}

# dist/ from both flavours' modules, the wrapper and the types, then the elements and the site.
assemble_package() {
  say "assembling dist/"
  rm -rf dist && mkdir -p dist
  cp wasm/js/*.js wasm/js/*.cjs dist/
  for flavour in simd base; do
    cp "build/wasm-$flavour/wasm/losslab-$flavour.mjs" "build/wasm-$flavour/wasm/losslab-$flavour.wasm" dist/
  done
  node scripts/types.mjs  # index.d.ts with the catalogue's ids
  cp wasm/types/elements.d.ts dist/
  build_web
  say "dist/ ready: $(du -sh dist | cut -f1) ($(ls dist | wc -l) files)"
}

build_package() {
  side_by_side "wasm-simd:bash \"$SELF\" flavour simd losslab_wasm" "wasm-base:bash \"$SELF\" flavour base losslab_wasm"
  assemble_package
}

# The custom elements (dist/elements.js, dist/trainer-worker.js, from web/src) and the static
# site (build/site/: the playground, which works from any folder of any static server).
build_web() {
  [ -x node_modules/.bin/vite ] || bash scripts/setup.sh --npm
  say "building the custom elements (dist/elements.js, dist/trainer-worker.js)"
  CI=1 node scripts/build-elements.mjs
  say "building the static site (build/site/)"
  node_modules/.bin/vite build --logLevel warn
}

build_native() {
  if [ ! -f build/native/CMakeCache.txt ]; then
    say "configuring native build in build/native"
    cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  say "compiling native core, tests and bench"
  cmake --build build/native -j "$JOBS"
  cmake --build build/native --target losslab_bench -j "$JOBS" 2>/dev/null || true
}

build_asan() {
  if [ ! -f build/native-asan/CMakeCache.txt ]; then
    say "configuring sanitized native build in build/native-asan (ASan + UBSan)"
    cmake -S . -B build/native-asan -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g1" \
      -DLOSSLAB_SANITIZE=ON >/dev/null
  fi
  say "compiling native core and tests with ASan + UBSan"
  cmake --build build/native-asan --target losslab_tests -j "$JOBS"
}

build_wasm_tests() {
  side_by_side "wasm-simd-tests:bash \"$SELF\" flavour simd losslab_tests" "wasm-base-tests:bash \"$SELF\" flavour base losslab_tests"
}

case "${1:-package}" in
  package) build_package ;;
  native) build_native ;;
  wasm-tests) build_wasm_tests ;;
  asan) build_asan ;;
  # everything but asan: the native tree and each wasm flavour (module and Catch2 suite) side by side
  all)
    side_by_side "native:bash \"$SELF\" native" \
      "wasm-simd:bash \"$SELF\" flavour simd losslab_wasm losslab_tests" \
      "wasm-base:bash \"$SELF\" flavour base losslab_wasm losslab_tests"
    assemble_package ;;
  flavour) shift; wasm_flavour "$@" ;;  # internal: flavour simd|base TARGET...
  *) echo "usage: scripts/build.sh [package|native|wasm-tests|asan|all]" >&2; exit 2 ;;
esac
