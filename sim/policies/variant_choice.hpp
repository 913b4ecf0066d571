#pragma once
// Helpers shared by the baseline policies: which variant to run where, and the two trivial
// decisions (all on the device, all on one target). Pure C++, like every policy.
#include <string>
#include <vector>

#include "sim/policies/decision.hpp"
#include "sim/policies/observation.hpp"

namespace a2iot::sim {

// The scenario's allowed variants that the card has (every card variant when none is listed).
std::vector<const models::Variant*> allowed_variants(const Observation& obs);

// The variant to run within `memory_bytes`: among the allowed variants that fit, those meeting
// the request's min_accuracy if any do, then the most accurate (unknown accuracy ranks last),
// then the fewest FLOPs. nullptr when nothing fits.
const models::Variant* choose_variant(const Observation& obs, double memory_bytes);

// All layers on the device. Drops when the device cannot compute a CNN or nothing fits its
// free memory: a variant that does not fit is never chosen for local execution.
Decision decide_local(const Observation& obs, const std::string& why);

// All layers on `target` (the input is shipped). Drops when nothing fits the target's memory.
Decision decide_remote(const Observation& obs, const TargetObservation& target,
                       const std::string& why);

// The reachable target of `role` with the lowest load (ties: higher estimated bandwidth, then
// lower latency, then id, so that the choice is deterministic). nullptr when none.
const TargetObservation* least_loaded(const Observation& obs, const std::string& role);

// Remote first; when no target of `role` is reachable, run locally when the device can, and
// drop with a reason otherwise.
Decision decide_offload_with_fallback(const Observation& obs, const std::string& role);

}  // namespace a2iot::sim
