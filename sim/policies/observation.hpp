#pragma once
// What a policy sees. Pure data, no SimGrid: the emulation runtime fills the same struct.
#include <optional>
#include <string>
#include <vector>

#include "models/card.hpp"

namespace a2iot::sim {

struct DeviceObservation {
    std::string id;
    std::string type;          // catalog id
    std::string device_class;  // bracelet | watch | phone | single-board | laptop | edge-server |
                               // cloud-server
    std::optional<double> battery_frac;  // nullopt = mains powered
    int dvfs_state = 0;
    double speed_flops_per_s = 0;  // at the current DVFS state; 0 = cannot compute a CNN
    int cores = 1;
    double free_memory_bytes = 0;
    double busy_w = 0;  // compute power at the current state
    double idle_w = 0;
    double radio_tx_w = 0;  // on the link to the first hop
    double radio_rx_w = 0;
    // The catalog has every power figure device energy estimates use (busy and idle power at this
    // DVFS state, the first-hop radio's tx/rx power). When false the watt fields above are 0 for
    // the unknown parts, so energy estimates are not meaningful: energy objectives and budgets
    // fall back to latency and say so.
    bool power_known = true;
    bool domain_shift = false;  // a domain_shift event is in force for this device
    double domain_shift_severity = 0;
};

struct TargetObservation {
    std::string id;
    std::string role;              // edge | cloud | terminal (a cooperating peer)
    double est_bandwidth_bps = 0;  // EWMA of recent transfers on the path (lags the truth)
    double latency_s = 0;          // one-way path latency
    double speed_flops_per_s = 0;  // per core
    int cores = 1;
    double load = 0;  // requests queued or running per core
    double free_memory_bytes = 0;
    bool reachable = true;  // host on and path up
};

struct Requirements {
    std::optional<double> deadline_s;
    std::optional<double> min_accuracy;
    std::optional<double> energy_budget_j;
};

struct Observation {
    double now_s = 0;
    DeviceObservation device;
    std::vector<TargetObservation> targets;
    const models::ModelCard* card = nullptr;    // never null in a real run
    std::vector<std::string> allowed_variants;  // from the scenario; all of the card's if empty
    Requirements req;
};

}  // namespace a2iot::sim
