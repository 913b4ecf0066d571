#pragma once
#include <string>

#include "models/cut.hpp"

namespace a2iot::sim {

// The answer of a policy. `cut.on_device` has one entry per layer of the chosen variant:
// all-true runs locally, all-false ships the input to `target`.
struct Decision {
    bool drop = false;  // refuse the request (recorded as dropped with `reason`)
    std::string variant;
    int exit = -1;       // early-exit branch index, -1 = run to the end
    models::Cut cut;
    std::string target;  // device id of the remote side; empty when all-local
    std::string reason;  // short human text for the decisions table
};

}  // namespace a2iot::sim
