#include "results/schema.hpp"

namespace a2iot::results {

const std::vector<std::string_view>& schema_migrations() {
    // Column order follows SCENARIO-FORMAT.md "Results"; the extension columns
    // (runs.scenario_file, runs.overrides, requests.reason) are appended after it, so readers
    // that use the documented positions keep working.
    static const std::vector<std::string_view> migrations = {
        // 1: the initial schema.
        R"sql(
CREATE TABLE runs(
    run_id INTEGER PRIMARY KEY, scenario TEXT, scenario_hash TEXT, policy TEXT, seed INTEGER,
    runtime TEXT, network_model TEXT, status TEXT, started_at TEXT, finished_at TEXT,
    sim_time_s REAL, wall_s REAL, version TEXT, scenario_file TEXT, overrides TEXT);
CREATE TABLE requests(
    run_id INTEGER NOT NULL, request_id INTEGER, device TEXT, model TEXT, variant TEXT,
    submitted_s REAL, completed_s REAL, latency_s REAL, deadline_s REAL, status TEXT,
    split TEXT, target TEXT, bytes_sent INTEGER, device_energy_j REAL, accuracy REAL,
    reason TEXT);
CREATE TABLE decisions(
    run_id INTEGER NOT NULL, t_s REAL, device TEXT, policy TEXT, variant TEXT, split TEXT,
    target TEXT, est_bandwidth_bps REAL, battery_frac REAL, reason TEXT);
CREATE TABLE device_samples(
    run_id INTEGER NOT NULL, t_s REAL, device TEXT, battery_frac REAL, energy_j REAL,
    power_w REAL, dvfs_state INTEGER, state TEXT);
CREATE TABLE events(
    run_id INTEGER NOT NULL, t_s REAL, kind TEXT, subject TEXT, detail TEXT);
CREATE INDEX requests_run ON requests(run_id);
CREATE INDEX decisions_run ON decisions(run_id);
CREATE INDEX device_samples_run ON device_samples(run_id);
CREATE INDEX events_run ON events(run_id);
)sql",
        // 2: the scenario's duration (so readers can say when a run drained past it and give
        // offered load per second) and why a run ended failed or interrupted.
        R"sql(
ALTER TABLE runs ADD COLUMN duration_s REAL;
ALTER TABLE runs ADD COLUMN error TEXT;
)sql",
    };
    return migrations;
}

const std::vector<std::string_view>& results_tables() {
    static const std::vector<std::string_view> tables = {"runs", "requests", "decisions",
                                                         "device_samples", "events"};
    return tables;
}

}  // namespace a2iot::results
