#pragma once
// The tolerances `a2iot regress` allows per metric before calling a change a regression (or,
// the other way, a change for the better: both fail the check).
// A tolerance is relative (percent of the baseline value) with a small absolute floor, so that a
// baseline of exactly 0 (no energy spent on the device, no device died) does not make every
// measurable change infinite percent.
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace a2iot::analysis {

struct RegressionTolerance {
    std::string metric;    // a RunSummary field name (analysis/metric.hpp)
    double pct = 0;        // allowed change, percent of |baseline|
    double abs_floor = 0;  // allowed change in SI units however small the baseline is
};

class RegressionTolerances {
  public:
    // The documented defaults (docs/workflow.md "Regression checks").
    RegressionTolerances();
    // "METRIC=PCT" as given to --tolerance; "PCT" may end in '%'. Throws common::InputError
    // (key --tolerance) for an unknown metric or a value that is not a non-negative number.
    void set(std::string_view metric_eq_pct);
    // Sets both parts of a checked metric's tolerance (a golden file's "tolerances" entry).
    // Throws std::out_of_range for a metric that is not checked.
    void set(std::string_view metric, double pct, double abs_floor);
    const std::vector<RegressionTolerance>& checked() const { return tolerances_; }
    const RegressionTolerance& get(std::string_view metric) const;
    // Allowed change (SI, either direction) for a baseline value.
    double allowed(std::string_view metric, double baseline) const;

  private:
    std::vector<RegressionTolerance> tolerances_;
};

}  // namespace a2iot::analysis
