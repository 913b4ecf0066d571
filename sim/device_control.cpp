#include "sim/device_control.hpp"

#include <fmt/core.h>
#include <algorithm>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>

#include "sim/battery_extension.hpp"
#include "sim/request_lifecycle.hpp"
#include "sim/request_workers.hpp"
#include "sim/stage_steps.hpp"

namespace a2iot::sim {

namespace sg4 = simgrid::s4u;

void DeviceControl::start(DeviceRuntime& dev) {
    World& w = world_;
    if (dev.energy->has_battery() && !dev.energy->monitoring()) {
        DeviceRuntime* d = &dev;
        sg4::Actor::create("battery:" + dev.spec->id, w.controller, [this, d] {
            sg4::Actor::self()->daemonize();
            d->energy->monitor([this, d] {
                if (d->state != "on") return;
                // Empty is 0, not the nanojoule the predicted wake-up may leave.
                d->energy->set_level(0.0);
                stop(*d, "dead", "battery empty");
                results::EventRow ev{sg4::Engine::get_clock(), "battery_dead", d->spec->id,
                                     "battery reached 0; host turned off"};
                world_.recorder->add(ev);
            });
        });
    }
}

void DeviceControl::fail_in_flight(DeviceRuntime& dev, const std::string& reason) {
    std::vector<RequestState*> states = std::move(dev.in_flight);
    dev.in_flight.clear();
    std::sort(states.begin(), states.end(), [](const RequestState* a, const RequestState* b) {
        return a->id < b->id;  // deterministic row order
    });
    for (RequestState* st : states)
        RequestLifecycle::finish(world_, *st, "failed", reason, std::nullopt);
}

void DeviceControl::fail_all_in_flight(const std::string& reason) {
    for (auto& d : world_.devices) fail_in_flight(*d, reason);
}

void DeviceControl::stop(DeviceRuntime& dev, const std::string& state, const std::string& reason,
                         std::optional<double> t_s) {
    dev.energy->update();
    fail_in_flight(dev, fmt::format("{}: {}", dev.spec->id, reason));
    dev.state = state;
    // Transfers it was forwarding stop with it: their requests fail naming this relay.
    for (RelayedTransfer* t :
         std::vector<RelayedTransfer*>(dev.relaying.begin(), dev.relaying.end())) {
        t->cut_by = &dev;
        t->comm->cancel();
    }
    sample(dev, t_s);
    world_.workers->host_off(dev);
    dev.host->turn_off();
    dev.energy->power_changed();
}

bool DeviceControl::turn_on(DeviceRuntime& dev) {
    if (dev.state == "on") return false;
    if (dev.state == "dead" && dev.energy->soc() && *dev.energy->soc() <= 0) return false;
    // Before the first simcall: an actor sampling at this instant sees the device on.
    dev.state = "on";
    dev.energy->update();
    dev.host->turn_on();
    dev.host->set_pstate(dev.pstate);
    start(dev);
    dev.energy->power_changed();
    return true;
}

void DeviceControl::sample(DeviceRuntime& dev, std::optional<double> t_s) {
    results::DeviceSampleRow row;
    row.t_s = t_s.value_or(sg4::Engine::get_clock());
    row.device = dev.spec->id;
    row.energy_j = dev.energy->energy_j();
    row.battery_frac = dev.energy->soc();
    row.power_w = dev.energy->power_w();
    row.dvfs_state = dev.pstate;
    row.state = dev.state;
    world_.recorder->add(row);
}

}  // namespace a2iot::sim
