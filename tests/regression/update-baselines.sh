#!/bin/sh
# Re-records every committed regression golden (tests/regression/*.json): the one command to run
# after a change that is meant to move the metrics (a model fix, a recalibrated device, a new
# scenario hash), then review `git diff tests/regression` -- the goldens are sorted JSON text,
# one metric a line -- and commit them with a message saying why the numbers moved.
#   tests/regression/update-baselines.sh [path/to/a2iot]       (default: build/a2iot)
# `--update` replaces the entries of the same scenario, policy, seed and overrides (also when the
# scenario hash moved, e.g. after an edit of the scenario file) and keeps each golden's
# tolerances; an entry this script no longer records stays until it is deleted from the file.
# The list below is the same as the golden tests in tests/workflow/regress_test.cpp.
set -eu
A2IOT=${1:-build/a2iot}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
R="$ROOT/tests/regression"
S="$ROOT/scenarios"

golden() {  # golden NAME SCENARIO... [regress options]: writes tests/regression/NAME.json
    name=$1
    shift
    "$A2IOT" regress "$@" --baseline "$R/$name.json" --update
}

golden two-tier "$R/two-tier.yaml" --policy local --policy edge --policy cloud --policy neurosurgeon
golden smart-city-lte "$S/smart-city-lte.yaml" --policy neurosurgeon
golden wearable-ble "$S/wearable-ble.yaml" --policy local --policy neurosurgeon
golden multi-edge-join-leave "$S/multi-edge-join-leave.yaml" --policy least-loaded
golden battery-critical-fleet "$S/battery-critical-fleet.yaml" --policy battery-aware
# The default scenario at reduced size (4 cameras at 0.5/s, 130 s: both events still happen).
golden factory-inspection "$S/factory-inspection.yaml" --policy neurosurgeon \
    --set devices.cam.count=4 --set workload.0.rate=0.5/s --set duration=130s
# The three paper-shaped scenarios (docs/policies.md) at reduced size (half the request rate;
# compression-split 10 s). They read the committed model cards: re-record them whenever the zoo
# is re-built (models/cards/*.json change).
golden dads-mincut "$S/dads-mincut.yaml" --policy dads --policy neurosurgeon \
    --set workload.0.rate=0.5/s
golden neurosurgeon-bandwidth-sweep "$S/neurosurgeon-bandwidth-sweep.yaml" \
    --policy local --policy edge --policy neurosurgeon --set workload.0.rate=0.5/s
# Both halves of the survey's compression-plus-split experiment (pruning alone with the
# scenario's `local`, joint with `x-admm`), 10 s each, into one golden.
golden compression-split "$S/compression-split.yaml" "$S/compression-split-joint.yaml" \
    --set duration=10s
# DeepThings' fused tiles (VGG-16 at 3x224x224 on six Pis), 70 s: the helpers still go off at 60 s.
golden deepthings-tiles "$S/deepthings-tiles.yaml" --policy local --policy deepthings \
    --set duration=70s
