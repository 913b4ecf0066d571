#!/usr/bin/env bash
# The survey's compression-plus-split experiment (issue 5, item 8): a Raspberry Pi 4 terminal, a
# Dell Inspiron 13-7368 edge, the six zoo models. Runs, with BUILD_DIR/a2iot:
#   1. base, local          scenarios/compression-split.yaml as written
#   2. L1-pruned, local     the same with every model's variant set to l1-50
#   3. ADMM-pruned, local   the same with admm-50, for the models whose card has it (a model
#                           without admm-* variants yet is reported as such, not run)
#   4. x-admm               scenarios/compression-split-joint.yaml: the card's admm-* variants
#                           (l1-* when it has none; x-admm says which) x cut x target, with
#                           min_accuracy = the card's base accuracy - 2 points, on the
#                           scenario's WiFi and, as a sensitivity, on wired Gigabit Ethernet
# and writes OUT.md: one markdown table per model and a summary saying, per model, whether the
# survey's shape holds (x-admm faster than pruning alone, within 2 points of base accuracy).
# Accuracies are the cards' (Fashion-MNIST test set); latencies are simulated p50s.
#   scripts/compression-split.sh BUILD_DIR OUT.md [--set KEY=VALUE]...
# Extra --set arguments go to every run (e.g. --set duration=10s for a quick look). The cards
# are read from models/cards/ through `a2iot models show`, so a re-built zoo is picked up as is.
# The result databases are kept in OUT.md's folder as OUT.md.d/*.db.
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 BUILD_DIR OUT.md [--set KEY=VALUE]..." >&2
    exit 2
fi
build=$1
out=$2
shift 2
extra=("$@")
a2iot="$build/a2iot"
root=$(cd "$(dirname "$0")/.." && pwd)
plain="$root/scenarios/compression-split.yaml"
joint="$root/scenarios/compression-split-joint.yaml"
models=(alexnet vgg16 resnet18 mobilenet_v2 shufflenet_v2 googlenet)
wired=(--set links.0.bandwidth=1Gbps --set links.0.latency=0.1ms)
dbs="$out.d"
rm -rf "$dbs"
mkdir -p "$dbs"

"$a2iot" validate "$plain" "$joint" >/dev/null

# --- the cards -------------------------------------------------------------------------------
declare -A card
for m in "${models[@]}"; do
    card[$m]=$("$a2iot" models show "$m" | sed -n 's/^card: //p')
    [ -f "${card[$m]}" ] || { echo "$0: no card for $m" >&2; exit 1; }
done
# variants NAME: "name accuracy" lines of the card.
variants() {
    sqlite3 -separator ' ' :memory: "SELECT json_extract(value, '\$.name'),
        json_extract(value, '\$.accuracy') FROM json_each(readfile('${card[$1]}'), '\$.variants')"
}
has_variant() { variants "$1" | awk -v v="$2" '$1 == v { f = 1 } END { exit !f }'; }
base_accuracy() { variants "$1" | awk '$1 == "base" { print $2 }'; }

# --- the runs --------------------------------------------------------------------------------
run() {  # DB SCENARIO [args...]
    local db=$1 scenario=$2
    shift 2
    "$a2iot" run "$scenario" --db "$dbs/$db" --quiet "$@" ${extra[@]+"${extra[@]}"} >/dev/null
}

run base.db "$plain"

sets=()
for m in "${models[@]}"; do sets+=(--set "models.$m.variants.0=l1-50"); done
run l1.db "$plain" "${sets[@]}"

sets=()
admm_models=()
for m in "${models[@]}"; do
    if has_variant "$m" admm-50; then
        sets+=(--set "models.$m.variants.0=admm-50")
        admm_models+=("$m")
    fi
