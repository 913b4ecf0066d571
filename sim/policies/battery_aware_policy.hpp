#pragma once
// Battery-aware adaptation: the lower the battery, the more work leaves the device and the more
// accuracy is traded for energy. Four regimes, by state of charge:
//   >= offload_below (or mains powered): fastest split of the most accurate variant;
//   [degrade_below, offload_below): the most accurate variant, split for least device energy
//     (work leaves the device exactly when shipping it costs the device less than computing);
//   [critical_below, degrade_below): any allowed variant meeting min_accuracy, least energy;
//   < critical_below: any allowed variant, min_accuracy waived, least energy; drop if none.
// Each regime searches a superset of the previous one's options for least energy, so the device
// energy per request never rises as the battery falls. (Forcing all-remote when critical would
// not save energy: on a slow link the radio costs more than the computation.)
#include "sim/policies/joint_search.hpp"
#include "sim/policies/policy.hpp"
#include "sim/policies/policy_params.hpp"

namespace a2iot::sim {

class BatteryAwarePolicy : public Policy {
  public:
    enum class Regime { Performance, Offload, Degrade, Critical };

    // params: offload_below (default 50%), degrade_below (20%), critical_below (5%), role.
    explicit BatteryAwarePolicy(const PolicyParams& params);
    std::string name() const override { return "battery-aware"; }
    Decision decide(const Observation& obs) override;

    Regime regime(const Observation& obs) const;
    static const char* to_string(Regime r);

  private:
    double offload_below_ = 0.5;
    double degrade_below_ = 0.2;
    double critical_below_ = 0.05;
    std::string role_;
    JointSearch search_;
};

}  // namespace a2iot::sim
