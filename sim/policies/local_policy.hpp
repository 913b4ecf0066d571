#pragma once
#include "sim/policies/policy.hpp"
#include "sim/policies/policy_params.hpp"

namespace a2iot::sim {

// Baseline: every layer on the requesting device, with the most accurate allowed variant that
// fits its free memory. Drops (with the reason) when the device cannot compute or nothing fits.
class LocalPolicy : public Policy {
  public:
    explicit LocalPolicy(const PolicyParams& params);
    std::string name() const override { return "local"; }
    Decision decide(const Observation& obs) override;
};

}  // namespace a2iot::sim
