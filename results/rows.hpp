#pragma once
// Row types of the results schema (../shared/SCENARIO-FORMAT.md, "Results"). Times are
// simulated seconds unless the name says wall.
#include <cstdint>
#include <optional>
#include <string>

namespace a2iot::results {

struct RunInfo {
    std::string scenario;       // scenario name
    std::string scenario_file;  // path as given
    std::string scenario_hash;
    std::string policy;
    std::int64_t seed = 1;
    std::string runtime = "sim";  // sim | emu
    std::string network_model = "flow";
    std::string version;
    std::string overrides;             // the --set strings, joined by ';'
    std::optional<double> duration_s;  // the scenario's duration (arrivals window)
};

struct RequestRow {
    std::int64_t request_id = 0;
    std::string device;
    std::string model;
    std::string variant;
    double submitted_s = 0;
    std::optional<double> completed_s;  // NULL if not completed
    std::optional<double> latency_s;
    std::optional<double> deadline_s;  // latency budget, relative to submitted_s
    std::string status;                // ok | deadline_missed | failed | dropped
    std::string split;                 // cut description
    std::string target;
    std::int64_t bytes_sent = 0;
    // NULL when the catalog has no power figure for a component the request used (e.g. the
    // radio of a device type whose radio power is unknown): never a made-up 0.
    std::optional<double> device_energy_j = 0.0;
    std::optional<double> accuracy;
    std::string reason;  // extension: why failed/dropped
};

struct DecisionRow {
    double t_s = 0;
    std::string device;
    std::string policy;
    std::string variant;
    std::string split;
    std::string target;
    // The bandwidth the policy saw towards `target`; NULL when the decision has no remote target
    // (it runs locally, or was dropped) or its target is not one of the device's candidates:
    // never a made-up 0.
    std::optional<double> est_bandwidth_bps;
    std::optional<double> battery_frac;
    std::string reason;
};

struct DeviceSampleRow {
    double t_s = 0;
    std::string device;
    std::optional<double> battery_frac;
    double energy_j = 0;
    double power_w = 0;
    int dvfs_state = 0;
    std::string state;  // on | off | dead
};

struct EventRow {
    double t_s = 0;
    std::string kind;
    std::string subject;
    std::string detail;
};

}  // namespace a2iot::results
