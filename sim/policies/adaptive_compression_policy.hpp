#pragma once
// Compression choice plus split (AdaDeep, Liu et al., SenSys'18; AMC, He et al., ECCV'18, in
// spirit): among the card's compressed variants (l1-*, admm-*, base), the (variant, cut, target)
// with the highest accuracy that stays within the current latency, energy and memory budgets.
// The budgets follow the environment: the energy budget shrinks with the battery below
// `low_battery`, the latency estimate with the sensed bandwidth and load, and the device's free
// memory bounds what may run locally. Every call re-decides on the current observation.
#include <optional>

#include "sim/policies/joint_search.hpp"
#include "sim/policies/policy.hpp"
#include "sim/policies/policy_params.hpp"

namespace a2iot::sim {

class AdaptiveCompressionPolicy : public Policy {
  public:
    // params: deadline (time), energy_budget (energy per request), low_battery (fraction,
    // default 30%), on_miss (fastest | drop, default fastest), role. The request's deadline and
    // energy budget win over the params.
    explicit AdaptiveCompressionPolicy(const PolicyParams& params);
    std::string name() const override { return "adaptive-compression"; }
    Decision decide(const Observation& obs) override;

    // The energy budget in force for this observation (nullopt: none).
    std::optional<double> energy_budget_j(const Observation& obs) const;

  private:
    std::optional<double> deadline_s_;
    std::optional<double> energy_budget_j_;
    double low_battery_ = 0.3;
    bool drop_on_miss_ = false;
    std::string role_;
    JointSearch search_;
};

}  // namespace a2iot::sim
