#!/usr/bin/env bash
# `make bench`: every benchmark, with the numbers that docs/benchmarks.md reports.
# Benchmarks are never tests: they print numbers to compare against the goals, they do not fail.
#   bench/run-all.sh [BUILD_DIR] [N...]      (default N: 100 1000 10000 terminals)
set -euo pipefail
build=${1:-build}
shift || true
sizes=("${@:-100 1000 10000}")
out=${BENCH_OUT:-$build/bench-results}
mkdir -p "$out"

echo "== policy decision time (bench/policies)"
"$build/bench/policies/bench_policies" | tee "$out/policies.txt"

if [ -x "$build/bench/models/bench_models" ]; then
    echo "== pruning speedup / FLOPs ratio and partition overhead (bench/models)"
    "$build/bench/models/bench_models" | tee "$out/models.txt"
fi

echo "== scale: classic edge-simulator workload, ~1M requests (bench/scale)"
for n in ${sizes[*]}; do
    db="$out/scale-$n.db"
    rm -f "$db" "$db-wal" "$db-shm"
    /usr/bin/time -v "$build/a2iot-scale-bench" -n "$n" --requests 1000000 --db "$db" \
        2> "$out/scale-$n.time" | tee "$out/scale-$n.txt"
    grep -E "Elapsed|Maximum resident|User time|System time" "$out/scale-$n.time"
done
