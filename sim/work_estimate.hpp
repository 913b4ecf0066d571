#pragma once
// What a scenario will ask of one run, computed from the spec alone (linear in its size): the
// requests its workloads submit on average, the device samples, the bandwidth changes its traces
// produce, and from those the size of the results it writes. Validation compares this with
// RunLimits so that a scenario that would hang the machine is refused before it runs.
#include <cstdint>

#include "scenarios/scenario_spec.hpp"

namespace a2iot::sim {

struct WorkEstimate {
    double requests = 0;       // expected submissions (Poisson: the mean)
    double samples = 0;        // device_samples rows
    double trace_changes = 0;  // bandwidth changes replayed from traces
    double db_bytes = 0;       // results rows, indexes included

    // Measured on the shipped scenarios (sqlite3 dbstat, 2026-12): a request row with its
    // decision row and index entries takes 230-250 B; a sample row 60 B. The margins cover
    // longer split descriptions.
    static constexpr double kBytesPerRequest = 300;
    static constexpr double kBytesPerSample = 64;
    static constexpr double kBytesPerEvent = 400;
    // A trace may change a link's bandwidth at most this often in one run: each change is an
    // event in the simulator's queue, and a trace looping every microsecond would never end.
    static constexpr double kMaxTraceChanges = 1e7;
    // Device samples per run: each costs about as much simulation time as a request (10-15 us
    // on one core) and 55 B of results, so 10^7 is about two minutes and 600 MB. A scenario that
    // needs more samples a coarser record.sample_interval.
    static constexpr double kMaxSamples = 1e7;

    static WorkEstimate of(const scenarios::ScenarioSpec& spec);
};

}  // namespace a2iot::sim
