#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a set time.
#
#   scripts/fuzz.sh [seconds=30] [target ...]     npm run fuzz [-- seconds target ...]
#   scripts/fuzz.sh --update-corpus [target ...]  minimise the grown corpus into fuzz/corpus/
#
# Targets (fuzz/<target>_fuzz.cpp): expr (custom-loss expressions), loss (losslab::compute,
# what lab.loss reaches), network (NetworkConfig, Network::fromJSON, fit/predict/evaluate),
# dataset (makeDataset), json (the network JSON reader and writer). Default: all of them, one
# after the other (one process: the machine is shared), `seconds` each.
#
# Seeds come from fuzz/corpus/<target>/ (committed, small); the growing corpus, the build
# and crash artifacts go to $FUZZ_DIR (default build/fuzz/). A crash input belongs in
# fuzz/regressions/<target>/ once fixed: tests/native/test_fuzz_regressions.cpp replays it.
# FUZZ_FLAGS adds libFuzzer flags (e.g. "-fork=1 -ignore_crashes=1" to collect every crash).
# Needs clang and libFuzzer (Debian: clang, libclang-rt-14-dev); scripts/setup.sh --fuzz
# installs them as root, or prints the command.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
ALL_TARGETS=(expr loss network dataset json)

update=0
if [ "${1:-}" = --update-corpus ]; then update=1; shift; seconds=0
else
  seconds=${1:-30}; [ $# -gt 0 ] && shift
  case "$seconds" in ''|*[!0-9]*) echo "fuzz.sh: seconds must be a whole number, got '$seconds'" >&2; exit 2 ;; esac
fi
targets=("$@"); [ ${#targets[@]} -eq 0 ] && targets=("${ALL_TARGETS[@]}")
for t in "${targets[@]}"; do
  [ -f "$root/fuzz/${t}_fuzz.cpp" ] || { echo "fuzz.sh: no target '$t' (have: ${ALL_TARGETS[*]})" >&2; exit 2; }
done

dir=${FUZZ_DIR:-$root/build/fuzz}
cxx=${FUZZ_CXX:-clang++}
jobs=${FUZZ_BUILD_JOBS:-$(nproc 2>/dev/null || echo 2)}

bash "$root/scripts/setup.sh" --fuzz

flags=(-std=c++17 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined
       -fno-sanitize-recover=undefined -I"$root/core/include" -I"$root/core/src" -I"$root/fuzz"
       -isystem /usr/include/eigen3)
# The same vector targets as the native build (CMakeLists.txt), so the SIMD kernels are fuzzed.
if [ "$(uname -m)" = x86_64 ]; then flags+=(-march=x86-64-v3 -DHWY_DISABLE_PCLMUL_AES); fi
mkdir -p "$dir/obj"

# Compiles src → obj when the object is missing or older than the source or any header.
newest_core_header=$(find "$root/core" -name '*.hpp' -printf '%T@\n' | sort -n | tail -1)
newest_header=$(find "$root/core" "$root/fuzz" -name '*.hpp' -printf '%T@\n' | sort -n | tail -1)
compile_list=()
objects=()
while IFS= read -r src; do
  rel=${src#"$root/"}
  obj="$dir/obj/${rel//\//_}.o"
  objects+=("$obj")
  if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || \
     [ "$(stat -c %Y "$obj")" -lt "${newest_core_header%.*}" ]; then
    compile_list+=("$src")
  fi
done < <(find "$root/core/src" -name '*.cpp' | sort)
for t in "${targets[@]}"; do
  src="$root/fuzz/${t}_fuzz.cpp"
  obj="$dir/obj/fuzz_${t}_fuzz.cpp.o"
  if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ "$(stat -c %Y "$obj")" -lt "${newest_header%.*}" ]; then
    compile_list+=("$src")
  fi
done
if [ ${#compile_list[@]} -gt 0 ]; then
  echo "fuzz.sh: compiling ${#compile_list[@]} file(s) with $cxx (ASan + UBSan + fuzzer coverage)"
  printf '%s\n' "${compile_list[@]}" |
    xargs -P "$jobs" -I{} sh -c 'src="$1"; shift; rel=${src#"'"$root"'/"}; \
      exec "$@" -c "$src" -o "'"$dir"'/obj/$(echo "$rel" | tr / _).o"' _ {} "$cxx" "${flags[@]}"
fi

max_len() {
  case $1 in expr) echo 1100 ;; json) echo 8192 ;; dataset) echo 256 ;; *) echo 4096 ;; esac
}

failed=()
summary=()
for t in "${targets[@]}"; do
  bin="$dir/${t}_fuzz"
  "$cxx" -fsanitize=fuzzer,address,undefined "${objects[@]}" "$dir/obj/fuzz_${t}_fuzz.cpp.o" -o "$bin"
  mkdir -p "$dir/corpus/$t" "$dir/artifacts/$t" "$root/fuzz/corpus/$t"
  dict=(); [ -f "$root/fuzz/$t.dict" ] && dict=(-dict="$root/fuzz/$t.dict")

  if [ "$update" = 1 ]; then
    # Keep only inputs that add coverage: merge the grown corpus and the seeds into a fresh
    # folder, then replace the committed seeds with it.
    fresh="$dir/merge/$t"; rm -rf "$fresh"; mkdir -p "$fresh"
    "$bin" -merge=1 -max_len="$(max_len "$t")" -timeout=10 "$fresh" "$root/fuzz/corpus/$t" "$dir/corpus/$t" 2>"$dir/$t.merge.log"
    rm -rf "$root/fuzz/corpus/$t"; mv "$fresh" "$root/fuzz/corpus/$t"
    echo "fuzz.sh: fuzz/corpus/$t now holds $(ls "$root/fuzz/corpus/$t" | wc -l) inputs ($(du -sh "$root/fuzz/corpus/$t" | cut -f1))"
    continue
  fi

  echo "fuzz.sh: running ${t}_fuzz for ${seconds}s (corpus $dir/corpus/$t, seeds fuzz/corpus/$t)"
  log="$dir/$t.log"
  set +e
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  "$bin" -max_total_time="$seconds" -max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2560 \
    "${dict[@]}" -artifact_prefix="$dir/artifacts/$t/" -print_final_stats=1 ${FUZZ_FLAGS:-} \
    "$dir/corpus/$t" "$root/fuzz/corpus/$t" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo '?')
  if [ "$rc" != 0 ]; then
    failed+=("$t")
    grep -E 'ERROR|SUMMARY|_fuzz:|Test unit written' "$log" | head -20 >&2 || true
    summary+=("$(printf '%-8s FAILED (rc %s) after %s execs; see %s' "$t" "$rc" "$execs" "$log")")
  else
    summary+=("$(printf '%-8s ok  %10s execs in %ss, coverage %s edges, corpus %s files' "$t" "$execs" "$seconds" "$cov" "$(ls "$dir/corpus/$t" | wc -l)")")
  fi
done

[ "$update" = 1 ] && exit 0
echo "fuzz.sh: summary"
printf '  %s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: crashes in ${failed[*]}: inputs in $dir/artifacts/<target>/" >&2
  exit 1
fi
