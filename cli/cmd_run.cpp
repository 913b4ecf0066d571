// `a2iot run SCENARIO [--db FILE] [--policy NAME]... [--seed N] [--replications N]
//  [--set KEY=VALUE]... [--max-requests N] [--max-db-size SIZE] [--quiet]`.
// SimGrid allows one engine per process, so every (policy, seed) runs in its own forked child;
// the parent validates everything first through the one validation path (an invalid scenario
// exits 2 with nothing written), shows a progress bar on a terminal, and prints the summary
// table of the runs it created. Ctrl-C or SIGTERM stops the child, marks its run `interrupted`
// (the rows it committed stay readable) and exits 128 + the signal.
#include <fmt/core.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "analysis/run_summary.hpp"
#include "cli/command.hpp"
#include "cli/signal_guard.hpp"
#include "common/input_error.hpp"
#include "results/recorder.hpp"
#include "scenarios/scenario_error.hpp"
#include "sim/scenario_validator.hpp"
#include "sim/simulation.hpp"

namespace a2iot::cli {
namespace {

struct RunOptions {
    std::string scenario;
    std::string db = "results.db";
    std::vector<std::string> policies;
    std::optional<std::int64_t> seed;
    int replications = 1;
    std::vector<std::string> overrides;
    std::string max_requests, max_db_size;
    bool quiet = false;
};

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

// The child: one Simulation, messages to the parent on `fd` ("run ID", "t SECONDS").
[[noreturn]] void child(const RunOptions& opt, const scenarios::ScenarioSpec& spec,
                        const std::string& policy, const sim::RunLimits& limits, int fd) {
    int rc = 0;
    try {
        results::Recorder rec(opt.db);
        rec.set_max_bytes(limits.max_db_bytes);
        results::RunInfo info;
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
        sim.set_max_requests(static_cast<std::int64_t>(limits.max_requests));
        // Progress at most ten times a second: a message per sample would cost more than the
        // sample itself with a fine record.sample_interval.
        auto last = std::chrono::steady_clock::time_point{};
        const auto r = sim.run(rec, [fd, &last](double t) {
            const auto now = std::chrono::steady_clock::now();
            if (now - last < std::chrono::milliseconds(100)) return;
            last = now;
            dprintf(fd, "t %.6f\n", t);
        });
        const double wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (r.request_cap_hit) {
            const std::string why = fmt::format(
                "arrivals stopped after {} requests (--max-requests)", limits.max_requests);
            rec.finish_run("failed", r.sim_time_s, wall, why);
            dprintf(fd, "error %s\n", why.c_str());
            rc = 1;
        } else {
            rec.finish_run("complete", r.sim_time_s, wall);
        }
        dprintf(fd,
                "info %s (seed %lld): %lld requests (%lld ok, %lld deadline missed, %lld "
                "failed, %lld dropped, %lld timed out) in %.3f s simulated, %.2f s wall\n",
                policy.c_str(), static_cast<long long>(spec.seed),
                static_cast<long long>(r.submitted), static_cast<long long>(r.ok),
                static_cast<long long>(r.deadline_missed), static_cast<long long>(r.failed),
                static_cast<long long>(r.dropped), static_cast<long long>(r.timed_out),
                r.sim_time_s, wall);
    } catch (const std::exception& e) {
        // One line: the parent prints it after the policy's name.
        std::string msg = e.what();
        for (char& c : msg)
            if (c == '\n') c = ' ';
        dprintf(fd, "error %s\n", msg.c_str());
        rc = 1;
    }
    close(fd);
    // Skip SimGrid's and SQLite's static destructors: the Recorder is closed already and the
    // engine is not meant to be torn down twice in a forked image.
    std::fflush(nullptr);
    _exit(rc);
}

void draw_progress(const std::string& label, double t, double total) {
    const int width = 30;
    const double f = total > 0 ? std::min(1.0, t / total) : 1.0;
    const int full = static_cast<int>(f * width);
    fmt::print(stderr, "\r{:<18} [{}{}] {:5.1f}% ({:.0f}/{:.0f} s)", label,
               std::string(static_cast<std::size_t>(full), '#'),
               std::string(static_cast<std::size_t>(width - full), '.'), f * 100, t, total);
}

struct ChildOutcome {
    std::int64_t run_id = -1;
    bool ok = false;
    std::string error;
};

// Runs one (policy, seed) in a child and follows it until it ends or a signal arrives.
ChildOutcome run_one(const RunOptions& opt, const scenarios::ScenarioSpec& spec,
                     const std::string& policy, const sim::RunLimits& limits,
                     const std::string& label, bool tty) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe() failed");
    std::fflush(nullptr);
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork() failed");
    if (pid == 0) {
        close(fds[0]);
        // The child dies with its parent on every path (a SIGKILL of the parent included); the
        // check after prctl covers a parent that died before it took effect.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(1);
        // Ctrl-C reaches the whole process group; the parent decides what happens.
        std::signal(SIGINT, SIG_IGN);
        std::signal(SIGTERM, SIG_DFL);
        std::signal(SIGHUP, SIG_DFL);
        child(opt, spec, policy, limits, fds[1]);
    }
    close(fds[1]);
    ChildOutcome out;
    std::string buf;
    char chunk[4096];
    bool eof = false;
    while (!eof) {
        if (SignalGuard::received()) {
            kill(pid, SIGKILL);
            break;
        }
        pollfd p{fds[0], POLLIN, 0};
        const int ready = poll(&p, 1, 200);
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) continue;
        const ssize_t n = read(fds[0], chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            eof = true;
            break;
        }
        buf.append(chunk, static_cast<std::size_t>(n));
        std::size_t nl;
        while ((nl = buf.find('\n')) != std::string::npos) {
            const std::string line = buf.substr(0, nl);
            buf.erase(0, nl + 1);
            if (line.rfind("run ", 0) == 0)
                out.run_id = std::stoll(line.substr(4));
            else if (line.rfind("t ", 0) == 0 && tty)
                draw_progress(label, std::stod(line.substr(2)), spec.duration_s);
            else if (line.rfind("error ", 0) == 0)
                out.error = line.substr(6);
            else if (line.rfind("info ", 0) == 0 && !tty)
                spdlog::info("{}", line.substr(5));
        }
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (tty) fmt::print(stderr, "\n");
    if (SignalGuard::received()) {
        const std::string why = fmt::format("interrupted by {}", SignalGuard::name());
        if (out.run_id >= 0)
            results::Recorder::mark_unfinished(opt.db, out.run_id, "interrupted", why);
        out.error = why;
        return out;
    }
    out.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!out.ok) {
        if (out.error.empty())
            out.error = WIFSIGNALED(status) ? fmt::format("killed by signal {}", WTERMSIG(status))
                                            : fmt::format("exit code {}", WEXITSTATUS(status));
        // The child could not close its run: mark it failed so it is not left "running".
        if (out.run_id >= 0)
            results::Recorder::mark_unfinished(opt.db, out.run_id, "failed", out.error);
    }
    return out;
}

