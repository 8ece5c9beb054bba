#!/usr/bin/env bash
# Builds every libFuzzer target (tests/fuzz) in the instrumented build dir and runs each for
# SECONDS (default 20), starting from the committed corpus (and dictionary, when there is one).
# Fails when any target finds a crash, a leak, undefined behaviour or a timeout; the input that
# did it is left in $BUILD/artifacts/. docs/fuzzing.md says more.
#   tests/fuzz/run-fuzzers.sh [SECONDS] [TARGET...]     e.g. tests/fuzz/run-fuzzers.sh 600 http_head
# The build dir is the instrumented tree tests/sanitize/run-suite.sh uses too (the same cache,
# tests/sanitize/sanitizers.cmake), so CI compiles the tree with the sanitizers once for both.
# Environment: SWITCHBOARD_FUZZ_BUILD_DIR (default <repo>/build-sanitize), CXX (default clang++),
# FUZZ_JOBS (build jobs, default nproc), FUZZ_PARALLEL (targets run at once, default nproc: each
# still runs its full SECONDS, on a core of its own), FUZZ_NICE (default 10: the machine is shared).
set -euo pipefail

seconds=${1:-20}
shift || true
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${SWITCHBOARD_FUZZ_BUILD_DIR:-$root/build-sanitize}
fuzz="$root/tests/fuzz"
nice=(nice -n "${FUZZ_NICE:-10}")

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
# The whole tree is instrumented (tests/sanitize/sanitizers.cmake: ASan and UBSan, UB fatal, and
# libFuzzer's coverage hooks without its main); the targets add -fsanitize=fuzzer.
cxx=()
[ -n "${CXX:-}" ] && cxx=(-DCMAKE_CXX_COMPILER="$CXX")
"${nice[@]}" cmake -S "$root" -B "$build" "${generator[@]}" "${launcher[@]}" "${cxx[@]}" \
  -C "$root/tests/sanitize/sanitizers.cmake" >/dev/null
"${nice[@]}" cmake --build "$build" -j "${FUZZ_JOBS:-$(nproc)}" --target switchboard_fuzz

if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for source in "$fuzz"/fuzz_*.cpp; do
    name=$(basename "$source" .cpp)
    targets+=("${name#fuzz_}")
  done
fi

mkdir -p "$build/artifacts" "$build/corpus"

# Runs one target; its verdict goes to $build/artifacts/<target>.verdict for the summary.
run_target() {
  local target=$1
  local binary="$build/tests/fuzz/fuzz_$target"
  # New inputs go to a scratch corpus in the build dir; the committed seeds are only read.
  local work="$build/corpus/$target"
  mkdir -p "$work"
  local args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
              -artifact_prefix="$build/artifacts/$target-")
  [ -f "$fuzz/dict/$target.dict" ] && args+=(-dict="$fuzz/dict/$target.dict")
  local seeds=()
  [ -d "$fuzz/corpus/$target" ] && seeds=("$fuzz/corpus/$target")
  local log="$build/artifacts/$target.log"
  local verdict="$build/artifacts/$target.verdict"
  if "${nice[@]}" "$binary" "${args[@]}" "$work" "${seeds[@]}" >"$log" 2>&1; then
    local runs
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    echo "ok $target: ${runs:-?} runs in ${seconds}s" >"$verdict"
  else
    echo "failed $target: FAILED (log: $log)" >"$verdict"
    grep -E "^==[0-9]+==ERROR|runtime error|^SUMMARY|Test unit written" "$log" | head -5 || true
  fi
}

# One target per core at a time: the 20 smoke runs of CI take a tenth of their sum per core.
parallel=${FUZZ_PARALLEL:-$(nproc)}
for target in "${targets[@]}"; do
  rm -f "$build/artifacts/$target.verdict"
  while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do
    wait -n || true
  done
  echo "fuzz: $target for ${seconds}s"
  run_target "$target" &
done
wait

failed=()
summary=()
for target in "${targets[@]}"; do
  verdict=$(cat "$build/artifacts/$target.verdict" 2>/dev/null || echo "failed $target: no verdict")
  summary+=("${verdict#* }")
  [ "${verdict%% *}" = ok ] || failed+=("$target")
done

printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in ${failed[*]}; inputs in $build/artifacts/" >&2
  exit 1
fi
