// a2iot compare DB [--metric NAME]... [--reference POLICY] [--csv] [--run ID]...
// Policies x metrics from a results database, each value with its difference to a reference.
#include <fmt/core.h>

#include <memory>

#include "analysis/comparison.hpp"
#include "analysis/metric.hpp"
#include "analysis/results_db.hpp"
#include "cli/command.hpp"

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
                       "policy the differences are relative to (default: the first run's "
                       "policy in each scenario)");
        sub.add_flag("--csv", args->csv, "write CSV (SI units, <metric>_rel_pct columns)");
        sub.add_option("--run", args->runs,
                       "compare these run ids (repeatable; default: the latest complete run of "
                       "each scenario and policy)");
        sub.footer("Metrics:" + metric_list() +
                   "\nDifferences are (value - reference) / |reference| in percent.");
        return [args]() {
            analysis::ResultsDb db(args->db);
            const auto c =
                analysis::Comparison::build(db.get(), {args->metrics, args->reference, args->runs});
            fmt::print("{}", args->csv ? c.render_csv() : c.render_table());
            return 0;
        };
    });

}  // namespace
}  // namespace a2iot::cli
