#pragma once
// Per-run metrics computed from the results database: what `a2iot run` prints at the end and
// what `compare` and `regress` work on. docs/results.md#summary-metrics defines each field.
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
    std::string status;  // running | complete | failed | interrupted
    std::int64_t requests = 0;
    std::int64_t ok = 0;
    std::int64_t deadline_missed = 0;
    std::int64_t failed = 0;
    std::int64_t dropped = 0;
    std::int64_t timed_out = 0;
    std::int64_t completed = 0;   // requests with completed_s not NULL
    double ok_pct = 0;            // ok / requests, in percent (0..100)
    double served_pct = 0;        // completed / requests, in percent (0..100)
    double deadline_hit_pct = 0;  // completed within deadline / requests with a deadline, percent
    std::int64_t with_deadline = 0;       // additive: requests with a deadline (0: hit % is n/a)
    std::optional<double> duration_s;     // runs.duration_s: the arrivals window (NULL in v1 files)
    std::optional<double> offered_per_s;  // requests / duration_s
    std::optional<double> served_per_s;   // completed / duration_s
    // Nearest rank over every submitted request; a request that never completed ranks worse than
    // any completed one, so the value is +infinity when the rank falls on one (printers show
    // "unfinished"). nullopt when the run has no requests.
    std::optional<double> p50_latency_s, p95_latency_s, p99_latency_s;
    double mean_latency_s = 0;  // over completed requests (0 when none completed)
    // Mean over all requests; nullopt ("unknown") as soon as one request's device_energy_j is
    // NULL, and when there are no requests: a mean over the known subset would understate it.
    std::optional<double> device_energy_per_request_j;
    std::int64_t energy_known_requests = 0;  // requests with a non-NULL device_energy_j
    std::optional<double> mean_accuracy;
    std::int64_t devices_died = 0;  // devices with a dead sample or a battery-death event
    double sim_time_s = 0;
    double wall_s = 0;
    std::string status_detail;  // runs.error: why the run failed or was interrupted
    bool drained = false;       // sim_time_s > duration_s: the run went on past the arrivals window
};

// Summaries of the given runs (all runs when run_ids is empty), in run_id order. Percentiles are
// nearest-rank (analysis/percentile.hpp) over all requests of the run, unfinished ones ranked
// last as +infinity. runs.duration_s and runs.error are read only when the file has them (schema
// v2). A run id that does not exist throws std::runtime_error.
std::vector<RunSummary> summarize(sqlite3* db, const std::vector<std::int64_t>& run_ids = {});

// The tables `a2iot run` prints: load and losses, then latency/energy/accuracy, one row per run,
// with footnotes for unfinished percentiles, unknown energy, drained runs and run errors. Lines
// stay within about 120 columns for the usual scenario and policy names.
std::string format_summary_table(const std::vector<RunSummary>& rows);

// Cell texts shared by the terminal table and the HTML report, so both say the same thing.
// A percentile: "12.3" (ms), "unfinished" for +infinity, "-" when absent.
std::string format_latency_ms(const std::optional<double>& latency_s);
// "0.0123" (J), or "unknown" when nullopt.
std::string format_energy_j(const std::optional<double>& energy_j);
// "360.0" or, for a drained run, "360.0 (drain +60.0)".
std::string format_sim_time(const RunSummary& s);

}  // namespace a2iot::analysis
