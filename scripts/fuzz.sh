#!/usr/bin/env bash
# Builds a libFuzzer target with clang (ASan + UBSan) and runs it.
#
#   scripts/fuzz.sh [seconds=60] [target=expr]
#
# Target `expr` is fuzz/expr_fuzz.cpp, seeded from fuzz/corpus/expr/ with fuzz/expr.dict.
# The build, the growing corpus and any crash artifacts go to $FUZZ_DIR (default
# build/fuzz/), never into the committed seeds. A crash input belongs in
# fuzz/regressions/<target>/ (the Catch2 suite replays that folder) once it is fixed.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
target=${2:-expr}
dir=${FUZZ_DIR:-$root/build/fuzz}
cxx=${FUZZ_CXX:-clang++}
jobs=${FUZZ_BUILD_JOBS:-$(nproc 2>/dev/null || echo 2)}
flags=(-std=c++17 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined
       -fno-sanitize-recover=undefined -I"$root/core/include" -I"$root/core/src"
       -isystem /usr/include/eigen3)

command -v "$cxx" >/dev/null || { echo "fuzz.sh: $cxx not found (apt-get install clang)" >&2; exit 1; }
mkdir -p "$dir/obj" "$dir/corpus/$target" "$dir/artifacts/$target"

# Compile the core (every file, so the fuzzer reaches compute()) and the target in parallel.
objects=()
while IFS= read -r src; do
  rel=${src#"$root/"}
  objects+=("$dir/obj/${rel//\//_}.o")
done < <(find "$root/core/src" -name '*.cpp' | sort; echo "$root/fuzz/${target}_fuzz.cpp")
find "$root/core/src" -name '*.cpp' | sort | { cat; echo "$root/fuzz/${target}_fuzz.cpp"; } |
  xargs -P "$jobs" -I{} sh -c 'src="$1"; shift; rel=${src#"'"$root"'/"}; \
    exec "$@" -c "$src" -o "'"$dir"'/obj/$(echo "$rel" | tr / _).o"' _ {} "$cxx" "${flags[@]}"
"$cxx" -fsanitize=fuzzer,address,undefined "${objects[@]}" -o "$dir/${target}_fuzz"

echo "fuzz.sh: running ${target}_fuzz for ${seconds}s (corpus $dir/corpus/$target)"
"$dir/${target}_fuzz" -max_total_time="$seconds" -max_len=1100 -timeout=10 \
  -dict="$root/fuzz/$target.dict" -artifact_prefix="$dir/artifacts/$target/" \
  -print_final_stats=1 "$dir/corpus/$target" "$root/fuzz/corpus/$target"
