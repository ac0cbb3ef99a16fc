#!/usr/bin/env bash
# tiertrend's one entry point for set-up, build and tests.
#
#   ./build.sh          install what is missing, build, and run the main job
#                       (the full report on the bundled TIP data)
#   ./build.sh test     install what is missing, then build and run the whole
#                       test suite twice: a normal build and one under
#                       AddressSanitizer + UndefinedBehaviorSanitizer; then the
#                       command-line tests once more under valgrind memcheck
#   ./build.sh deps     only install the Debian packages
#
# Packages come from Debian 12 through apt-get (run as root, or have them
# installed already). Builds go to build/ and build-asan/.
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(
  gcc make cmake pkg-config
  libgsl-dev libcsv-dev libjansson-dev libcmocka-dev
  libplplot-dev plplot-driver-cairo fonts-dejavu-core
  valgrind libxml2-utils
)

jobs=$(nproc 2>/dev/null || echo 2)

deps() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
      missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "build.sh: missing Debian packages: ${missing[*]}" >&2
    echo "build.sh: run as root, or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "build.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() { # build DIR [cmake options...]
  local dir=$1
  shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
}

case "${1:-run}" in
  deps)
    deps
    ;;
  run)
    deps
    build build
    echo
    ./build/tiertrend report
    ;;
  test)
    deps
    build build
    build build-asan -DTT_SANITIZE=ON
    echo "== tests (normal build)"
    (cd build && ctest --output-on-failure -j "$jobs")
    echo "== tests (AddressSanitizer + UndefinedBehaviorSanitizer)"
    (cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j "$jobs")
    echo "== command-line tests under valgrind memcheck"
    (cd build && TT_WRAPPER="valgrind -q --error-exitcode=99 --leak-check=full \
        --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect" \
      ctest --output-on-failure -j "$jobs" -R '^(golden|bad)\.')
    ;;
  *)
    echo "usage: ./build.sh [run|test|deps]" >&2
    exit 64
    ;;
esac
