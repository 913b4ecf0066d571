// `a2iot regress SCENARIO... --baseline DB [--tolerance METRIC=PCT]... [--update-baseline]
//  [--policy NAME]... [--set KEY=VALUE]... [--seed N] [--db FILE]`.
// Runs each scenario (as `a2iot run` child processes: SimGrid allows one engine per process),
// then compares every (scenario, policy, seed) summary with the latest complete baseline run of
// the same scenario name, policy and seed. Exit 1 on a regression, 0 otherwise, 2 on bad input.
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

#include "analysis/merge_results.hpp"
#include "analysis/recorder.hpp"
#include "analysis/regression_check.hpp"
#include "analysis/results_db.hpp"
#include "analysis/run_summary.hpp"
#include "analysis/statement.hpp"
#include "analysis/sweep_process.hpp"
#include "cli/command.hpp"
#include "common/input_error.hpp"

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

std::int64_t max_run_id(const std::string& db_path) {
    if (!fs::exists(db_path)) return 0;
    analysis::ResultsDb db(db_path);
    analysis::Statement st(db.get(), "SELECT coalesce(max(run_id), 0) FROM runs", db_path);
    st.step();
    return st.get_int(0);
}

// Latest complete baseline run of a scenario name + policy + seed; nullopt when none.
std::optional<std::int64_t> baseline_run(sqlite3* db, const std::string& path,
                                         const analysis::RunSummary& s) {
    analysis::Statement st(db,
                           "SELECT max(run_id) FROM runs WHERE scenario = ? AND policy = ? AND "
                           "seed = ? AND status = 'complete'",
                           path);
    st.bind(1, s.scenario);
    st.bind(2, s.policy);
    st.bind(3, s.seed);
    st.step();
    if (st.is_null(0)) return std::nullopt;
    return st.get_int(0);
}

std::vector<std::int64_t> baseline_runs_all(sqlite3* db, const std::string& path,
                                            const analysis::RunSummary& s) {
    analysis::Statement st(
        db, "SELECT run_id FROM runs WHERE scenario = ? AND policy = ? AND seed = ?", path);
    st.bind(1, s.scenario);
    st.bind(2, s.policy);
    st.bind(3, s.seed);
    std::vector<std::int64_t> ids;
    while (st.step()) ids.push_back(st.get_int(0));
    return ids;
}

