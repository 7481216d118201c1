#!/usr/bin/env bash
# npm run bench: the benchmark tables (bench/).
#   1. setup check   (scripts/setup.sh: toolchain + node_modules, installs what is missing)
#   2. the package   (scripts/build.sh package: both wasm flavours into dist/)
#   3. native        (scripts/build.sh native: core + bench binary into build/native)
#   4. native bench binary self-check (one tiny mse call)
#   5. the C limit compiled to wasm SIMD (bench/limit-wasm/build.sh: build/bench/limit-wasm.*)
#   6. node bench/run.mjs: every table (and the trainer's frame rate in headless Chromium,
#      bench/page.mjs); results in build/bench/{results.json,summary.md,output.txt}
# Arguments go to bench/run.mjs (e.g. --families=regression,binary, --no-tfjs); BENCH_SCALE=0.3
# makes a quicker, noisier run. Figures are medians; nothing here fails on a missed target.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
say() { printf '\033[1mbench:\033[0m %s\n' "$*"; }

say "1/6 setup check"
bash scripts/setup.sh

# A failed build (the tree is being worked on) does not stop the bench when an older build
# exists: run.mjs is told, and says so in its output.
export BENCH_STALE=""
say "2/6 building the package (SIMD and baseline wasm)"
if ! bash scripts/build.sh package; then
  [ -f dist/node.js ] || { say "package build failed and there is no dist/: stopping"; exit 1; }
  say "package build FAILED: benchmarking the existing dist/ (may be stale)"
  BENCH_STALE="${BENCH_STALE}package "
fi

say "3/6 building the native core and bench binary"
if ! bash scripts/build.sh native; then
  say "native build FAILED: using the existing native binary if there is one"
  BENCH_STALE="${BENCH_STALE}native "
fi
BIN=build/native/bench/native/losslab_bench
if [ ! -x "$BIN" ]; then
  # build.sh hides the bench target's errors; show them, but carry on without the native column.
  say "native bench binary missing; building it again to show why"
  cmake --build build/native --target losslab_bench -j "${JOBS:-$(nproc)}" || true
fi

say "4/6 native bench binary self-check"
if [ -x "$BIN" ]; then
  if "$BIN" --check; then
    say "native bench binary ok"
  else
    say "native bench binary failed its self-check (its figures are still printed; see above)"
  fi
else
  say "no native bench binary: the native column will be empty"
fi

say "5/6 the C limit compiled to wasm SIMD"
if ! bash bench/limit-wasm/build.sh; then
  # Without it the bench only loses its "C→wasm" column (run.mjs says so in its notes).
  if [ -f build/bench/limit-wasm.mjs ]; then
    say "C→wasm build FAILED: using the existing build/bench/limit-wasm.*"
    BENCH_STALE="${BENCH_STALE}C→wasm "
  else
    say "C→wasm build FAILED: the C→wasm column will be empty"
  fi
fi

build_seconds=$(( $(date +%s) - start ))
say "6/6 running the bench (builds took ${build_seconds} s)"
node bench/run.mjs "$@"
say "done in $(( $(date +%s) - start )) s (builds ${build_seconds} s); results in build/bench/"
