// `a2iot run SCENARIO [--db FILE] [--policy NAME]... [--seed N] [--set KEY=VALUE]... [--quiet]`.
// SimGrid allows one engine per process, so every policy runs in its own forked child; the
// parent validates everything first (an invalid scenario exits 2 with nothing written), shows a
// progress bar on a terminal, and prints the summary table of the runs it created.
#include <fmt/core.h>
#include <poll.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "analysis/recorder.hpp"
#include "analysis/run_summary.hpp"
#include "cli/command.hpp"
#include "common/input_error.hpp"
#include "scenarios/loader.hpp"
#include "sim/simulation.hpp"

namespace a2iot::cli {
namespace {

struct RunOptions {
    std::string scenario;
    std::string db = "results.db";
    std::vector<std::string> policies;
    std::optional<std::int64_t> seed;
    std::vector<std::string> overrides;
    bool quiet = false;
};

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

// The child: one Simulation, messages to the parent on `fd` ("run ID", "t SECONDS").
[[noreturn]] void child(const RunOptions& opt, const scenarios::ScenarioSpec& spec,
                        const std::string& policy, int fd) {
    int rc = 0;
    try {
        analysis::Recorder rec(opt.db);
        analysis::RunInfo info;
        info.scenario = spec.name;
        info.scenario_file = opt.scenario;
        info.scenario_hash = spec.hash;
        info.policy = policy;
        info.seed = static_cast<std::int64_t>(spec.seed);
        info.network_model = spec.network.model;
        info.version = A2IOT_VERSION;
        info.overrides = join(spec.overrides, ";");
        info.duration_s = spec.duration_s;
        const auto id = rec.begin_run(info);
        dprintf(fd, "run %lld\n", static_cast<long long>(id));
        const auto t0 = std::chrono::steady_clock::now();
        sim::Simulation sim(spec, policy);
        const auto r = sim.run(rec, [fd](double t) { dprintf(fd, "t %.6f\n", t); });
        const double wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        rec.finish_run("complete", r.sim_time_s, wall);
        if (!opt.quiet)
            dprintf(fd,
                    "info %s: %lld requests (%lld ok, %lld deadline missed, %lld failed, %lld "
                    "dropped) in %.3f s simulated, %.2f s wall\n",
                    policy.c_str(), static_cast<long long>(r.submitted),
                    static_cast<long long>(r.ok), static_cast<long long>(r.deadline_missed),
                    static_cast<long long>(r.failed), static_cast<long long>(r.dropped),
                    r.sim_time_s, wall);
    } catch (const std::exception& e) {
        dprintf(fd, "error %s\n", e.what());
        rc = 1;
    }
    close(fd);
    // Skip SimGrid's and SQLite's static destructors: the Recorder is closed already and the
    // engine is not meant to be torn down twice in a forked image.
    std::fflush(nullptr);
    _exit(rc);
}

void draw_progress(const std::string& policy, double t, double total) {
    const int width = 30;
    const double f = total > 0 ? std::min(1.0, t / total) : 1.0;
    const int full = static_cast<int>(f * width);
    fmt::print(stderr, "\r{:<14} [{}{}] {:5.1f}% ({:.0f}/{:.0f} s)", policy,
               std::string(static_cast<std::size_t>(full), '#'),
               std::string(static_cast<std::size_t>(width - full), '.'), f * 100, t, total);
}

int run_command(const RunOptions& opt) {
    std::vector<std::string> overrides = opt.overrides;
    if (opt.seed) overrides.push_back(fmt::format("seed={}", *opt.seed));
    scenarios::ScenarioSpec spec;
    try {
        spec = scenarios::load(opt.scenario, overrides);
    } catch (const scenarios::ScenarioError& e) {
        for (const auto& err : e.errors()) fmt::print(stderr, "{}\n", err.what());
        return 2;
    }
    const std::vector<std::string> policies =
        opt.policies.empty() ? std::vector<std::string>{spec.policy.name} : opt.policies;
    sim::Simulation::check(spec, policies);  // InputError -> exit 2, nothing written

    const bool tty = !opt.quiet && isatty(STDERR_FILENO);
    std::vector<std::int64_t> run_ids;
    bool all_ok = true;
    for (const auto& policy : policies) {
        int fds[2];
        if (pipe(fds) != 0) throw std::runtime_error("pipe() failed");
        std::fflush(nullptr);
        const pid_t pid = fork();
        if (pid < 0) throw std::runtime_error("fork() failed");
        if (pid == 0) {
            close(fds[0]);
            child(opt, spec, policy, fds[1]);
        }
        close(fds[1]);
        std::int64_t run_id = -1;
        std::string buf, error;
        char chunk[4096];
        ssize_t n;
        while ((n = read(fds[0], chunk, sizeof chunk)) > 0) {
            buf.append(chunk, static_cast<std::size_t>(n));
            std::size_t nl;
            while ((nl = buf.find('\n')) != std::string::npos) {
                const std::string line = buf.substr(0, nl);
                buf.erase(0, nl + 1);
                if (line.rfind("run ", 0) == 0)
                    run_id = std::stoll(line.substr(4));
                else if (line.rfind("t ", 0) == 0 && tty)
                    draw_progress(policy, std::stod(line.substr(2)), spec.duration_s);
                else if (line.rfind("error ", 0) == 0)
                    error = line.substr(6);
                else if (line.rfind("info ", 0) == 0 && !tty)
                    fmt::print(stderr, "{}\n", line.substr(5));
            }
        }
        close(fds[0]);
        int status = 0;
        waitpid(pid, &status, 0);
        if (tty) fmt::print(stderr, "\n");
        const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
        if (!ok) {
            all_ok = false;
            fmt::print(stderr, "a2iot run: policy {} failed: {}\n", policy,
                       !error.empty()        ? error
                       : WIFSIGNALED(status) ? fmt::format("killed by signal {}", WTERMSIG(status))
                                             : fmt::format("exit code {}", WEXITSTATUS(status)));
            if (run_id >= 0) {
                // The child could not close its run: mark it failed so it is not left "running".
                analysis::Recorder rec(opt.db);
                sqlite3_stmt* st = nullptr;
                if (sqlite3_prepare_v2(rec.handle(),
                                       "UPDATE runs SET status='failed' WHERE run_id=? AND "
                                       "status='running'",
                                       -1, &st, nullptr) == SQLITE_OK) {
                    sqlite3_bind_int64(st, 1, run_id);
                    sqlite3_step(st);
                }
                sqlite3_finalize(st);
            }
        }
        if (run_id >= 0) run_ids.push_back(run_id);
    }
    if (!run_ids.empty()) {
        analysis::Recorder rec(opt.db);
        fmt::print("{}",
                   analysis::format_summary_table(analysis::summarize(rec.handle(), run_ids)));
    }
    return all_ok ? 0 : 1;
}

}  // namespace

static const CommandRegistrar run_command_registrar(
    "run", "Simulate a scenario (one run per --policy) and print the summary table", 10,
    [](CLI::App& sub) -> std::function<int()> {
        auto opt = std::make_shared<RunOptions>();
        sub.add_option("scenario", opt->scenario, "Scenario file (*.yaml)")->required();
        sub.add_option("--db", opt->db, "Results database (SQLite), created if missing")
            ->capture_default_str();
        sub.add_option("--policy", opt->policies,
                       "Policy to run (repeatable: one run each); default: the scenario's");
        sub.add_option("--seed", opt->seed, "Seed, overriding the scenario's");
        sub.add_option("--set", opt->overrides,
                       "Override a scenario key, e.g. devices.cam.count=100 (repeatable)");
        sub.add_flag("--quiet", opt->quiet, "No progress bar nor per-run lines");
        sub.footer(
            "Exit code: 0 success, 1 a run failed, 2 invalid scenario or usage (nothing is "
            "written then).");
        return [opt]() { return run_command(*opt); };
    });

}  // namespace a2iot::cli
