#pragma once
// Turning devices off, on, and dead, and starting what runs on them (workload generators, the
// battery monitor). Used by the timeline and by the battery monitors.
#include <optional>

#include "sim/world.hpp"

namespace a2iot::sim {

class DeviceControl {
  public:
    explicit DeviceControl(World& world) : world_(world) {}

    // Starts the device's battery monitor (its arrivals come from the ArrivalScheduler, which
    // skips them while the device is not on).
    void start(DeviceRuntime& dev);
    // Host off: in-flight requests it originated are recorded failed with `reason`, then its
    // actors are killed with the host. state is "off" or "dead".
    // Transfers it relays for others are cancelled (their requests fail naming it). t_s: the
    // scenario time of the event that stops it, recorded as written (default: the clock).
    void stop(DeviceRuntime& dev, const std::string& state, const std::string& reason,
              std::optional<double> t_s = std::nullopt);
    // Host back on (from off, or from dead when the battery has charge again).
    bool turn_on(DeviceRuntime& dev);
    // Records one device_samples row for the device now; t_s: the scenario time it is taken at
    // (a sample or event time as written), default the SimGrid clock.
    void sample(DeviceRuntime& dev, std::optional<double> t_s = std::nullopt);
    // Fails every request still in flight (end of run).
    void fail_all_in_flight(const std::string& reason);

  private:
    void fail_in_flight(DeviceRuntime& dev, const std::string& reason);
    World& world_;
};

}  // namespace a2iot::sim
