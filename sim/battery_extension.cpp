#include "sim/battery_extension.hpp"

#include <simgrid/Exception.hpp>

#include <simgrid/plugins/energy.h>
#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>

#include "sim/world.hpp"

namespace a2iot::sim {

namespace sg4 = simgrid::s4u;

BatteryExtension::BatteryExtension(DeviceRuntime& device, std::optional<devices::Battery> battery)
    : device_(device), battery_(std::move(battery)) {}

bool BatteryExtension::update() {
    const double now = sg4::Engine::get_clock();
    // A radio draws tx (rx) power while at least one transfer is in progress, not per transfer.
    if (now > radio_t_s_) {
        radio_j_ += (now - radio_t_s_) *
                    ((tx_ > 0 ? device_.radio_tx_w : 0.0) + (rx_ > 0 ? device_.radio_rx_w : 0.0));
        radio_t_s_ = now;
    }
    // Reading the plugin is a simcall; only a battery needs it on every power change.
    if (!battery_) return true;
    const double total = sg_host_get_consumed_energy(device_.host) + radio_j_;
    if (total > counted_j_) battery_->drain_j(total - counted_j_);
    counted_j_ = std::max(counted_j_, total);
    // Within a nanojoule of empty is empty: the monitor's predicted wake-up lands there up to
    // rounding.
    return battery_->remaining_j() > 1e-9 * std::max(1.0, battery_->capacity_j());
}

double BatteryExtension::energy_j() {
    update();
    return sg_host_get_consumed_energy(device_.host) + radio_j_;
}

double BatteryExtension::radio_energy_j() {
    update();
    return radio_j_;
}

double BatteryExtension::power_w() const {
    if (!device_.host->is_on()) return 0.0;
    // Same linear model as the energy plugin's "idle:one_core:all_cores" wattage.
    const auto& ps = device_.type->pstates.at(static_cast<std::size_t>(device_.pstate));
    const int cores = std::max(1, device_.type->cores);
    const double busy = std::min(device_.active_execs, cores);
    return ps.idle_w + (ps.busy_w - ps.idle_w) * busy / cores +
           (tx_ > 0 ? device_.radio_tx_w : 0.0) + (rx_ > 0 ? device_.radio_rx_w : 0.0);
}

void BatteryExtension::radio_begin(bool transmit) {
    update();
    (transmit ? tx_ : rx_)++;
    power_changed();
}

void BatteryExtension::radio_end(bool transmit) {
    update();
    int& n = transmit ? tx_ : rx_;
    n = std::max(0, n - 1);
    power_changed();
}

std::optional<double> BatteryExtension::soc() const {
    if (!battery_) return std::nullopt;
    return battery_->soc();
}

void BatteryExtension::set_level(double level_frac) {
    update();
    if (battery_) battery_->set_level(level_frac);
    power_changed();
}

void BatteryExtension::power_changed() {
    if (cv_) cv_->notify_all();
}

void BatteryExtension::monitor(const std::function<void()>& on_empty) {
    if (!battery_) return;
    monitoring_ = true;
    struct Done {
        bool& flag;
        ~Done() { flag = false; }
    } done{monitoring_};
    if (!mutex_) mutex_ = sg4::Mutex::create();
    if (!cv_) cv_ = sg4::ConditionVariable::create();
    std::unique_lock lock(*mutex_);
    try {
        while (true) {
            if (!update()) {
                on_empty();
                return;
            }
            const double p = power_w();
            if (p <= 0) {
                cv_->wait(lock);  // off: nothing drains until something changes
                continue;
            }
            // The predicted time of death; a power change wakes us earlier to predict again.
            const double dt = battery_->remaining_j() / p;
            cv_->wait_for(lock, std::max(dt, 1e-9));
        }
    } catch (const simgrid::ForcefulKillException&) {
        // Killed at the end of the run: unlocking from a dying actor yields to the maestro,
        // which with thread contexts (make sanitize) is joining this very thread, so it never
        // returns. The mutex dies with the engine; leave it locked.
        lock.release();
        throw;
    }
}

}  // namespace a2iot::sim
