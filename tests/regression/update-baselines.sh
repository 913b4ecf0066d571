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
# The three paper-shaped scenarios (docs/policies.md) at reduced size (half the request rate,
# which keeps each file under 200 kB; compression-split 10 s). They read the committed
# model cards: re-record them whenever the zoo is re-built (models/cards/*.json change).
"$A2IOT" regress "$S/dads-mincut.yaml" --baseline "$R/dads-mincut.db" --update-baseline \
    --policy dads --policy neurosurgeon --set workload.0.rate=0.5/s
"$A2IOT" regress "$S/neurosurgeon-bandwidth-sweep.yaml" \
    --baseline "$R/neurosurgeon-bandwidth-sweep.db" --update-baseline \
    --policy local --policy edge --policy neurosurgeon --set workload.0.rate=0.5/s
# Both halves of the survey's compression-plus-split experiment (pruning alone with the
# scenario's `local`, joint with `x-admm`), 10 s each, into one baseline.
"$A2IOT" regress "$S/compression-split.yaml" "$S/compression-split-joint.yaml" \
    --baseline "$R/compression-split.db" --update-baseline --set duration=10s
# DeepThings' fused tiles (VGG-16 at 3x224x224 on six Pis), 70 s: the helpers still go off at 60 s.
"$A2IOT" regress "$S/deepthings-tiles.yaml" --baseline "$R/deepthings-tiles.db" --update-baseline \
    --policy local --policy deepthings --set duration=70s
