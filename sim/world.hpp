#pragma once
// The run-time state of one simulation, shared by its components (platform, energy, sensing,
// workload, requests, timeline). Plain data owned by Simulation; one per run, no globals.
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "devices/device_type.hpp"
#include "models/card.hpp"
#include "results/recorder.hpp"
#include "scenarios/scenario_spec.hpp"
#include "sim/bandwidth_estimator.hpp"
#include "sim/battery_extension.hpp"
#include "sim/policies/policy.hpp"
#include "sim/workload_generator.hpp"

namespace simgrid::s4u {
class Host;
class Link;
}  // namespace simgrid::s4u

namespace a2iot::sim {

class StaticRouteZone;
class RequestWorkers;
struct RequestState;
struct Route;
struct RelayedTransfer;

// One scenario link as created in SimGrid: a shared link carries several device pairs.
struct LinkRuntime {
    simgrid::s4u::Link* link = nullptr;
    const scenarios::LinkSpec* spec = nullptr;
    std::vector<std::pair<std::string, std::string>> pairs;  // device ids it connects
    double bandwidth_bps = 0;                                // current nominal value
    double latency_s = 0;
    bool up = true;
};

struct DeviceRuntime {
    const scenarios::DeviceSpec* spec = nullptr;
    // The catalog entry, or own_type: a copy with the scenario's `power:` figures in place of the
    // catalog's, so that the energy plugin, sensing and policies all see the same figures.
    const devices::DeviceType* type = nullptr;
    std::unique_ptr<devices::DeviceType> own_type;
    std::size_t index = 0;  // position in ScenarioSpec::devices: seeds its RNG
    simgrid::s4u::Host* host = nullptr;
    std::string role;   // terminal | edge | cloud
    std::string state;  // on | off | dead
    int pstate = 0;
    scenarios::DvfsSpec::Governor governor = scenarios::DvfsSpec::Governor::Default;
    std::unique_ptr<BatteryExtension> energy;  // every device: plugin + radio energy, battery
    int active_execs = 0;  // executions running on this host (local or remote side)
    int uploads = 0;       // request inputs (or tile crops) it is sending now
    int remote_jobs = 0;   // requests that chose this device as target and are not done
    std::map<std::string, int> resident;  // "model/variant" -> requests using it here
    double resident_bytes = 0;            // memory held by resident variants
    // Requests it originated (a handful at most: a vector, no allocation per request).
    std::vector<RequestState*> in_flight;
    // Transfers of other devices that this device forwards (it is an intermediate hop of their
    // route): cancelled when it goes off or dies.
    // A list: an edge may relay thousands at once, and each leaves in O(1).
    std::list<RelayedTransfer*> relaying;
    const std::map<std::string, Route>* routes = nullptr;  // World::routes of this device
    bool domain_shift = false;
    double domain_shift_severity = 0;
    std::string first_hop_kind;  // radio used on its first link (wifi, lte, ...)
    double radio_tx_w = 0, radio_rx_w = 0;
    bool radio_power_known = false;  // the catalog has a figure for the first-hop radio
    std::vector<std::unique_ptr<WorkloadGenerator>> generators;

    // Effective FLOP/s per core at the current DVFS state; 0 when the catalog has no figure
    // (the device cannot compute a CNN).
    double core_speed(int state) const;
    bool can_compute() const { return core_speed(pstate) > 0; }
    double free_memory_bytes() const;
};

struct Route {
    std::vector<LinkRuntime*> links;
    // Devices between the two ends that forward the traffic (terminal -> edge -> cloud: edge).
    std::vector<DeviceRuntime*> relays;
    // Filled once the platform is built, so that a request finds its target and bandwidth
    // estimate without hashing device-id strings.
    DeviceRuntime* target = nullptr;
    BandwidthEstimator::Slot* est = nullptr;
    double latency_s() const;
    double bottleneck_bps() const;
    // Every link up and every relay on.
    bool up() const;
    // The first relay that is not on, or nullptr.
    const DeviceRuntime* down_relay() const;
};

struct World {
    const scenarios::ScenarioSpec* spec = nullptr;
    results::Recorder* recorder = nullptr;
    std::unique_ptr<Policy> policy;
    std::string policy_name;
    std::vector<std::unique_ptr<DeviceRuntime>> devices;
    std::unordered_map<std::string, DeviceRuntime*> by_id;
    std::vector<std::unique_ptr<LinkRuntime>> links;
    // Route from a device to each server (edge/cloud) it reaches, and back the same way.
    std::unordered_map<std::string, std::map<std::string, Route>> routes;
    std::map<std::string, models::ModelCard> cards;  // by model name
    std::unique_ptr<BandwidthEstimator> bandwidth;
    StaticRouteZone* zone = nullptr;
    simgrid::s4u::Host* controller = nullptr;  // runs the daemons; has no links
    RequestWorkers* workers = nullptr;         // runs the requests (set by Simulation::run)
    std::int64_t next_request_id = 1;
    std::int64_t submitted = 0, ok = 0, deadline_missed = 0, failed = 0, dropped = 0, timed_out = 0;
    double arrivals_end_s = 0;  // no arrivals after this
    // --max-requests: arrivals stop once this many were submitted (0: no cap). Validation
    // already refused scenarios whose mean exceeds it; this catches Poisson tails and bugs.
    std::int64_t max_requests = 0;
    bool request_cap_hit = false;
    double end_s = 0;           // hard stop: unfinished requests are then recorded failed

    DeviceRuntime& device(const std::string& id) { return *by_id.at(id); }
    const Route* route(const std::string& from, const std::string& to) const;
};

}  // namespace a2iot::sim
