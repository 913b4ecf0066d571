#pragma once
// Arrivals of one workload on one device: Poisson (exponential gaps) or periodic (fixed gap
// after a random phase, so that devices of a group do not fire in lock-step). The RNG is seeded
// from the scenario seed and the device index only, so a run is reproducible and adding a
// workload elsewhere does not shift this device's arrivals.
#include <cstdint>
#include <random>

#include "scenarios/scenario_spec.hpp"

namespace a2iot::sim {

class WorkloadGenerator {
  public:
    WorkloadGenerator(const scenarios::WorkloadSpec& spec, std::uint64_t seed,
                      std::size_t device_index, std::size_t workload_index, double end_s);

    // The next arrival at or after `now_s`, or a negative value when the workload is over.
    double next_arrival_s(double now_s);
    const scenarios::WorkloadSpec& spec() const { return spec_; }

  private:
    const scenarios::WorkloadSpec& spec_;
    std::mt19937_64 rng_;
    double end_s_;
    double last_s_ = -1;  // last arrival handed out
};

}  // namespace a2iot::sim
