#pragma once
// The ondemand DVFS governor, after Linux's: every period, a device whose load exceeds 80% goes
// to its fastest state; otherwise it takes the slowest state whose speed still covers the load
// with 20% headroom. Load is the fraction of cores busy at the sampling instant. fixed,
// performance and powersave set the state once (PlatformBuilder) and need no actor.
#include "sim/world.hpp"

namespace a2iot::sim {

class DvfsGovernor {
  public:
    static constexpr double kPeriodS = 0.1;
    static constexpr double kUpThreshold = 0.8;

    explicit DvfsGovernor(World& world) : world_(world) {}
    void operator()();  // daemon actor body
    // The state ondemand picks for a device at `load` in [0, 1] while at state `current`.
    static int ondemand_state(const devices::DeviceType& type, int current, double load);

  private:
    World& world_;
};

}  // namespace a2iot::sim
