# Sourced by scripts/build.sh and tests/cmake/run.sh (after they set ROOT): native C++ compiles
# go through ccache when it is installed (scripts/setup.sh installs it), with the cache in
# build/ccache. What it saves: the FetchContent and add_subdirectory consumers compile the
# core with the very flags and paths of build/native (80 s of npm test's 17 min on a fresh
# clone, 6 s with the cache), and rebuilds after a branch switch. Only native trees: em++ is
# left alone (configure_wasm unsets the launcher). CMake reads CMAKE_CXX_COMPILER_LAUNCHER
# from the environment when it configures a new build tree.
if command -v ccache >/dev/null 2>&1 && [ "${LOSSLAB_CCACHE:-1}" != 0 ]; then
  export CCACHE_DIR=${CCACHE_DIR:-$ROOT/build/ccache}
  export CMAKE_CXX_COMPILER_LAUNCHER=ccache
fi
