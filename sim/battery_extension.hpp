#pragma once
// Energy of one device, attached to its SimGrid host: compute energy from SimGrid's host energy
// plugin plus radio energy (tx/rx power x time the radio is busy), and, for battery-powered
// devices, a devices::Battery drained by both. Updated lazily, as the energy plugin is: every
// reader first integrates up to now.
//
// Death is detected by a monitor actor that sleeps until the predicted time to empty at the
// current power and is woken whenever that power changes (an execution or a transfer starts or
// ends, the DVFS state or the battery level changes).
#include <functional>
#include <optional>
#include <simgrid/s4u/ConditionVariable.hpp>
#include <simgrid/s4u/Mutex.hpp>

#include "devices/battery.hpp"

namespace a2iot::sim {

struct DeviceRuntime;

class BatteryExtension {
  public:
    BatteryExtension(DeviceRuntime& device, std::optional<devices::Battery> battery);

    // Integrates radio power up to now and drains the battery by the energy used since the last
    // update. Returns false when the battery is (now) empty.
    bool update();

    // Total device energy since the start (compute + radio), joules.
    double energy_j();
    double radio_energy_j();
    // Whole-device power right now: what the energy plugin charges plus the busy radios.
    double power_w() const;

    void radio_begin(bool transmit);
    void radio_end(bool transmit);
    // For a transfer whose actor was killed: no simcall allowed, so only the count changes.
    void radio_abort(bool transmit) {
        int& n = transmit ? tx_ : rx_;
        if (n > 0) --n;
    }

    bool has_battery() const { return battery_.has_value(); }
    std::optional<double> soc() const;
    void set_level(double level_frac);
    // Recharging a dead device: its host is off, so there is nothing to integrate and no monitor
    // waiting; no simcall, so that the level and the revival happen at one instant.
    void recharge(double level_frac) {
        if (battery_) battery_->set_level(level_frac);
    }

    // Wakes the monitor so that it recomputes the time to empty (power changed).
    void power_changed();
    // Runs as a daemon actor on the controller host. Calls on_empty once, at the time the
    // battery runs out, then returns.
    void monitor(const std::function<void()>& on_empty);
    bool monitoring() const { return monitoring_; }

  private:
    DeviceRuntime& device_;
    std::optional<devices::Battery> battery_;
    double counted_j_ = 0;  // energy already drained from the battery
    double radio_j_ = 0;
    double radio_t_s_ = 0;  // time up to which radio energy is integrated
    int tx_ = 0, rx_ = 0;   // transfers in progress
    bool monitoring_ = false;
    simgrid::s4u::MutexPtr mutex_;
    simgrid::s4u::ConditionVariablePtr cv_;
};

}  // namespace a2iot::sim