int run_command(const RunOptions& opt) {
    if (opt.replications < 1 || opt.replications > 1000)
        throw common::InputError("", 0, "--replications", std::to_string(opt.replications),
                                 "a number of seeds from 1 to 1000");
    results::Recorder::check_path(opt.db);
    sim::RunLimits limits = sim::RunLimits::defaults(opt.db);
    limits.set_from_options(opt.max_requests, opt.max_db_size);

    std::vector<std::string> overrides = opt.overrides;
    if (opt.seed) overrides.push_back(fmt::format("seed={}", *opt.seed));
    scenarios::ScenarioSpec spec;
    try {
        spec = sim::ScenarioValidator(limits).load(opt.scenario, overrides, opt.policies);
    } catch (const scenarios::ScenarioError& e) {
        for (const auto& err : e.errors()) fmt::print(stderr, "{}\n", err.what());
        return 2;
    }
    const std::vector<std::string> policies =
        opt.policies.empty() ? std::vector<std::string>{spec.policy.name} : opt.policies;
    // A --db that is not a results database (a text file, a newer schema) is bad input like a
    // bad scenario: say so once, before any child starts, rather than fail every run.
    try {
        results::Recorder open(opt.db);
    } catch (const std::runtime_error& e) {
        throw common::InputError("", 0, "--db", opt.db,
                                 std::string("a results database this a2iot can write (") +
                                     e.what() + ")");
    }

    const bool tty = !opt.quiet && isatty(STDERR_FILENO);
    SignalGuard guard;
    std::vector<std::int64_t> run_ids;
    bool all_ok = true;
    for (int r = 0; r < opt.replications && !SignalGuard::received(); ++r) {
        // Replications differ only by seed, so they share the configuration's hash and
        // `compare` groups them (seed, seed + 1, ...).
        scenarios::ScenarioSpec rep = spec;
        rep.seed = spec.seed + static_cast<std::uint64_t>(r);
        for (const auto& policy : policies) {
            if (SignalGuard::received()) break;
            const std::string label =
                opt.replications > 1 ? fmt::format("{} #{}", policy, rep.seed) : policy;
            const ChildOutcome c = run_one(opt, rep, policy, limits, label, tty);
            if (c.run_id >= 0) run_ids.push_back(c.run_id);
            if (!c.ok) {
                all_ok = false;
                fmt::print(stderr, "a2iot run: policy {} (seed {}) {}: {}\n", policy, rep.seed,
                           SignalGuard::received() ? "interrupted" : "failed", c.error);
            }
        }
    }
    if (!run_ids.empty()) {
        results::Recorder rec(opt.db);
        fmt::print("{}",
                   analysis::format_summary_table(analysis::summarize(rec.handle(), run_ids)));
    }
    if (SignalGuard::received()) return 128 + SignalGuard::received();
    return all_ok ? 0 : 1;
}

}  // namespace

