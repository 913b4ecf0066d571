#!/usr/bin/env bash
# Fuzzes the scenario loader with libFuzzer (fuzz/scenario_loader_fuzzer.cpp) and reports every
# crash, timeout (a slow input), OOM and leak. Exit 0: none found; 1: findings (reproducers
# listed); 2: the fuzzer could not be built or run.
#
#   scripts/fuzz.sh [loader|overrides]           (default loader)
#   RUNS=1000000 MAX_LEN=4096 TIMEOUT_S=10 RSS_MB=2048 scripts/fuzz.sh
#   scripts/fuzz.sh loader path/to/crash-...     (replays reproducers instead of fuzzing)
#
# Builds with Clang in build-fuzz/ (FUZZ_BUILD). The fuzzer runs in build-fuzz/fuzz/work/, which
# holds copies of the trace files the seeds name (fuzz/CMakeLists.txt): the loader resolves
# relative trace paths against the scenario's folder (here the working directory), and only ever
# opens files for reading.
# The corpus grows in build-fuzz/corpus-MODE/ (seeded from fuzz/corpus*/, which stays as
# committed); findings go to build-fuzz/findings-MODE/.
# Run as root, the fuzzer itself runs as `nobody` (setpriv): a mutated trace path can then read
# only world-readable files and write nothing but its corpus and findings. (As root, reading
# /proc/kmsg blocks forever and takes the kernel's messages from the system log.)
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD

mode=${1:-loader}
shift || true
case $mode in
  loader) seeds=$root/fuzz/corpus ;;
  overrides) seeds=$root/fuzz/corpus-overrides ;;
  *) echo "fuzz.sh: mode '$mode': expected loader or overrides" >&2; exit 2 ;;
esac
build=${FUZZ_BUILD:-build-fuzz}
runs=${RUNS:-1000000}
max_len=${MAX_LEN:-4096}
timeout_s=${TIMEOUT_S:-10}
rss_mb=${RSS_MB:-2048}
target=scenario_${mode}_fuzzer

if ! command -v clang++ >/dev/null; then
  echo "fuzz.sh: clang++ not found (make fuzz installs clang and libclang-rt-dev)" >&2
  exit 2
fi
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache
                                          -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ "${launcher[@]}" \
  -DA2IOT_FUZZ=ON -DA2IOT_TORCH=OFF -DA2IOT_BENCH=OFF -DA2IOT_TESTS=OFF >/dev/null || exit 2
cmake --build "$build" -j "${JOBS:-$(nproc)}" --target "$target" || exit 2
bin=$root/$build/fuzz/$target

work=$root/$build/fuzz/work

# A leak is a finding too; ASan's stack-use-after-return check is off only because it makes
# every run several times slower without concerning the loader (no coroutines, no fibers).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=0:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

as_user=()
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi

if [ $# -gt 0 ]; then
  # Replay: each reproducer once, with the same limits.
  status=0
  for f in "$@"; do
    f=$(realpath "$f")
    (cd "$work" && "${as_user[@]}" "$bin" -timeout="$timeout_s" -rss_limit_mb="$rss_mb" "$f") || status=1
  done
  exit $status
fi

corpus=$root/$build/corpus-$mode
findings=$root/$build/findings-$mode
mkdir -p "$corpus" "$findings"
[ ${#as_user[@]} -gt 0 ] && chown -R nobody:nogroup "$corpus" "$findings"
log=$root/$build/fuzz-$mode.log
echo "fuzz.sh: $target, $runs runs, max_len $max_len, timeout ${timeout_s}s, rss ${rss_mb} MB"
echo "fuzz.sh: load before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
# The first directory collects new inputs; the committed seeds are only read.
(cd "$work" && "${as_user[@]}" "$bin" "$corpus" "$seeds" -dict="$root/fuzz/scenario.dict" -runs="$runs" \
  -max_len="$max_len" -timeout="$timeout_s" -rss_limit_mb="$rss_mb" \
  -artifact_prefix="$findings/" -print_final_stats=1) >"$log" 2>&1
rc=$?
end=$(date +%s.%N)
echo "fuzz.sh: load after: $(cut -d' ' -f1-3 /proc/loadavg)"

execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", b - a }')
echo "fuzz.sh: exit $rc, ${execs:-?} executions in ${wall} s" \
  "($(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1) exec/s)," \
  "corpus $(ls "$corpus" | wc -l) files, log $log"

shopt -s nullglob
found=("$findings"/crash-* "$findings"/timeout-* "$findings"/oom-* "$findings"/leak-* \
       "$findings"/slow-unit-*)
if [ ${#found[@]} -gt 0 ] || [ "$rc" -ne 0 ]; then
  echo "fuzz.sh: FINDINGS (a crash, an exception other than ScenarioError, a hang or an OOM):"
  grep -E '^==[0-9]+==|^SUMMARY|ERROR: libFuzzer|runtime error|terminate called' "$log" | head -20
  for f in "${found[@]}"; do
    echo "  reproducer: $f"
    echo "    replay:   scripts/fuzz.sh $mode $f"
    echo "    minimize: (cd $work && $bin -minimize_crash=1 -runs=10000 -timeout=$timeout_s $f)"
  done
  exit 1
fi
echo "fuzz.sh: no crashes, timeouts, OOMs or leaks"
