#pragma once
// The named metrics of a RunSummary that `compare` (and `regress`) select with --metric. Names
// are the RunSummary field names, so a metric reads the same in code, CLI and docs.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/run_summary.hpp"

namespace a2iot::analysis {

struct MetricInfo {
    std::string name;      // RunSummary field, e.g. "p95_latency_s"
    std::string label;     // table header with unit, e.g. "p95 [ms]"
    double display_scale;  // multiply SI value for display (1e3 for seconds shown as ms)
    bool higher_is_better;
    int decimals;  // digits after the point in tables (0 for counts)
};

// All metrics, in the default column order of `compare`.
const std::vector<MetricInfo>& all_metrics();
// The metrics `compare` shows when no --metric is given.
const std::vector<std::string>& default_metrics();
// Throws common::InputError (key --metric) naming the accepted names when unknown.
const MetricInfo& find_metric(std::string_view name);
// The metric's value in SI units, or nullopt when undefined (no completed request, no deadline,
// unknown energy, a v1 file without a duration). A percentile is +infinity when its rank falls
// on a request that never finished (printed "unfinished").
std::optional<double> metric_value(const RunSummary& s, std::string_view name);

}  // namespace a2iot::analysis
