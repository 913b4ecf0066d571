#!/usr/bin/env bash
# `make demo`: run the demo scenario with the static placements (local, edge, cloud) and the
# adaptive split policies over a few seeds, print `a2iot compare` against the best static
# placement and the cut the adaptive policy chose over time, and write the HTML report.
#   scripts/demo.sh [BUILD] [SCENARIO] [DB] [REPORT]
# DB is the demo's own database: it is recreated on every run, so that re-running the demo never
# mixes configurations. A DB holding runs of another scenario is refused rather than deleted.
set -euo pipefail
build=${1:-build}
scenario=${2:-scenarios/adaptive-split-demo.yaml}
db=${3:-results-demo.db}
report=${4:-report.html}
a2iot="$build/a2iot"
statics=(local edge cloud)
adaptive=(neurosurgeon dads)
seeds=${DEMO_SEEDS:-5}

"$a2iot" validate "$scenario"
name=$(sed -n 's/^name: *\([a-z0-9-]*\).*/\1/p' "$scenario" | head -n 1)

if [ -e "$db" ]; then
    # Column 2 of the runs export is the scenario name ([a-z0-9-]+, so no quoting in the CSV).
    if ! others=$("$a2iot" export "$db" --table runs --csv --log-level off 2> /dev/null |
        awk -F, -v n="$name" 'NR > 1 && $2 != n { c++ } END { print c + 0 }'); then
        echo "demo: $db exists and is not an a2iot results database; not overwriting it" >&2
        exit 2
    fi
    if [ "$others" != 0 ]; then
        echo "demo: $db holds $others run(s) of scenarios other than '$name'; not deleting it" \
            "(pass another database: make demo DB=FILE)" >&2
        exit 2
    fi
    rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
fi

policies=()
for p in "${statics[@]}" "${adaptive[@]}"; do policies+=(--policy "$p"); done
echo "demo: simulating $name: ${statics[*]} ${adaptive[*]}, $seeds seeds each"
# The per-run summary is long (one row per policy and seed); compare condenses it below.
"$a2iot" run "$scenario" --db "$db" "${policies[@]}" --replications "$seeds" --quiet \
    --log-level warn > /dev/null

# The reference is the static placement with the lowest mean latency.
reference=$("$a2iot" compare "$db" --metric mean_latency_s --csv |
    awk -F, -v s="${statics[*]}" '
        NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "policy") p = i; if ($i == "mean_latency_s") m = i } }
        NR > 1 && (" " s " ") ~ (" " $p " ") && $m != "" && (best == "" || $m + 0 < v) { best = $p; v = $m + 0 }
        END { print best }')
echo
"$a2iot" compare "$db" --reference "${reference:-local}" --metric mean_latency_s \
    --metric p50_latency_s --metric p95_latency_s --metric p99_latency_s \
    --metric deadline_hit_pct --metric served_pct

# Where the first adaptive policy cut the network, per sixth of the run (its first seed).
echo
echo "demo: the cut ${adaptive[0]} chose (share of decisions, first seed; mean sensed bandwidth)"
run_id=$("$a2iot" export "$db" --table runs --csv --log-level off |
    awk -F, -v p="${adaptive[0]}" 'NR > 1 && $4 == p && r == "" { r = $1 } END { print r }')
duration_s=$("$a2iot" export "$db" --table runs --csv --log-level off |
    awk -F, -v r="$run_id" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "duration_s") d = i }
                            NR > 1 && $1 == r { v = $d } END { print v }')
"$a2iot" export "$db" --table decisions --csv --log-level off |
    awk -F, -v r="$run_id" -v d="$duration_s" '
        NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
        $h["run_id"] == r {
            w = int($h["t_s"] / (d / 6)); if (w > 5) w = 5
            n[w]++; c[w, $h["split"]]++
            if (!($h["split"] in seen)) { seen[$h["split"]] = 1; order[++k] = $h["split"] }
            if ($h["est_bandwidth_bps"] != "" && $h["est_bandwidth_bps"] > 0) { bw[w] += $h["est_bandwidth_bps"]; nb[w]++ }
        }
        END {
            for (w = 0; w < 6; w++) {
                line = sprintf("  %5.0f-%-5.0f s:", w * d / 6, (w + 1) * d / 6)
                for (j = 1; j <= k; j++) if (c[w, s = order[j]]) line = line sprintf("  %s %.0f%%", s, 100 * c[w, s] / n[w])
                if (nb[w]) line = line sprintf("   (%.1f Mbit/s)", bw[w] / nb[w] / 1e6)
                print line
            }
        }'

# The report covers the first seed's runs (one per policy): the per-run panels show the cut
# moving with the bandwidth; the table above covers every seed.
report_runs=()
for id in $("$a2iot" export "$db" --table runs --csv --log-level off |
    awk -F, 'NR > 1 && !($4 in seen) { seen[$4] = 1; print $1 }'); do
    report_runs+=(--run "$id")
done
echo
if "$a2iot" report "$db" "${report_runs[@]}" -o "$report" --log-level warn \
    --title "a2iot demo: $name (first seed)"; then
    echo "demo: results in $db; report: $(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
else
    echo "demo: results in $db; the report could not be written (is gnuplot installed? make deps)" >&2
    exit 1
fi
