#pragma once
// One simulated run of a scenario under one policy: builds the SimGrid platform from the
// ScenarioSpec, runs it, and writes every request, decision, device sample and event through
// the Recorder. A plain object; SimGrid allows one engine per process, so a process runs one
// Simulation (a2iot run forks a child per policy).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "devices/catalog.hpp"
#include "results/recorder.hpp"
#include "scenarios/scenario_spec.hpp"

namespace a2iot::sim {

struct SimulationResult {
    std::int64_t submitted = 0, ok = 0, deadline_missed = 0, failed = 0, dropped = 0;
    double sim_time_s = 0;
    std::int64_t timed_out = 0;  // after sim_time_s: positional initialisers elsewhere stay valid
    bool request_cap_hit = false;  // arrivals were stopped by --max-requests
};

class Simulation {
  public:
    // After the scenario's duration, requests in flight may still finish for this long; those
    // still unfinished then are recorded as failed.
    static constexpr double kDrainS = 60.0;

    Simulation(const scenarios::ScenarioSpec& spec, std::string policy,
               const devices::Catalog& catalog = devices::Catalog::builtin());

    // Arrivals stop after this many submissions (0: no cap); see RunLimits.
    void set_max_requests(std::int64_t n) { max_requests_ = n; }

    // progress(sim_time_s) is called from inside the simulation about once per sample interval.
    SimulationResult run(results::Recorder& recorder,
                         const std::function<void(double)>& progress = {});

  private:
    const scenarios::ScenarioSpec& spec_;
    std::string policy_;
    const devices::Catalog& catalog_;
    std::int64_t max_requests_ = 0;
};

}  // namespace a2iot::sim
