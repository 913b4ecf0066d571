#pragma once
// Compares a run's summary with its baseline, metric by metric, direction-aware: a metric that
// got worse by more than its tolerance is a regression; an improvement never is.
#include <optional>
#include <string>
#include <vector>

#include "analysis/regression_tolerance.hpp"
#include "analysis/run_summary.hpp"

namespace a2iot::analysis {

struct MetricDiff {
    std::string scenario;
    std::string policy;
    std::string metric;
    std::optional<double> baseline;  // SI; nullopt when undefined (e.g. no completed request)
    std::optional<double> current;
    double allowed = 0;  // allowed worsening, SI
    bool regression = false;
    bool improved = false;  // better by more than the tolerance (reported, never an error)
};

class RegressionCheck {
  public:
    explicit RegressionCheck(RegressionTolerances tolerances) : tol_(std::move(tolerances)) {}
    // One MetricDiff per checked metric. A metric defined in the baseline but undefined now
    // (e.g. latency once requests completed, now none does) is a regression; defined now but not
    // in the baseline is not.
    std::vector<MetricDiff> compare(const RunSummary& baseline, const RunSummary& current) const;

  private:
    RegressionTolerances tol_;
};

// The readable diff: scenario, policy, metric, baseline, current, change, allowed, verdict.
// only_flagged keeps the rows that regressed or improved.
std::string format_regression_table(const std::vector<MetricDiff>& diffs, bool only_flagged);

}  // namespace a2iot::analysis
