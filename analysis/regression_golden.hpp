#pragma once
// A regression golden: the checked metrics of reference runs, keyed by
// (scenario_hash, policy, seed, overrides), with the tolerances to check them by, stored as
// reviewable JSON text (tests/regression/*.json). Written with sorted keys, one fixed layout and
// values rounded to 12 significant digits, so a re-recording diffs line by line. Schema:
//   {"format": "a2iot-regression-golden", "version": 1,
//    "tolerances": {"p95_latency_s": {"pct": 10, "abs": 0.0001}, ...},
//    "runs": [{"scenario": "two-tier", "scenario_hash": "...", "policy": "edge", "seed": 42,
//              "overrides": "", "metrics": {"p95_latency_s": 0.0123, ...}}, ...]}
// A metric is null when undefined (unknown energy, no completed request) and "unfinished" when
// a percentile fell on a request that never finished (+infinity).
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/regression_check.hpp"
#include "analysis/regression_tolerance.hpp"

namespace a2iot::analysis {

struct GoldenRun {
    std::string scenario;  // name: for messages, not part of the key
    std::string scenario_hash;
    std::string policy;
    std::int64_t seed = 0;
    std::string overrides;
    MetricValues metrics;

    bool same_key(const GoldenRun& o) const {
        return scenario_hash == o.scenario_hash && policy == o.policy && seed == o.seed &&
               overrides == o.overrides;
    }
    // "two-tier / edge / seed 42 / overrides none"
    std::string describe() const;
};

class RegressionGolden {
  public:
    // Throws common::InputError (file = path, line where known) for a missing file, one that is
    // not JSON (including an old SQLite baseline), or a field of the wrong type.
    static RegressionGolden load(const std::string& path);
    // Writes atomically (temporary file + rename).
    void save(const std::string& path) const;
    std::string to_text() const;

    const GoldenRun* find(const GoldenRun& key) const;
    // Inserts the run, replacing an entry with the same key, or a stale entry that differs from
    // it only by the scenario hash (same scenario name, policy, seed and overrides: the file
    // changed). Returns the number of entries replaced (0 or more).
    int upsert(GoldenRun run);

    const std::vector<GoldenRun>& runs() const { return runs_; }
    std::vector<GoldenRun>& runs() { return runs_; }
    RegressionTolerances& tolerances() { return tolerances_; }
    const RegressionTolerances& tolerances() const { return tolerances_; }

  private:
    std::vector<GoldenRun> runs_;
    RegressionTolerances tolerances_;
};

}  // namespace a2iot::analysis
