#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "models/cut.hpp"

namespace a2iot::sim {

// One spatial tile of a fused-tile stage (DeepThings): the device sends `input_bytes` to
// `target`, which computes `flops` and sends `output_bytes` back. An empty target computes it on
// the requesting device.
struct TileTask {
    std::string target;
    double flops = 0;
    std::int64_t input_bytes = 0;
    std::int64_t output_bytes = 0;
};

// The answer of a policy. `cut.on_device` has one entry per layer of the chosen variant:
// all-true runs locally, all-false ships the input to `target`.
struct Decision {
    bool drop = false;  // refuse the request (recorded as dropped with `reason`)
    std::string variant;
    int exit = -1;  // early-exit branch index, -1 = run to the end
    models::Cut cut;
    std::string target;  // device id of the remote side; empty when all-local
    std::string reason;  // short human text for the decisions table
    // Fused-tile stage (DeepThings): when `tiles` is not empty, the first `fused_layers` nodes
    // run as these tiles in parallel and are gathered on the device; `cut` must keep those nodes
    // on the device, and the rest of the cut runs as usual.
    std::vector<TileTask> tiles;
    int fused_layers = 0;
};

}  // namespace a2iot::sim
