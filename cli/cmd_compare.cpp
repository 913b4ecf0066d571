// a2iot compare DB [--metric NAME]... [--reference POLICY] [--csv] [--run ID]...
// Policies x metrics from a results database, grouped by configuration, each value with its
// difference to the reference policy of the same configuration.
#include <fmt/core.h>

#include <memory>

#include "analysis/comparison.hpp"
#include "analysis/metric.hpp"
#include "cli/command.hpp"
#include "results/results_db.hpp"

namespace a2iot::cli {
namespace {

struct CompareArgs {
    std::string db;
    std::vector<std::string> metrics;
    std::string reference;
    bool csv = false;
    std::vector<std::int64_t> runs;
};

std::string metric_list() {
    std::string names;
    for (const auto& m : analysis::all_metrics()) names += "\n  " + m.name + "  (" + m.label + ")";
    return names;
}

const CommandRegistrar registrar(
    "compare", "Compare policies: a table of policies x metrics from a results database", 40,
    [](CLI::App& sub) -> std::function<int()> {
        auto args = std::make_shared<CompareArgs>();
        sub.add_option("DB", args->db, "results database (from `a2iot run`)")->required();
        sub.add_option("--metric,-m", args->metrics,
                       "metric to show (repeatable; default: requests ok_pct deadline_hit_pct "
                       "p50/p95/p99_latency_s device_energy_per_request_j mean_accuracy "
                       "devices_died)");
        sub.add_option("--reference,-r", args->reference,
                       "policy the differences are relative to, inside each configuration "
                       "(default: the first run's policy in each configuration)");
        sub.add_flag("--csv", args->csv, "write CSV (SI units, <metric>_rel_pct columns)");
        sub.add_option("--run", args->runs,
                       "compare these run ids (repeatable; default: the latest complete run of "
                       "each scenario hash, policy, overrides and seed)");
        sub.footer(
            "Metrics:" + metric_list() +
            "\nRuns are grouped by configuration (scenario hash and overrides) and policy; runs "
            "of a group\nthat differ only by seed are replications: mean ±95% CI (Student t). "
            "Differences are\n(value - reference) / |reference| in percent against the reference "
            "policy of the same\nconfiguration; \"tie\" when the Welch 95% CI of the difference "
            "contains 0. See docs/results.md.");
        return [args]() {
            results::ResultsDb db(args->db);
            const auto c =
                analysis::Comparison::build(db.get(), {args->metrics, args->reference, args->runs});
            for (const auto& w : c.warnings())
                fmt::print(stderr, "a2iot compare: warning: {}\n", w);
            fmt::print("{}", args->csv ? c.render_csv() : c.render_table());
            return 0;
        };
    });

}  // namespace
}  // namespace a2iot::cli
