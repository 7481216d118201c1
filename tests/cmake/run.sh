#!/usr/bin/env bash
# The C++ library as its users get it: four separate consumers of LossLab's core, each built
# and run (tests/cmake/consumer.cpp: the README's Huber example and one training step).
#   find_package    cmake --install build/native into build/cmake-consumers/prefix, then
#                   find_package(losslab CONFIG REQUIRED) from tests/cmake/find_package
#   FetchContent    tests/cmake/fetchcontent fetches this working tree (the whole repository)
#   add_subdirectory tests/cmake/subdirectory adds this working tree's core/ only
#   pkg-config      g++ consumer.cpp $(pkg-config --cflags --libs losslab), same prefix
# All four must print the same network weights. Needs build/native (scripts/build.sh native);
# FetchContent and add_subdirectory compile the core again, through ccache when it is there
# (scripts/ccache.sh: the same flags and paths as build/native, so a few seconds; about 40 s
# of CPU each without it). Their build trees in build/cmake-consumers are reused afterwards;
# CONSUMERS_FRESH=1 starts them afresh. Prints "# pass N" / "# fail M" for scripts/test.sh.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
source scripts/ccache.sh
OUT=$ROOT/build/cmake-consumers
PREFIX=$OUT/prefix
JOBS=${JOBS:-$(nproc)}
VERSION=$(node -p "require('./package.json').version")
pass=0 fail=0 weights=""
[ "${CONSUMERS_FRESH:-0}" = 1 ] && rm -rf "$OUT"
mkdir -p "$OUT"

# step LOG COMMAND...: prints the command, runs it into LOG; on failure shows LOG's tail.
step() {
  local log=$1; shift
  echo "  \$ $*"
  if ! "$@" >>"$log" 2>&1; then
    tail -n 30 "$log" | sed 's/^/    | /'
    return 1
  fi
}

# judge NAME BINARY T0: runs the built consumer and judges its output.
judge() {
  local name=$1 bin=$2 t0=$3 out w
  out=$("$bin" 2>&1); local rc=$?
  echo "$out" | sed 's/^/    > /'
  w=$(echo "$out" | grep -o 'weights 0x[0-9a-f]*')
  if [ "$rc" != 0 ] || [ -z "$w" ]; then
    echo "not ok - $name (exit $rc)"; fail=$((fail + 1)); return
  fi
  if [ -n "$weights" ] && [ "$w" != "$weights" ]; then
    echo "not ok - $name: $w, the first consumer got $weights"; fail=$((fail + 1)); return
  fi
  weights=$w
  echo "ok - $name ($(( $(date +%s) - t0 )) s)"; pass=$((pass + 1))
}

cmake_consumer() {
  local name=$1 dir=$2; shift 2
  local t0; t0=$(date +%s)
  local log=$OUT/$dir.log; : >"$log"
  echo "# $name"
  if step "$log" cmake -S "tests/cmake/$dir" -B "$OUT/$dir" -DCMAKE_BUILD_TYPE=Release "$@" &&
     step "$log" cmake --build "$OUT/$dir" -j "$JOBS"; then
    judge "$name" "$OUT/$dir/consumer" "$t0"
  else
    echo "not ok - $name (build failed; $log)"; fail=$((fail + 1))
  fi
}

# The install every prefix consumer shares: the library npm test already built and tested.
t0=$(date +%s)
echo "# install"
: >"$OUT/install.log"
rm -rf "$PREFIX"
installed=1
if [ ! -f build/native/CMakeCache.txt ]; then
  step "$OUT/install.log" cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release || installed=0
fi
[ "$installed" = 1 ] && step "$OUT/install.log" cmake --build build/native --target losslab_core -j "$JOBS" || installed=0
[ "$installed" = 1 ] && step "$OUT/install.log" cmake --install build/native --prefix "$PREFIX" || installed=0
if [ "$installed" = 1 ]; then
  (cd "$PREFIX" && find . -type f | sort | sed 's/^\.\//    /')
else
  echo "  install failed: the find_package and pkg-config consumers cannot run"
fi

if [ "$installed" = 1 ]; then
  cmake_consumer "find_package(losslab CONFIG REQUIRED)" find_package \
    -DCMAKE_PREFIX_PATH="$PREFIX" -DLOSSLAB_EXPECT_VERSION="$VERSION"
else
  echo "not ok - find_package (no install)"; fail=$((fail + 1))
fi
cmake_consumer "FetchContent (the working tree)" fetchcontent -DLOSSLAB_SOURCE_DIR="$ROOT"
cmake_consumer "add_subdirectory(core)" subdirectory -DLOSSLAB_SOURCE_DIR="$ROOT"

echo "# pkg-config"
t0=$(date +%s)
mkdir -p "$OUT/pkg-config"; : >"$OUT/pkg-config.log"
if [ "$installed" = 1 ] && export PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig &&
   echo "  \$ export PKG_CONFIG_PATH=$PKG_CONFIG_PATH" &&
   step "$OUT/pkg-config.log" pkg-config --exact-version="$VERSION" losslab &&
   flags=$(pkg-config --cflags --libs losslab) && echo "  pkg-config --cflags --libs losslab: $flags" &&
   step "$OUT/pkg-config.log" g++ -std=c++17 -O2 tests/cmake/consumer.cpp $flags -o "$OUT/pkg-config/consumer"; then
  judge "g++ \$(pkg-config --cflags --libs losslab)" "$OUT/pkg-config/consumer" "$t0"
else
  echo "not ok - pkg-config (build failed; $OUT/pkg-config.log)"; fail=$((fail + 1))
fi

echo "cmake consumers: $pass passed, $fail failed"
echo "# pass $pass"
echo "# fail $fail"
[ "$fail" = 0 ]
