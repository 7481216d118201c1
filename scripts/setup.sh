#!/usr/bin/env bash
# Installs what LossLab needs and is missing, and says what it does. Idempotent.
#   scripts/setup.sh              toolchain (apt) + node_modules (npm ci)
#   scripts/setup.sh --toolchain  apt packages only
#   scripts/setup.sh --npm        node_modules only
#   scripts/setup.sh --fuzz       clang + libFuzzer (apt), for scripts/fuzz.sh
# As root it installs; otherwise it prints the exact command to run and exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."

want_apt=1 want_npm=1
# Browsers for the e2e suite: Debian's chromium, firefox-esr (driven over WebDriver BiDi by
# puppeteer-core) and WebKitGTK (WebKitWebDriver + its MiniBrowser, under Xvfb).
APT_PACKAGES=(emscripten libeigen3-dev catch2 libhwy-dev chromium firefox-esr webkit2gtk-driver xvfb cmake g++ ccache)
case "${1:-}" in
  --toolchain) want_npm=0 ;;
  --npm) want_apt=0 ;;
  # libFuzzer ships in compiler-rt: Debian 12's clang 14 finds libclang_rt.fuzzer-x86_64.a
  # in libclang-rt-14-dev (libfuzzer-14-dev is only the standalone libFuzzer.a for -lFuzzer).
  --fuzz) want_npm=0; APT_PACKAGES=(clang libclang-rt-14-dev libhwy-dev libeigen3-dev) ;;
  "") ;;
  *) echo "usage: scripts/setup.sh [--toolchain|--npm|--fuzz]" >&2; exit 2 ;;
esac

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

# package  → a file that proves it is installed
declare -A PROBES=(
  [emscripten]=/usr/bin/em++
  [libeigen3-dev]=/usr/include/eigen3/Eigen/Core
  [catch2]=/usr/include/catch2/catch.hpp
  [libhwy-dev]=/usr/include/hwy/highway.h
  [chromium]=/usr/bin/chromium
  [firefox-esr]=/usr/bin/firefox-esr
  [webkit2gtk-driver]=/usr/bin/WebKitWebDriver
  [xvfb]=/usr/bin/Xvfb
  [cmake]=/usr/bin/cmake
  [g++]=/usr/bin/g++
  [ccache]=/usr/bin/ccache
  [clang]=/usr/bin/clang++
  [libclang-rt-14-dev]='/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a'
)

# True when the probe (a path, possibly a glob) matches a file.
present() { compgen -G "${PROBES[$1]}" >/dev/null; }

if [ "$want_apt" = 1 ]; then
  missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    present "$pkg" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ] && [ "${1:-}" = --fuzz ]; then
    say "fuzzing toolchain present ($(clang++ --version | head -1), libFuzzer)"
  elif [ ${#missing[@]} -eq 0 ]; then
    say "toolchain present (emscripten $(em++ --version 2>/dev/null | head -1 | grep -o '[0-9][0-9.]*' | head -1), eigen, catch2, highway, chromium, firefox-esr, webkitgtk, xvfb, ccache)"
  else
    cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
    if [ "$(id -u)" != 0 ]; then
      echo "setup: missing Debian packages: ${missing[*]}" >&2
      echo "setup: run this as root, then try again:" >&2
      echo "  sudo sh -c '$cmd'" >&2
      exit 1
    fi
    say "installing ${missing[*]} (apt; a few minutes the first time)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    say "installed ${missing[*]}"
  fi
fi

if [ "$want_npm" = 1 ]; then
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing node_modules (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  else
    say "node_modules up to date"
  fi
fi
