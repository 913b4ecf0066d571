#pragma once
// One candidate answer (variant, exit, cut, target) with its estimated cost, and the few helpers
// the adaptation policies share to turn candidates into a Decision.
#include <string>
#include <vector>

#include "models/cut.hpp"
#include "sim/policies/decision.hpp"
#include "sim/policies/latency_model.hpp"
#include "sim/policies/observation.hpp"

namespace a2iot::sim {

struct PolicyOption {
    const models::Variant* variant = nullptr;
    int exit = -1;
    models::Cut cut;
    const TargetObservation* target = nullptr;  // null when all-local
    CostEstimate cost;
    double accuracy = -1;  // -1 when the card does not know it

    bool valid() const { return variant != nullptr && cost.feasible; }
    Decision to_decision(std::string reason) const;
    // "after:conv3 on edge-0" / "local" / "remote on cloud".
    std::string describe() const;
};

// Whether a target plays `role`: "" = any server (edge or cloud; cooperating terminals are
// peers only when asked for), "any" = every target, otherwise that role.
bool role_matches(const TargetObservation& t, const std::string& role);

// Targets that can take work now (reachable, computing, with a bandwidth estimate), optionally
// only those of one role ("" = any).
std::vector<const TargetObservation*> usable_targets(const Observation& obs,
                                                     const std::string& role = {});

// The remote side holds the whole variant's weights, so it must fit in the target's free memory
// (the same rule as the baseline policies' decide_remote).
bool fits_target(const models::Variant& v, const TargetObservation& t);

// "0.123 J", or "energy unknown" when the device's power figures are not all known.
std::string energy_text(const Observation& obs, const CostEstimate& cost);

// The variant's known accuracy, or -1.
double accuracy_of(const models::Variant& v);

}  // namespace a2iot::sim
