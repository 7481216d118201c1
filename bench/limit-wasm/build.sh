#!/usr/bin/env bash
# The C limit compiled to WebAssembly SIMD (limit_wasm.cpp says why): bench/native/limit.cpp
# and its entry into build/bench/limit-wasm.{mjs,wasm}, loaded by bench/loss-impls.mjs with the
# .wasm read by fs (3.1.6's loader cannot fetch files in Node 20). scripts/bench.sh runs it;
# the bench prints no "C→wasm" column when these files are missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
# em++ runs node on acorn, which Debian keeps in /usr/share/nodejs.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
mkdir -p build/bench
# The native limit's flags with wasm's SIMD in place of -march=native. aligned_alloc/free: the
# bench copies the data into this module's memory once, outside the timed loop, on 64-byte lines.
em++ -O3 -msimd128 -ffast-math -Ibench/native \
  bench/native/limit.cpp bench/limit-wasm/limit_wasm.cpp \
  -o build/bench/limit-wasm.mjs \
  -sMODULARIZE=1 -sEXPORT_ES6=1 -sEXPORT_NAME=createLimitWasm -sENVIRONMENT=web \
  -sALLOW_MEMORY_GROWTH=1 -sFILESYSTEM=0 -sASSERTIONS=0 \
  -sEXPORTED_FUNCTIONS=_malloc,_aligned_alloc,_free,_limit_find,_limit_run
