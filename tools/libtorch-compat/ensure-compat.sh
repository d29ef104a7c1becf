#!/usr/bin/env bash
# ensure-compat.sh NATIVE_DIR
# Makes NATIVE_DIR/libLibTorchSharp.so loadable on a system whose libstdc++ lacks GLIBCXX_3.4.32:
#  1. marks that version need weak (VER_FLG_WEAK in .gnu.version_r) — weaken_verneed.cpp;
#  2. supplies the only symbol taken from it, std::ios_base_library_init(), from a tiny library built
#     here with g++ (glibcxx_compat.cpp) and added as DT_NEEDED (patchelf).
# Idempotent; a no-op (prints "not needed") when the system libstdc++ has GLIBCXX_3.4.32.
# MMAGAN_LIBSTDCXX=/path/libstdc++.so.6 overrides which libstdc++ is checked (used by the tests).
set -euo pipefail
dir=${1:?usage: ensure-compat.sh NATIVE_DIR}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
lib="$dir/libLibTorchSharp.so"
need=GLIBCXX_3.4.32
shim=libmmagan_glibcxx_compat.so
[ -f "$lib" ] || { echo "libtorch-compat: $lib: not found" >&2; exit 1; }

stdcxx=${MMAGAN_LIBSTDCXX:-$( (ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ {print $NF; exit}') || true)}
[ -n "$stdcxx" ] || stdcxx=/usr/lib/x86_64-linux-gnu/libstdc++.so.6
if [ -f "$stdcxx" ] && grep -qa "$need" "$stdcxx"; then
  echo "libtorch-compat: $stdcxx has $need; nothing to patch"
  exit 0
fi
if readelf -d "$lib" 2>/dev/null | grep -q "\[$shim\]" && readelf -V "$lib" | grep -q "$need  Flags: WEAK"; then
  echo "libtorch-compat: $lib already patched"
  exit 0
fi
if ! command -v patchelf >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "libtorch-compat: installing patchelf (apt-get)"
    # Waits up to 5 min for another apt/dpkg to finish; a failure is reported below in one line, never a bare exit code.
    apt_log=$(mktemp)
    (apt-get -o DPkg::Lock::Timeout=300 install -y -qq patchelf >"$apt_log" 2>&1 \
      || { apt-get -o DPkg::Lock::Timeout=300 update -qq >>"$apt_log" 2>&1 && apt-get -o DPkg::Lock::Timeout=300 install -y -qq patchelf >>"$apt_log" 2>&1; }) || true
    why=$(grep -E '^(E|W):' "$apt_log" | head -1 || true)
    rm -f "$apt_log"
  fi
  command -v patchelf >/dev/null || {
    echo "libtorch-compat: patchelf is required to patch $lib and could not be installed${why:+ (apt-get: $why)}; run 'apt-get install patchelf' and build again" >&2
    exit 1
  }
fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
g++ -O2 -o "$work/weaken_verneed" "$here/weaken_verneed.cpp"
g++ -shared -fPIC -O2 -o "$work/$shim" "$here/glibcxx_compat.cpp"
cp "$lib" "$work/lib.so"
"$work/weaken_verneed" "$work/lib.so" "$need"
readelf -d "$work/lib.so" | grep -q "\[$shim\]" || patchelf --add-needed "$shim" "$work/lib.so"
cp "$work/$shim" "$dir/$shim.tmp" && mv -f "$dir/$shim.tmp" "$dir/$shim"
cp "$work/lib.so" "$lib.tmp" && mv -f "$lib.tmp" "$lib"
echo "libtorch-compat: patched $lib ($need weak, + $shim)"
