#!/bin/sh
# Re-records every committed regression baseline. Run it after a change that is meant to move
# the metrics (a model fix, a recalibrated device), review `git diff --stat`, and commit the
# .db files with a message saying why the numbers moved.
#   tests/regression/update-baselines.sh [path/to/a2iot]       (default: build/a2iot)
# The list below is the same as the golden tests in tests/workflow/regress_test.cpp.
set -eu
A2IOT=${1:-build/a2iot}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
R="$ROOT/tests/regression"
S="$ROOT/scenarios"
"$A2IOT" regress "$R/two-tier.yaml" --baseline "$R/two-tier.db" --update-baseline \
    --policy local --policy edge --policy cloud --policy neurosurgeon
"$A2IOT" regress "$S/smart-city-lte.yaml" --baseline "$R/smart-city-lte.db" --update-baseline \
    --policy neurosurgeon
"$A2IOT" regress "$S/wearable-ble.yaml" --baseline "$R/wearable-ble.db" --update-baseline \
    --policy local --policy neurosurgeon
"$A2IOT" regress "$S/multi-edge-join-leave.yaml" --baseline "$R/multi-edge-join-leave.db" \
    --update-baseline --policy least-loaded
"$A2IOT" regress "$S/battery-critical-fleet.yaml" --baseline "$R/battery-critical-fleet.db" \
    --update-baseline --policy battery-aware
# The default scenario at reduced size (4 cameras at 0.5/s, 130 s: both events still happen).
"$A2IOT" regress "$S/factory-inspection.yaml" --baseline "$R/factory-inspection.db" \
    --update-baseline --policy neurosurgeon \
    --set devices.cam.count=4 --set workload.0.rate=0.5/s --set duration=130s
# The paper-shaped scenarios need the googlenet / alexnet model cards (`a2iot models build`);
# without them they are left out (and their golden tests skip).
if [ -f "$ROOT/models/cards/googlenet.json" ]; then
    "$A2IOT" regress "$S/dads-mincut.yaml" --baseline "$R/dads-mincut.db" --update-baseline \
        --policy dads --policy neurosurgeon
fi
if [ -f "$ROOT/models/cards/alexnet.json" ]; then
    "$A2IOT" regress "$S/neurosurgeon-bandwidth-sweep.yaml" \
        --baseline "$R/neurosurgeon-bandwidth-sweep.db" --update-baseline \
        --policy neurosurgeon --set workload.0.rate=1/s
fi
