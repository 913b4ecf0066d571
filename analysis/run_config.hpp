#pragma once
// What identifies a run's configuration in a results database: runs that share
// (scenario_hash, policy, overrides) and differ only by seed are replications of one
// configuration (scenario_hash covers the file bytes and the non-seed overrides; see
// common contract in docs/results.md). `compare` groups by it and `regress` matches by it.
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

struct sqlite3;

namespace a2iot::analysis {

struct RunConfig {
    std::int64_t run_id = 0;
    std::string scenario;  // name, for display only: never a key
    std::string scenario_hash;
    std::string policy;
    std::string overrides;  // non-seed --set strings joined by ';' ("" when none)
    std::int64_t seed = 0;
    std::string status;
};

// The configuration (scenario_hash, overrides) that a reference policy must share.
inline auto configuration_key(const RunConfig& r) {
    return std::tie(r.scenario_hash, r.overrides);
}
// The replication group (scenario_hash, policy, overrides).
inline auto group_key(const RunConfig& r) {
    return std::tie(r.scenario_hash, r.policy, r.overrides);
}

// The given runs (all runs when run_ids is empty), in run_id order. A run id that does not
// exist throws common::InputError (key --run).
std::vector<RunConfig> run_configs(sqlite3* db, const std::vector<std::int64_t>& run_ids = {});

// The latest run with status `complete` for each (scenario_hash, policy, overrides, seed), in
// run_id order: every replication of every configuration, a re-run replacing its older copy.
std::vector<std::int64_t> latest_complete_runs(sqlite3* db);

// The highest run id (0 for an empty database).
std::int64_t max_run_id(sqlite3* db);

}  // namespace a2iot::analysis
