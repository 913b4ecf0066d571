#!/usr/bin/env bash
# `make demo`: run the default scenario with the three baseline policies, print the summary
# table, and write report.html next to the results database.
set -euo pipefail
build=${1:-build}
scenario=${2:-scenarios/factory-inspection.yaml}
db=${3:-results.db}
a2iot="$build/a2iot"

"$a2iot" validate "$scenario"
if ! "$a2iot" --help | grep -qE '^ +run( |$)'; then
    echo "demo: the scenario is valid, but the simulation engine ('a2iot run') is not built yet."
    exit 0
fi
"$a2iot" run "$scenario" --db "$db" --policy local --policy edge --policy cloud
if "$a2iot" --help | grep -qE '^ +report( |$)'; then
    "$a2iot" report "$db" -o report.html
    echo "demo: wrote $db and report.html"
else
    echo "demo: wrote $db (the HTML report command is not built yet)"
fi
