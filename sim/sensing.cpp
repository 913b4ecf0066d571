#include "sim/sensing.hpp"

#include <algorithm>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>

#include "sim/bandwidth_estimator.hpp"
#include "sim/battery_extension.hpp"

namespace a2iot::sim {

Observation Sensing::observe(DeviceRuntime& device, const scenarios::WorkloadSpec& workload,
                             const models::ModelCard& card) const {
    Observation obs;
    obs.now_s = simgrid::s4u::Engine::get_clock();
    DeviceObservation& d = obs.device;
    d.id = device.spec->id;
    d.type = device.type->id;
    d.device_class = devices::to_string(device.type->device_class);
    d.battery_frac = device.energy->soc();
    d.dvfs_state = device.pstate;
    d.speed_flops_per_s = device.core_speed(device.pstate);
    d.cores = device.type->cores;
    d.free_memory_bytes = device.free_memory_bytes();
    const auto& ps = device.type->pstates.at(static_cast<std::size_t>(device.pstate));
    d.busy_w = ps.busy_w;
    d.idle_w = ps.idle_w;
    d.radio_tx_w = device.radio_tx_w;
    d.radio_rx_w = device.radio_rx_w;
    d.power_known = ps.busy_known && ps.idle_known &&
                    (device.first_hop_kind.empty() || device.radio_power_known);
    d.domain_shift = device.domain_shift;
    d.domain_shift_severity = device.domain_shift_severity;

    if (device.routes) {
        obs.targets.reserve(device.routes->size());
        for (const auto& [target_id, route] : *device.routes) {
            const DeviceRuntime& t = *route.target;
            TargetObservation to;
            to.id = target_id;
            to.role = t.role;
            to.est_bandwidth_bps = route.est->bps;
            to.latency_s = route.latency_s();
            to.speed_flops_per_s = t.core_speed(t.pstate);
            to.cores = t.type->cores;
            to.load = static_cast<double>(t.remote_jobs) / std::max(1, t.type->cores);
            to.free_memory_bytes = t.free_memory_bytes();
            to.reachable = t.state == "on" && route.up();
            obs.targets.push_back(std::move(to));
        }
    }
    obs.card = &card;
    if (const auto* m = world_.spec->find_model(workload.model)) obs.allowed_variants = m->variants;
    obs.req.deadline_s = workload.deadline_s;
    obs.req.min_accuracy = workload.min_accuracy;
    obs.req.energy_budget_j = workload.energy_budget_j;
    return obs;
}

}  // namespace a2iot::sim
