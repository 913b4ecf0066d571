#pragma once
#include "sim/policies/policy.hpp"
#include "sim/policies/policy_params.hpp"

namespace a2iot::sim {

// Baseline: ship the input to a reachable cloud server (the least loaded when several). Without
// one, it runs locally when the device can, else drops.
class CloudPolicy : public Policy {
  public:
    explicit CloudPolicy(const PolicyParams& params);
    std::string name() const override { return "cloud"; }
    Decision decide(const Observation& obs) override;
};

}  // namespace a2iot::sim
