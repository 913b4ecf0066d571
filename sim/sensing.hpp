#pragma once
// Environment sensing: builds the Observation a policy sees from the simulated world: battery
// fraction, DVFS state, free memory, domain shift, and per reachable server the EWMA bandwidth
// estimate (not the truth), path latency, per-core speed, load and free memory.
#include "sim/policies/observation.hpp"
#include "sim/world.hpp"

namespace a2iot::sim {

class Sensing {
  public:
    explicit Sensing(World& world) : world_(world) {}
    Observation observe(DeviceRuntime& device, const scenarios::WorkloadSpec& workload,
                        const models::ModelCard& card) const;

  private:
    World& world_;
};

}  // namespace a2iot::sim
