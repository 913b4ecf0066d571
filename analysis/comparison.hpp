#pragma once
// `a2iot compare`: policies x metrics for the runs of a results database, with each value's
// difference relative to a reference policy of the same scenario.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/run_summary.hpp"

struct sqlite3;

namespace a2iot::analysis {

struct ComparisonOptions {
    std::vector<std::string> metrics;   // empty: default_metrics()
    std::string reference;              // empty: the first policy (lowest run id) per scenario
    std::vector<std::int64_t> run_ids;  // empty: latest complete run per (scenario, policy)
};

struct ComparisonRow {
    RunSummary run;
    std::vector<std::optional<double>> values;   // SI, one per metric
    std::vector<std::optional<double>> rel_pct;  // (v - ref) / |ref| * 100; none if undefined
    bool is_reference = false;
};

class Comparison {
  public:
    // Throws common::InputError for an unknown metric, a reference policy that no selected run
    // has, or a database without runs to compare.
    static Comparison build(sqlite3* db, const ComparisonOptions& options);

    const std::vector<std::string>& metrics() const { return metrics_; }
    const std::vector<ComparisonRow>& rows() const { return rows_; }
    std::string render_table() const;  // aligned, units in headers, "value (+x.x%)"
    std::string render_csv() const;    // SI values; <metric>_rel_pct columns

  private:
    std::vector<std::string> metrics_;
    std::vector<ComparisonRow> rows_;
};

// The latest run with status `complete` for each (scenario, policy), in run_id order.
std::vector<std::int64_t> latest_complete_runs(sqlite3* db);

}  // namespace a2iot::analysis