int regress_command(const RegressOptions& opt) {
    analysis::RegressionTolerances tolerances;
    for (const auto& t : opt.tolerances) tolerances.set(t);
    if (!opt.update && !fs::is_regular_file(opt.baseline))
        throw common::InputError("", 0, "--baseline", opt.baseline,
                                 "an existing results database; record one first with "
                                 "`a2iot regress SCENARIO... --baseline " +
                                     opt.baseline + " --update-baseline`");
    for (const auto& sc : opt.scenarios)
        if (!fs::is_regular_file(sc))
            throw common::InputError("", 0, "SCENARIO", sc, "an existing scenario file");

    TempDir tmp;
    const std::string fresh_db = opt.db.empty() ? (tmp.path() / "fresh.db").string() : opt.db;
    const std::int64_t first_new = max_run_id(fresh_db) + 1;
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
    std::vector<analysis::RunSummary> fresh;
    {
        analysis::ResultsDb db(fresh_db);
        for (auto& s : analysis::summarize(db.get()))
            if (s.run_id >= first_new && s.status == "complete") fresh.push_back(std::move(s));
    }

    if (opt.update) {
        { analysis::Recorder create(opt.baseline); }
        for (const auto& s : fresh) {
            std::vector<std::int64_t> old;
            {
                analysis::ResultsDb base(opt.baseline);
                old = baseline_runs_all(base.get(), opt.baseline, s);
            }
            analysis::delete_runs(opt.baseline, old);
            const auto r = analysis::merge_results(opt.baseline, fresh_db, {s.run_id});
            fmt::print("baseline {}: {} / {} / seed {} -> run {} ({} old run(s) replaced)\n",
                       opt.baseline, s.scenario, s.policy, s.seed,
                       r.copied.empty() ? -1 : r.copied.front().second, old.size());
        }
        analysis::compact_database(opt.baseline);
        return run_failed ? 1 : 0;
    }

    analysis::ResultsDb base(opt.baseline);
    const analysis::RegressionCheck check(tolerances);
    std::vector<analysis::MetricDiff> diffs;
    std::vector<std::string> missing;
    std::size_t regressed_pairs = 0;
    for (const auto& s : fresh) {
        const auto id = baseline_run(base.get(), opt.baseline, s);
        if (!id) {
            missing.push_back(fmt::format("{} / {} / seed {}", s.scenario, s.policy, s.seed));
            continue;
        }
        const auto b = analysis::summarize(base.get(), {*id});
        auto d = check.compare(b.front(), s);
        bool any = false;
        for (const auto& x : d) any = any || x.regression;
        regressed_pairs += any ? 1 : 0;
        // The full metric list of a regressed pair gives context; passing pairs show only
        // what moved beyond its tolerance (an improvement), unless --all.
        for (const auto& x : d)
            if (opt.all_rows || any || x.regression || x.improved) diffs.push_back(x);
    }
    if (!missing.empty()) {
        for (const auto& m : missing)
            fmt::print(stderr,
                       "a2iot regress: no complete baseline run for {} in {}; record it with "
                       "--update-baseline\n",
                       m, opt.baseline);
        return 2;
    }
    if (!diffs.empty()) fmt::print("{}", analysis::format_regression_table(diffs, false));
    fmt::print("regress: {} run(s) checked against {}: {} regressed, {} within tolerance{}\n",
               fresh.size(), opt.baseline, regressed_pairs, fresh.size() - regressed_pairs,
               run_failed ? "; a run FAILED" : "");
    return regressed_pairs > 0 || run_failed ? 1 : 0;
}

}  // namespace

static const CommandRegistrar regress_command_registrar(
    "regress", "Run scenarios and check their metrics against a baseline database", 50,
    [](CLI::App& sub) -> std::function<int()> {
        auto opt = std::make_shared<RegressOptions>();
        sub.add_option("scenarios", opt->scenarios, "Scenario files (*.yaml)")->required();
        sub.add_option("--baseline", opt->baseline, "Baseline results database")->required();
        sub.add_option("--tolerance", opt->tolerances,
                       "Allowed worsening METRIC=PCT (repeatable), e.g. p95_latency_s=20");
        sub.add_flag("--update-baseline", opt->update,
                     "Record these runs as the new baseline (replacing older baseline runs of "
                     "the same scenario, policy and seed) instead of checking");
        sub.add_option("--policy", opt->policies,
                       "Policy to check (repeatable); default: each scenario's own");
        sub.add_option("--set", opt->overrides, "Override a scenario key (repeatable), as in run");
        sub.add_option("--seed", opt->seed, "Seed, overriding the scenarios'");
        sub.add_option("--db", opt->db,
                       "Keep the fresh runs in this database (default: a "
                       "temporary file)");
        sub.add_flag("--all", opt->all_rows, "Show every metric of every run, not only changes");
        sub.footer(
            "Checked metrics and default tolerances (percent of the baseline value, with an "
            "absolute floor):\n  ok_pct 1, deadline_hit_pct 1, p50_latency_s 5, p95_latency_s 10, "
            "p99_latency_s 15,\n  mean_latency_s 5, device_energy_per_request_j 5, mean_accuracy "
            "1, devices_died 0.\nOnly a change in the bad direction counts (higher latency, lower "
            "ok%); see docs/workflow.md.\nExit code: 0 no regression, 1 a regression or a failed "
            "run, 2 bad input or no baseline run.");
        return [opt]() { return regress_command(*opt); };
    });

}  // namespace a2iot::cli