static const CommandRegistrar run_command_registrar(
    "run", "Simulate a scenario (one run per --policy and seed) and print the summary table", 10,
    [](CLI::App& sub) -> std::function<int()> {
        auto opt = std::make_shared<RunOptions>();
        sub.add_option("scenario", opt->scenario, "Scenario file (*.yaml)")->required();
        sub.add_option("--db", opt->db, "Results database (SQLite), created if missing")
            ->capture_default_str();
        sub.add_option("--policy", opt->policies,
                       "Policy to run (repeatable: one run each); default: the scenario's");
        sub.add_option("--seed", opt->seed, "Seed, overriding the scenario's");
        sub.add_option("--replications", opt->replications,
                       "Run each policy with N seeds (seed, seed+1, ...); `compare` then "
                       "reports means with 95% confidence intervals")
            ->capture_default_str();
        sub.add_option("--set", opt->overrides,
                       "Override a scenario key, e.g. devices.cam.count=100 (repeatable)");
        sub.add_option("--max-requests", opt->max_requests,
                       "Most requests one run may submit (default: min(2e7, free memory / 512 "
                       "B)); checked at validation and enforced while running");
        sub.add_option("--max-db-size", opt->max_db_size,
                       "Most one run may add to the database, e.g. 2GB (default: min(4 GiB, half "
                       "the free disk space)); checked at validation and enforced by SQLite");
        sub.add_flag("--quiet", opt->quiet, "No progress bar nor per-run lines");
        sub.footer(
            "Exit code: 0 success, 1 a run failed, 2 invalid scenario or usage (nothing is "
            "written then), 130/143 interrupted by SIGINT/SIGTERM (the run is marked "
            "interrupted).");
        return [opt]() { return run_command(*opt); };
    });

}  // namespace a2iot::cli