done
if [ ${#admm_models[@]} -gt 0 ]; then run admm.db "$plain" "${sets[@]}"; fi

# x-admm: the admm-* variants each card has go into the three variant slots (the l1-* ones the
# scenario lists stay in the unused slots; x-admm ignores them once any admm-* is there).
sets=()
i=0
for m in "${models[@]}"; do
    slot=0
    for v in admm-25 admm-50 admm-75; do
        if has_variant "$m" "$v"; then
            sets+=(--set "models.$m.variants.$slot=$v")
            slot=$((slot + 1))
        fi
    done
    floor=$(awk -v a="$(base_accuracy "$m")" 'BEGIN { printf "%.4f", a - 0.02 }')
    sets+=(--set "workload.$i.min_accuracy=$floor")
    i=$((i + 1))
done
run xadmm-wifi.db "$joint" "${sets[@]}"
run xadmm-wired.db "$joint" "${sets[@]}" "${wired[@]}"

# --- the tables ------------------------------------------------------------------------------
# stat DB MODEL: "p50_ms|accuracy|ok|n|variants|splits" over the model's requests (p50 over all
# submitted requests, an unfinished one counting as slower than any finished one).
stat() {
    sqlite3 "$dbs/$1" "
      WITH r AS (SELECT latency_s, status, accuracy, variant, split,
                        ROW_NUMBER() OVER (ORDER BY latency_s IS NULL, latency_s) AS k,
                        COUNT(*) OVER () AS n
                 FROM requests WHERE model = '$2')
      SELECT printf('%.3f', 1000 * MAX(CASE WHEN k = (n + 1) / 2 THEN latency_s END)),
             printf('%.2f', 100 * AVG(accuracy)), SUM(status = 'ok'), MAX(n),
             (SELECT GROUP_CONCAT(v, ', ') FROM (SELECT variant || CASE WHEN COUNT(*) < MAX(n)
                 THEN ' (' || COUNT(*) || ')' ELSE '' END AS v FROM r GROUP BY variant
                 ORDER BY COUNT(*) DESC)),
             (SELECT GROUP_CONCAT(s, ', ') FROM (SELECT split || CASE WHEN COUNT(*) < MAX(n)
                 THEN ' (' || COUNT(*) || ')' ELSE '' END AS s FROM r GROUP BY split
                 ORDER BY COUNT(*) DESC))
      FROM r"
}
row() {  # LABEL DB MODEL
    IFS='|' read -r p50 acc ok n var split <<<"$(stat "$2" "$3")"
    echo "| $1 | $var | $acc% | $p50 ms | $split | $ok/$n |"
}

summary=()
{
    echo "# Compression plus split: Raspberry Pi 4 terminal, Dell Inspiron 13-7368 edge"
    echo
    echo "Generated by \`scripts/compression-split.sh\` on $(date -u +%Y-%m-%dT%H:%MZ) from"
    echo "scenarios/compression-split.yaml and scenarios/compression-split-joint.yaml${extra[*]:+ with ${extra[*]}}."
    echo "Accuracy: the card's Fashion-MNIST test accuracy of the variant run; latency: simulated"
    echo "p50 over the model's requests; WiFi = the scenarios' link (50 Mbit/s, 2 ms), wired ="
    echo "1 Gbit/s, 0.1 ms. x-admm keeps the least-latency option among variants within 2 points"
    echo "of base accuracy."
    for m in "${models[@]}"; do
        echo
        echo "## $m"
        echo
        echo "| configuration | variant | accuracy | p50 latency | split | ok |"
        echo "|---|---|---|---|---|---|"
        row "base, local" base.db "$m"
        row "L1-pruned 50%, local" l1.db "$m"
        if printf '%s\n' ${admm_models[@]+"${admm_models[@]}"} | grep -qx "$m"; then
            row "ADMM-pruned 50%, local" admm.db "$m"
            alone=admm.db
            alone_name="admm-50 local"
        else
            echo "| ADMM-pruned 50%, local | not run: the card has no admm-50 variant yet | | | | |"
            alone=l1.db
            alone_name="l1-50 local (no admm-50)"
        fi
        fam=$(sqlite3 "$dbs/xadmm-wifi.db" "SELECT CASE WHEN SUM(variant LIKE 'admm-%') > 0
            THEN 'admm-*' ELSE 'l1-*, no admm-* in the card' END FROM requests WHERE model = '$m'")
        row "x-admm ($fam), WiFi" xadmm-wifi.db "$m"
        row "x-admm ($fam), wired" xadmm-wired.db "$m"

        IFS='|' read -r base_p50 base_acc _ <<<"$(stat base.db "$m")"
        IFS='|' read -r alone_p50 alone_acc _ <<<"$(stat "$alone" "$m")"
        IFS='|' read -r x_p50 x_acc _ _ x_var x_split <<<"$(stat xadmm-wifi.db "$m")"
        IFS='|' read -r w_p50 w_acc _ _ w_var w_split <<<"$(stat xadmm-wired.db "$m")"
        verdict() {  # X_P50 X_ACC
            awk -v x="$1" -v a="$alone_p50" -v xa="$2" -v ba="$base_acc" 'BEGIN {
                fast = x < a; acc = xa >= ba - 2 - 1e-9
                printf "%s, %s", fast ? sprintf("yes (%.2fx)", a / x) : sprintf("no (%.2fx)", a / x),
                    acc ? sprintf("yes (%+.2f)", xa - ba) : sprintf("no (%+.2f)", xa - ba) }'
        }
        summary+=("| $m | $base_acc% | $alone_name: $alone_p50 ms, $alone_acc% | $x_var $x_split: $x_p50 ms, $x_acc% | $(verdict "$x_p50" "$x_acc" | sed 's/, / | /') | $w_var $w_split: $w_p50 ms, $w_acc% | $(verdict "$w_p50" "$w_acc" | sed 's/, / | /') |")
    done
    echo
    echo "## Summary: does joint compression + split beat pruning alone?"
    echo
    echo "Pruning alone = ADMM-pruned 50% on the Pi (L1-pruned 50% where the card has no ADMM"
    echo "variant yet). Faster: x-admm p50 below it (ratio = pruning-alone p50 / x-admm p50)."
    echo "Accuracy: x-admm's variant within 2 points of base (difference in points)."
    echo
    echo "| model | base accuracy | pruning alone | x-admm, WiFi | faster | within 2 pts | x-admm, wired | faster | within 2 pts |"
    echo "|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${summary[@]}"
} >"$out"
echo "wrote $out (databases in $dbs/)"
