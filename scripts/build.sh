#!/usr/bin/env bash
# Builds LossLab from source.
#   scripts/build.sh            the package: both wasm flavours + dist/ (with the custom
#                               elements), and the static site in build/site/ (npm run build)
#   scripts/build.sh native     the native core, tests and bench binary (build/native)
#   scripts/build.sh wasm-tests the Catch2 suite compiled to wasm, both flavours
#   scripts/build.sh asan       the native core and Catch2 suite with AddressSanitizer +
#                               UBSan at -O1 (build/native-asan; npm test builds it last)
#   scripts/build.sh all        everything above but asan
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
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

build_package() {
  for flavour in simd base; do
    local simd=ON; [ "$flavour" = base ] && simd=OFF
    configure_wasm "$flavour" "$simd"
    say "compiling wasm module ($flavour)"
    cmake --build "build/wasm-$flavour" --target losslab_wasm -j "$JOBS"
  done
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
  for flavour in simd base; do
    local simd=ON; [ "$flavour" = base ] && simd=OFF
    configure_wasm "$flavour" "$simd"
    say "compiling Catch2 suite to wasm ($flavour)"
    cmake --build "build/wasm-$flavour" --target losslab_tests -j "$JOBS"
  done
}

case "${1:-package}" in
  package) build_package ;;
  native) build_native ;;
  wasm-tests) build_wasm_tests ;;
  asan) build_asan ;;
  # One build at a time, each -j"$JOBS": side by side, the four trees took 13 % more CPU in
  # all (1,064 s against 938 s) and 48 s longer on two cores.
  all) build_native; build_package; build_wasm_tests ;;
  *) echo "usage: scripts/build.sh [package|native|wasm-tests|asan|all]" >&2; exit 2 ;;
esac
