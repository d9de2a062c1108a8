#!/usr/bin/env bash
# Installs what the build needs on a fresh Debian machine, or says what is missing.
set -euo pipefail
need_root() { if [ "$(id -u)" -ne 0 ]; then echo "setup: need root (or sudo) to apt-get install $1" >&2; exit 1; fi; }
apt_install() {
  need_root "$*"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "$@" >/dev/null
}
case "${1:-}" in
  emcc)
    command -v emcc >/dev/null || { echo "setup: installing emscripten from Debian" >&2; apt_install emscripten; } ;;
  chromium)
    [ -x /usr/bin/chromium ] || { echo "setup: installing chromium from Debian" >&2; apt_install chromium; } ;;
  fuzz)
    # libFuzzer ships in clang's runtime package, not with clang itself.
    if ! command -v clang-14 >/dev/null || ! ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1; then
      echo "setup: installing clang-14 and libclang-rt-14-dev (libFuzzer) from Debian" >&2
      apt_install clang-14 libclang-rt-14-dev
    fi ;;
  numpy)
    # the NumPy oracle of tests/gen/numpy_gen.py: Debian's python3-numpy, for /usr/bin/python3
    /usr/bin/python3 -c 'import numpy' 2>/dev/null || { echo "setup: installing python3-numpy from Debian" >&2; apt_install python3-numpy; } ;;
  npm)
    command -v npm >/dev/null || { echo "setup: node and npm are missing: apt-get install nodejs npm (Node >= 20)" >&2; exit 1; }
    npm ci --no-audit --no-fund --loglevel=error ;;
  toolchains)
    # tests/toolchains: a user's project with the bundlers and TypeScript versions the tests use.
    command -v npm >/dev/null || { echo "setup: node and npm are missing: apt-get install nodejs npm (Node >= 20)" >&2; exit 1; }
    (cd tests/toolchains && npm ci --no-audit --no-fund --loglevel=error) ;;
  bench-peers)
    # bench/peers: the npm struct package the bench times memview against.
    command -v npm >/dev/null || { echo "setup: node and npm are missing: apt-get install nodejs npm (Node >= 20)" >&2; exit 1; }
    (cd bench/peers && npm ci --no-audit --no-fund --loglevel=error) ;;
  *) echo "usage: scripts/setup.sh emcc|chromium|fuzz|numpy|npm|toolchains|bench-peers" >&2; exit 2 ;;
esac
