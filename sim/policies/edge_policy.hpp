#pragma once
#include "sim/policies/policy.hpp"
#include "sim/policies/policy_params.hpp"

namespace a2iot::sim {

// Baseline: ship the input to the least-loaded reachable edge server. Without one, it runs
// locally when the device can, else drops.
class EdgePolicy : public Policy {
  public:
    explicit EdgePolicy(const PolicyParams& params);
    std::string name() const override { return "edge"; }
    Decision decide(const Observation& obs) override;
};

}  // namespace a2iot::sim
