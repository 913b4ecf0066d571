#pragma once
// Per-run metrics computed from the results database: what `a2iot run` prints at the end and
// what `compare` and `regress` work on.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace a2iot::analysis {

struct RunSummary {
    std::int64_t run_id = 0;
    std::string scenario;
    std::string policy;
    std::int64_t seed = 0;
    std::string status;  // running | complete | failed
    std::int64_t requests = 0;
    std::int64_t ok = 0;
    std::int64_t deadline_missed = 0;
    std::int64_t failed = 0;
    std::int64_t dropped = 0;
    double ok_pct = 0;            // ok / requests, in percent (0..100)
    double deadline_hit_pct = 0;  // completed within deadline / requests with a deadline, percent
    std::int64_t with_deadline = 0;  // additive: requests with a deadline (0: hit % is n/a)
    std::optional<double> p50_latency_s, p95_latency_s, p99_latency_s;  // completed requests
    double mean_latency_s = 0;
    double device_energy_per_request_j = 0;  // over requests whose energy is known
    std::int64_t energy_known_requests = 0;  // requests with a non-NULL device_energy_j
    std::optional<double> mean_accuracy;
    std::int64_t devices_died = 0;  // devices with a dead sample or a battery-death event
    double sim_time_s = 0;
    double wall_s = 0;
    // Agreed with h2 (common.md); h2's run_summary.cpp fills them.
    std::int64_t completed = 0;            // requests with completed_s not NULL
    double served_pct = 0;                 // completed / requests * 100
    std::optional<double> duration_s;      // runs.duration_s
    std::optional<double> offered_per_s;   // requests / duration_s
    std::optional<double> served_per_s;    // completed / duration_s
    std::int64_t timed_out = 0;
    std::string status_detail;             // runs.error
    bool drained = false;                  // sim_time_s > duration_s (run drained past it)
};

// Summaries of the given runs (all runs when run_ids is empty), in run_id order. Percentiles are
// nearest-rank over the latencies of completed requests (completed_s not NULL): the p-th
// percentile of N sorted values is the value at 1-based rank ceil(p/100 * N), so it is always an
// observed latency. A run id that does not exist throws std::runtime_error.
std::vector<RunSummary> summarize(sqlite3* db, const std::vector<std::int64_t>& run_ids = {});

// The table `a2iot run` prints: one row per run/policy.
std::string format_summary_table(const std::vector<RunSummary>& rows);

}  // namespace a2iot::analysis
