#pragma once
// One inference request, from sensing to its `requests` row: sense -> policy Decision ->
// device-side execution -> upload of the cut's boundary bytes along the route -> remote execution
// on the target (contending for its cores) -> result back -> row with status ok |
// deadline_missed | failed | dropped | timed_out and the reason. It runs as an actor on the
// requesting device, so that turning the device off kills it with its host.
#include <cstdint>
#include <optional>
#include <string>

#include "sim/energy_tally.hpp"
#include "sim/world.hpp"

namespace a2iot::sim {

// What is known about a request while it runs; the device's in_flight map points to it so that
// a dying device can record its requests as failed before its actors are killed.
struct RequestState {
    std::int64_t id = 0;
    std::string device;
    std::string model;
    std::string variant;
    double submitted_s = 0;
    std::optional<double> deadline_s;
    std::string split;
    std::string target;
    std::int64_t bytes_sent = 0;
    EnergyTally energy;  // on the terminals and battery-powered devices it used
    bool finalized = false;
};

class RequestLifecycle {
  public:
    RequestLifecycle(World& world, DeviceRuntime& device, const scenarios::WorkloadSpec& workload);
    // The actor body.
    void operator()();

    // Records the final row once. completed: the completion time for ok/deadline_missed.
    static void finish(World& world, RequestState& st, const std::string& status,
                       const std::string& reason, std::optional<double> completed_s,
                       std::optional<double> accuracy = std::nullopt);

  private:
    World& world_;
    DeviceRuntime& device_;
    const scenarios::WorkloadSpec& workload_;
};

}  // namespace a2iot::sim
