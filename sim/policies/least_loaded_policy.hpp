#pragma once
// Earliest-finish-time placement (HEFT's EFT rule, Topcuoglu et al., TPDS 2002, as edge
// schedulers apply it per request): the whole request goes where the cost model says it
// finishes first, the device itself included. The sensed load enters through the queueing
// factor, so a fast but busy edge loses to an idle slower one.
#include "sim/policies/joint_search.hpp"
#include "sim/policies/policy.hpp"
#include "sim/policies/policy_params.hpp"

namespace a2iot::sim {

class LeastLoadedPolicy : public Policy {
  public:
    // params: role (only targets of this role, default any), include_local (true | false,
    // default true).
    explicit LeastLoadedPolicy(const PolicyParams& params);
    std::string name() const override { return "least-loaded"; }
    Decision decide(const Observation& obs) override;

  private:
    std::string role_;
    bool include_local_ = true;
};

}  // namespace a2iot::sim
