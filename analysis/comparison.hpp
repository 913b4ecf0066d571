#pragma once
// `a2iot compare`: policies x metrics for the runs of a results database. Runs are grouped by
// configuration (scenario_hash, overrides) into sections and, inside a section, by policy;
// runs of one group that differ only by seed are replications. Each metric shows the mean over
// the seeds with its 95% confidence interval (Student t) and its difference to the reference
// policy of the same section; a difference whose Welch 95% interval contains 0 is a tie.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/run_config.hpp"
#include "analysis/run_summary.hpp"

struct sqlite3;

namespace a2iot::analysis {

struct ComparisonOptions {
    std::vector<std::string> metrics;   // empty: default_metrics()
    std::string reference;              // empty: the first policy (lowest run id) per section
    std::vector<std::int64_t> run_ids;  // empty: latest_complete_runs()
};

struct MetricStat {
    std::optional<double> value;    // SI: mean over the seeds; nullopt when any seed lacks it
    std::optional<double> ci95;     // half width of the 95% CI; only with >= 2 seeds, finite
    bool unfinished = false;        // a percentile that fell on an unfinished request (+inf)
    std::optional<double> rel_pct;  // (v - ref) / |ref| * 100; nullopt when undefined
    bool tie = false;               // Welch 95% CI of (v - ref) contains 0 (both >= 2 seeds)
};

struct ComparisonRow {
    std::string policy;
    std::vector<RunSummary> runs;   // the replications (one per seed), run_id order
    std::vector<MetricStat> stats;  // one per metric
    bool is_reference = false;
    std::string status() const;  // "complete", "running (incomplete)", "mixed: 2 complete, ..."
};

struct ComparisonSection {
    std::string scenario;
    std::string scenario_hash;
    std::string overrides;
    std::string reference;  // policy of the reference row; empty: none in this section
    std::vector<ComparisonRow> rows;
    int max_seeds() const;
};

class Comparison {
  public:
    // Throws common::InputError for an unknown metric, a reference policy that no selected run
    // has, an unknown run id, or a database without runs to compare.
    static Comparison build(sqlite3* db, const ComparisonOptions& options);
    // The same from runs already read (configs[i] describes summaries[i]); options.run_ids is
    // ignored.
    static Comparison from_runs(const std::vector<RunConfig>& configs,
                                const std::vector<RunSummary>& summaries,
                                const ComparisonOptions& options);

    const std::vector<std::string>& metrics() const { return metrics_; }
    const std::vector<ComparisonSection>& sections() const { return sections_; }
    // E.g. a --reference policy that one configuration does not have (nothing is computed
    // against another configuration instead).
    const std::vector<std::string>& warnings() const { return warnings_; }
    std::string render_table() const;  // one titled table per configuration
    std::string render_csv() const;    // SI values, <metric>_ci95/_rel_pct/_tie columns

  private:
    std::vector<std::string> metrics_;
    std::vector<ComparisonSection> sections_;
    std::vector<std::string> warnings_;
};

}  // namespace a2iot::analysis
