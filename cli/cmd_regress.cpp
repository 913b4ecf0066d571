// `a2iot regress SCENARIO... --baseline GOLDEN.json [--tolerance METRIC=PCT]... [--update]
//  [--policy NAME]... [--set KEY=VALUE]... [--seed N] [--db FILE] [--all]`.
// Runs each scenario (as `a2iot run` child processes: SimGrid allows one engine per process),
// then checks every fresh run against the golden entry of the same (scenario_hash, policy, seed,
// overrides). Exit 0: every run matches within tolerance; 1: a metric changed beyond its
// tolerance (REGRESSION or CHANGED (better)), a run has no golden entry, or a run failed;
// 2: bad input.
#include <fmt/core.h>
#include <stdlib.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/regression_check.hpp"
#include "analysis/regression_golden.hpp"
#include "analysis/run_config.hpp"
#include "analysis/run_summary.hpp"
#include "analysis/sweep_process.hpp"
#include "cli/command.hpp"
#include "common/input_error.hpp"
#include "results/results_db.hpp"

namespace a2iot::cli {
namespace {

namespace fs = std::filesystem;

struct RegressOptions {
    std::vector<std::string> scenarios;
    std::string baseline;
    std::vector<std::string> tolerances;
    bool update = false;
    std::vector<std::string> policies;
    std::vector<std::string> overrides;
    std::optional<std::int64_t> seed;
    std::string db;  // where the fresh runs go; empty: a temporary file
    bool all_rows = false;
};

// A temporary folder removed on scope exit, for the fresh runs' database and the run logs.
class TempDir {
  public:
    TempDir() {
        std::string templ = (fs::temp_directory_path() / "a2iot-regress-XXXXXX").string();
        if (!mkdtemp(templ.data())) throw std::runtime_error("cannot create a temporary folder");
        path_ = templ;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

std::string read_file(const fs::path& p) {
    std::ifstream f(p);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

struct FreshRun {
    analysis::GoldenRun key;  // with the fresh metrics
    analysis::RunSummary summary;
};

// What the golden holds, for a run it has no entry for: the entries of the same scenario name
// (or all of them), and a hint when only the scenario hash differs.
std::string missing_message(const analysis::RegressionGolden& golden, const std::string& path,
                            const analysis::GoldenRun& run) {
    std::string msg = fmt::format("a2iot regress: no baseline for {} (scenario hash {}) in {}; ",
                                  run.describe(), run.scenario_hash.substr(0, 12), path);
    std::vector<const analysis::GoldenRun*> same_name, stale;
    for (const auto& g : golden.runs()) {
        if (g.scenario != run.scenario) continue;
        same_name.push_back(&g);
        if (g.policy == run.policy && g.seed == run.seed && g.overrides == run.overrides)
            stale.push_back(&g);
    }
    if (golden.runs().empty()) {
        msg += "it has no runs";
    } else if (same_name.empty()) {
        msg += "it has no run of scenario " + run.scenario + "; it has:";
        for (const auto& g : golden.runs())
            msg += fmt::format("\n    {} (hash {})", g.describe(), g.scenario_hash.substr(0, 12));
    } else {
        msg += "for " + run.scenario + " it has:";
        for (const auto* g : same_name)
            msg += fmt::format("\n    {} (hash {})", g->describe(), g->scenario_hash.substr(0, 12));
    }
    if (!stale.empty())
        msg +=
            "\n  the scenario file changed since the golden was recorded (same policy, seed "
            "and overrides, another scenario hash)";
    msg += "\n  record it with --update if this run is the new reference\n";
    return msg;
}

int regress_command(const RegressOptions& opt) {
    // Bad input first, before any run: tolerances, the golden, the scenario files.
    for (const auto& t : opt.tolerances) analysis::RegressionTolerances{}.set(t);
    const bool have_golden = fs::exists(opt.baseline);
    if (!opt.update && !have_golden)
        throw common::InputError("", 0, "--baseline", opt.baseline,
                                 "an existing regression golden (JSON); record one first with "
                                 "`a2iot regress SCENARIO... --baseline " +
                                     opt.baseline + " --update`");
    analysis::RegressionGolden golden =
        have_golden ? analysis::RegressionGolden::load(opt.baseline) : analysis::RegressionGolden{};
    // Precedence: defaults < the golden's tolerances < --tolerance.
    for (const auto& t : opt.tolerances) golden.tolerances().set(t);
    for (const auto& sc : opt.scenarios)
        if (!fs::is_regular_file(sc))
            throw common::InputError("", 0, "SCENARIO", sc, "an existing scenario file");

    TempDir tmp;
    const std::string fresh_db = opt.db.empty() ? (tmp.path() / "fresh.db").string() : opt.db;
    std::int64_t first_new = 1;
    if (fs::exists(fresh_db)) {
        results::ResultsDb db(fresh_db);
        first_new = analysis::max_run_id(db.get()) + 1;
    }
    bool run_failed = false;
    const std::string self = analysis::SweepProcess::self_executable();
    for (std::size_t i = 0; i < opt.scenarios.size(); ++i) {
        std::vector<std::string> argv = {self,   "run",    opt.scenarios[i],
                                         "--db", fresh_db, "--quiet"};
        for (const auto& p : opt.policies) argv.insert(argv.end(), {"--policy", p});
        for (const auto& s : opt.overrides) argv.insert(argv.end(), {"--set", s});
        if (opt.seed) argv.insert(argv.end(), {"--seed", std::to_string(*opt.seed)});
        const auto log = tmp.path() / fmt::format("run-{}.log", i);
        const int rc = analysis::SweepProcess::run(argv, log.string());
        if (rc == 2) {
            // Bad input (invalid scenario, unknown policy): the child's messages say why.
            fmt::print(stderr, "{}", read_file(log));
            return 2;
        }
        if (rc != 0) {
            run_failed = true;
            fmt::print(stderr, "a2iot regress: {}: the run failed (exit {}):\n{}", opt.scenarios[i],
                       rc, read_file(log));
        }
    }

    if (!fs::exists(fresh_db)) return run_failed ? 1 : 2;
    std::vector<FreshRun> fresh;
    {
        results::ResultsDb db(fresh_db);
        std::vector<std::int64_t> ids;
        for (const auto& c : analysis::run_configs(db.get()))
            if (c.run_id >= first_new && c.status == "complete") ids.push_back(c.run_id);
        if (!ids.empty()) {
            const auto configs = analysis::run_configs(db.get(), ids);
            const auto summaries = analysis::summarize(db.get(), ids);
            for (std::size_t i = 0; i < ids.size(); ++i) {
                FreshRun f;
                f.key.scenario = configs[i].scenario;
                f.key.scenario_hash = configs[i].scenario_hash;
                f.key.policy = configs[i].policy;
                f.key.seed = configs[i].seed;
                f.key.overrides = configs[i].overrides;
                f.key.metrics = analysis::checked_values(summaries[i], golden.tolerances());
                f.summary = summaries[i];
                fresh.push_back(std::move(f));
            }
        }
    }

    if (opt.update) {
        // A golden recorded from a partial set of runs would pass later checks it should fail.
        if (run_failed) {
            fmt::print(stderr, "a2iot regress: {} not written: a run failed\n", opt.baseline);
            return 1;
        }
        for (const auto& f : fresh) {
            const int replaced = golden.upsert(f.key);
            fmt::print("golden {}: {} ({})\n", opt.baseline, f.key.describe(),
                       replaced ? "replaced" : "added");
        }
        golden.save(opt.baseline);
        return run_failed ? 1 : 0;
    }

    const analysis::RegressionCheck check(golden.tolerances());
    std::vector<analysis::MetricDiff> diffs;
    std::size_t failed_pairs = 0, missing = 0;
    for (const auto& f : fresh) {
        const auto* base = golden.find(f.key);
        if (!base) {
            fmt::print(stderr, "{}", missing_message(golden, opt.baseline, f.key));
            ++missing;
            continue;
        }
        auto d = check.compare(base->metrics, f.key.metrics);
        bool any = false;
        for (auto& x : d) {
            x.scenario = f.key.scenario;
            x.policy = f.key.policy;
            x.seed = f.key.seed;
            x.overrides = f.key.overrides;
            any = any || x.failed();
        }
        failed_pairs += any ? 1 : 0;
        // The full metric list of a failed pair gives context; passing pairs show nothing
        // unless --all.
        for (const auto& x : d)
            if (opt.all_rows || any) diffs.push_back(x);
    }
    if (!diffs.empty()) fmt::print("{}", analysis::format_regression_table(diffs, false));
    fmt::print(
        "regress: {} run(s) checked against {}: {} changed beyond tolerance, {} within "
        "tolerance, {} without baseline{}\n",
        fresh.size(), opt.baseline, failed_pairs, fresh.size() - failed_pairs - missing, missing,
        run_failed ? "; a run FAILED" : "");
    return failed_pairs > 0 || missing > 0 || run_failed ? 1 : 0;
}

}  // namespace

static const CommandRegistrar regress_command_registrar(
    "regress", "Run scenarios and check their metrics against a regression golden (JSON)", 50,
    [](CLI::App& sub) -> std::function<int()> {
        auto opt = std::make_shared<RegressOptions>();
        sub.add_option("scenarios", opt->scenarios, "Scenario files (*.yaml)")->required();
        sub.add_option("--baseline", opt->baseline,
                       "Regression golden (JSON text, e.g. tests/regression/two-tier.json)")
            ->required();
        sub.add_option("--tolerance", opt->tolerances,
                       "Allowed change METRIC=PCT (repeatable), e.g. p95_latency_s=20; "
                       "overrides the golden's tolerance");
        sub.add_flag("--update,--update-baseline", opt->update,
                     "Write these runs into the golden (replacing entries of the same scenario, "
                     "policy, seed and overrides; creating the file if needed) instead of "
                     "checking");
        sub.add_option("--policy", opt->policies,
                       "Policy to check (repeatable); default: each scenario's own");
        sub.add_option("--set", opt->overrides, "Override a scenario key (repeatable), as in run");
        sub.add_option("--seed", opt->seed, "Seed, overriding the scenarios'");
        sub.add_option("--db", opt->db,
                       "Keep the fresh runs in this database (default: a "
                       "temporary file)");
        sub.add_flag("--all", opt->all_rows, "Show every metric of every run, not only changes");
        sub.footer(
            "A run is matched to the golden entry of the same scenario hash, policy, seed and "
            "overrides.\nChecked metrics and default tolerances (percent of the golden value, "
            "with an absolute floor):\n  ok_pct 1, deadline_hit_pct 1, p50_latency_s 5, "
            "p95_latency_s 10, p99_latency_s 15,\n  mean_latency_s 5, "
            "device_energy_per_request_j 5, mean_accuracy 1, devices_died 0.\nA change beyond "
            "tolerance fails either way: REGRESSION (worse) or CHANGED (better); see "
            "docs/workflow.md.\nExit code: 0 all within tolerance, 1 a change beyond tolerance, "
            "a run without a golden entry\nor a failed run, 2 bad input.");
        return [opt]() { return regress_command(*opt); };
    });

}  // namespace a2iot::cli
