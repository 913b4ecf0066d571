#pragma once
// Compares a run's metrics with its golden (baseline) values, metric by metric. Any change
// beyond the tolerance fails the check: a change in the metric's bad direction is a REGRESSION,
// one in its good direction is CHANGED (better) -- the golden is then stale and must be
// re-recorded on purpose (`a2iot regress --update`), so an improvement is never silent.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/regression_tolerance.hpp"
#include "analysis/run_summary.hpp"

namespace a2iot::analysis {

// Checked metric -> value (SI). nullopt: undefined (no completed request, unknown energy);
// +infinity: a percentile that fell on an unfinished request.
using MetricValues = std::map<std::string, std::optional<double>>;

// The checked metrics of a summary (RegressionTolerances::checked()).
MetricValues checked_values(const RunSummary& s, const RegressionTolerances& tolerances);

enum class Verdict {
    ok,
    regression,  // moved in its bad direction beyond the tolerance, or became undefined
    better,      // moved in its good direction beyond the tolerance
    changed,     // defined now but not in the golden (no direction to speak of)
};

struct MetricDiff {
    std::string scenario;
    std::string policy;
    std::int64_t seed = 0;
    std::string overrides;
    std::string metric;
    std::optional<double> baseline;  // SI; nullopt when undefined
    std::optional<double> current;
    double allowed = 0;  // allowed change either way, SI
    Verdict verdict = Verdict::ok;
    bool failed() const { return verdict != Verdict::ok; }
};

class RegressionCheck {
  public:
    explicit RegressionCheck(RegressionTolerances tolerances) : tol_(std::move(tolerances)) {}
    // One MetricDiff per checked metric that `baseline` records (scenario/policy/seed/overrides
    // left for the caller); a metric absent from `baseline` is not checked, one recorded as
    // nullopt (undefined) is.
    std::vector<MetricDiff> compare(const MetricValues& baseline,
                                    const MetricValues& current) const;
    std::vector<MetricDiff> compare(const RunSummary& baseline, const RunSummary& current) const;
    const RegressionTolerances& tolerances() const { return tol_; }

  private:
    RegressionTolerances tol_;
};

// "REGRESSION", "CHANGED (better)", "CHANGED", "ok".
const char* verdict_text(Verdict v);

// The readable diff: scenario, policy, seed, overrides, metric, baseline, current, change,
// allowed, verdict. only_flagged keeps the rows that failed.
std::string format_regression_table(const std::vector<MetricDiff>& diffs, bool only_flagged);

}  // namespace a2iot::analysis
