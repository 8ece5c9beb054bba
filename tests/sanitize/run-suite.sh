#!/usr/bin/env bash
# The whole test suite under AddressSanitizer and UndefinedBehaviorSanitizer: builds the
# instrumented tree (tests/sanitize/sanitizers.cmake, shared with the fuzzers) and runs ctest
# there, the fuzz smoke excepted (run-fuzzers.sh runs it from the same tree). Every instrumented
# process (the server the JS tests start, the QtTest executables, the tray app) writes any report
# to a file under $build/sanitizer-reports; the run fails when there is one, even when the process
# that found it was only a helper whose exit status no test looks at. Leaks count (LeakSanitizer),
# except the system libraries' listed in lsan.supp.
#   tests/sanitize/run-suite.sh [ctest arguments...]
# Environment: SWITCHBOARD_SANITIZE_BUILD_DIR (default <repo>/build-sanitize).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${SWITCHBOARD_SANITIZE_BUILD_DIR:-$root/build-sanitize}

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S "$root" -B "$build" "${generator[@]}" "${launcher[@]}" -C "$root/tests/sanitize/sanitizers.cmake" >/dev/null
cmake --build "$build" -j "$(nproc)"

reports="$build/sanitizer-reports"
rm -rf "$reports"
mkdir -p "$reports"
# One log_path for both: they share it (UBSan's would win).
export ASAN_OPTIONS="log_path=$reports/report:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1"
export UBSAN_OPTIONS="log_path=$reports/report:print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$root/tests/sanitize/lsan.supp:print_suppressions=0"

# LeakSanitizer stops the process's threads with ptrace at exit; where a container forbids that,
# it can only fail. Try it once on a small test: then run without leak checks and say so, rather
# than fail every test for the machine's sake.
if ! "$build/tests/unit/tst_libp2p_uvarint" >/dev/null 2>&1 || compgen -G "$reports/*" >/dev/null; then
  if grep -qs "LeakSanitizer has encountered a fatal error" "$reports"/*; then
    echo "sanitize: LeakSanitizer cannot run here (ptrace refused); leaks are not checked in this run" >&2
    export ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0"
    rm -f "$reports"/*
  fi
fi

cd "$build"
status=0
ctest --output-on-failure -j "$(nproc)" -LE fuzz "$@" || status=$?
if compgen -G "$reports/*" >/dev/null; then
  echo "sanitize: reports from instrumented processes:" >&2
  for report in "$reports"/*; do
    echo "---- $report" >&2
    head -60 "$report" >&2
  done
  exit 1
fi
exit "$status"
