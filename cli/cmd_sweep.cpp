// `a2iot sweep SCENARIO [--db FILE] [--jobs N] [--set KEY=VALUE]... [--emit-slurm DIR]`.
// Runs the cross product of the scenario's `sweep:` section, each point as its own `a2iot run`
// process (SimGrid allows one engine per process), N at a time, all writing one database: the
// recorder uses WAL with a busy timeout, so concurrent writers wait rather than fail.
// Resumable: a point whose run is already complete in the database is skipped.
#include <fmt/core.h>
#include <stdlib.h>
#include <unistd.h>

#include <csignal>

#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/sweep_point.hpp"
#include "analysis/sweep_process.hpp"
#include "analysis/sweep_resume.hpp"
#include "analysis/sweep_slurm.hpp"
#include "cli/command.hpp"
#include "cli/signal_guard.hpp"
#include "common/input_error.hpp"
#include "results/recorder.hpp"
#include "scenarios/loader.hpp"
#include "sim/scenario_validator.hpp"

namespace a2iot::cli {
namespace {

namespace fs = std::filesystem;

struct SweepOptions {
    std::string scenario;
    std::string db = "results.db";
    int jobs = 1;
    std::vector<std::string> overrides;
    std::string emit_slurm;
    std::string max_requests, max_db_size;
    int replications = 1;
    bool quiet = false;
};

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

std::string tail_of(const fs::path& p, std::size_t max_chars) {
    std::ifstream f(p);
    std::stringstream ss;
    ss << f.rdbuf();
    const std::string s = ss.str();
    return s.size() > max_chars ? "..." + s.substr(s.size() - max_chars) : s;
}

void draw_bar(std::size_t done, std::size_t total, std::size_t skipped, std::size_t failed,
              std::size_t running) {
    const int width = 30;
    const double f = total ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
    const int full = static_cast<int>(f * width);
    fmt::print(stderr, "\rsweep [{}{}] {}/{} points ({} skipped, {} failed, {} running)  ",
               std::string(static_cast<std::size_t>(full), '#'),
               std::string(static_cast<std::size_t>(width - full), '.'), done, total, skipped,
               failed, running);
}

int sweep_command(const SweepOptions& opt) {
    if (opt.jobs < 1)
        throw common::InputError("", 0, "--jobs", std::to_string(opt.jobs), "at least 1");
    if (opt.replications < 1 || opt.replications > 1000)
        throw common::InputError("", 0, "--replications", std::to_string(opt.replications),
                                 "a number of seeds from 1 to 1000");
    results::Recorder::check_path(opt.db);
    sim::RunLimits limits = sim::RunLimits::defaults(opt.db);
    limits.set_from_options(opt.max_requests, opt.max_db_size);
    // Every point is loaded and checked here first, through the validation `run` applies: a bad
    // point fails the sweep before anything runs, and its scenario hash (file bytes + overrides)
    // is the identity used to skip complete points.
    std::vector<analysis::SweepPoint> points;
    std::string name;
    try {
        const sim::ScenarioValidator validator(limits);
        const auto specs = validator.load_sweep(opt.scenario, opt.overrides);
        const auto cross = scenarios::sweep_points(validator.load(opt.scenario, opt.overrides));
        for (std::size_t i = 0; i < specs.size(); ++i) {
            const auto& ps = specs[i];
            name = ps.name;
            // Replications are points of their own (seed, seed + 1, ...), so an interrupted
            // sweep resumes seed by seed; the seed is not part of the hash.
            for (int r = 0; r < opt.replications; ++r) {
                analysis::SweepPoint p;
                p.index = points.size();
                p.overrides = opt.overrides;
                p.overrides.insert(p.overrides.end(), cross[i].begin(), cross[i].end());
                p.scenario_hash = ps.hash;
                p.policy = ps.policy.name;
                p.seed = static_cast<std::int64_t>(ps.seed) + r;
                if (opt.replications > 1) p.overrides.push_back(fmt::format("seed={}", p.seed));
                points.push_back(std::move(p));
            }
        }
    } catch (const scenarios::ScenarioError& e) {
        for (const auto& err : e.errors()) fmt::print(stderr, "{}\n", err.what());
        return 2;
    }

    const std::string self = analysis::SweepProcess::self_executable();
    if (!opt.emit_slurm.empty()) {
        analysis::SlurmSweep s;
        s.name = name;
        s.a2iot = self;
        s.scenario = fs::absolute(opt.scenario).string();
        s.merged_db = fs::absolute(opt.db).string();
        s.points = points;
        for (const auto& f : analysis::write_slurm_sweep(opt.emit_slurm, s))
            fmt::print("wrote {}\n", f);
        fmt::print("{} array task(s); submit with {}/submit.sh (the merged results go to {})\n",
                   points.size(), opt.emit_slurm, s.merged_db);
        return 0;
    }

    // Creating the schema once here avoids N children racing to create the same tables.
    { results::Recorder create(opt.db); }
    const auto complete = analysis::complete_points(opt.db, points);
    std::vector<const analysis::SweepPoint*> todo;
    for (std::size_t i = 0; i < points.size(); ++i)
        if (!complete[i]) todo.push_back(&points[i]);
    const std::size_t skipped = points.size() - todo.size();

    std::string logs_templ = (fs::temp_directory_path() / "a2iot-sweep-XXXXXX").string();
    if (!mkdtemp(logs_templ.data())) throw std::runtime_error("cannot create a temporary folder");
    const fs::path logs = logs_templ;

    const bool tty = !opt.quiet && isatty(STDERR_FILENO);
    if (!opt.quiet && !tty)
        fmt::print(stderr,
                   "sweep {}: {} point(s), {} already complete in {}, {} to run, {} at a "
                   "time\n",
                   name, points.size(), skipped, opt.db, todo.size(), opt.jobs);
    SignalGuard guard;
    std::map<pid_t, const analysis::SweepPoint*> running;
    std::size_t next = 0, done = skipped, failed = 0;
    std::vector<std::string> failures;
    while (next < todo.size() || !running.empty()) {
        while (next < todo.size() && running.size() < static_cast<std::size_t>(opt.jobs)) {
            const auto* p = todo[next++];
            std::vector<std::string> argv = {self, "run", opt.scenario, "--db", opt.db, "--quiet"};
            if (!opt.max_requests.empty())
                argv.insert(argv.end(), {"--max-requests", opt.max_requests});
            if (!opt.max_db_size.empty())
                argv.insert(argv.end(), {"--max-db-size", opt.max_db_size});
            for (const auto& o : p->overrides) argv.insert(argv.end(), {"--set", o});
            const auto log = logs / fmt::format("point-{}.log", p->index);
            running[analysis::SweepProcess::spawn(argv, log.string())] = p;
        }
        if (tty) draw_bar(done, points.size(), skipped, failed, running.size());
        pid_t pid = 0;
        const int rc =
            analysis::SweepProcess::wait_any(pid, [] { return SignalGuard::received() != 0; });
        if (rc == -2 || SignalGuard::received()) {
            // Each point's `a2iot run` marks its run interrupted on SIGTERM and exits.
            for (const auto& [child, point] : running) kill(child, SIGTERM);
            for (const auto& [child, point] : running) analysis::SweepProcess::wait(child);
            running.clear();
            break;
        }
        if (rc < 0) break;
        const auto it = running.find(pid);
        if (it == running.end()) continue;  // not one of ours
        const auto* p = it->second;
        running.erase(it);
        ++done;
        const std::string label = fmt::format("point {} [{}]", p->index, join(p->overrides, " "));
        if (rc != 0) {
            ++failed;
            failures.push_back(
                fmt::format("{}: exit {}\n{}", label, rc,
                            tail_of(logs / fmt::format("point-{}.log", p->index), 2000)));
        }
        if (tty)
            draw_bar(done, points.size(), skipped, failed, running.size());
        else if (!opt.quiet)
            fmt::print(stderr, "{}/{} {}: {}\n", done, points.size(), label,
                       rc == 0 ? "complete" : fmt::format("FAILED (exit {})", rc));
    }
    if (tty) fmt::print(stderr, "\n");
    std::error_code ec;
    fs::remove_all(logs, ec);
    for (const auto& f : failures) fmt::print(stderr, "a2iot sweep: {}\n", f);
    fmt::print(
        "sweep {}: {} point(s): {} skipped (already complete), {} ran, {} failed; results "
        "in {}\n",
        name, points.size(), skipped, todo.size(), failed, opt.db);
    if (SignalGuard::received()) {
        fmt::print(stderr,
                   "a2iot sweep: interrupted by {}; complete points are kept, run the "
                   "same command again to resume\n",
                   SignalGuard::name());
        return 128 + SignalGuard::received();
    }
    return failed > 0 ? 1 : 0;
}

}  // namespace

static const CommandRegistrar sweep_command_registrar(
    "sweep", "Run the cross product of a scenario's sweep: section, N processes at a time", 30,
    [](CLI::App& sub) -> std::function<int()> {
        auto opt = std::make_shared<SweepOptions>();
        sub.add_option("scenario", opt->scenario, "Scenario file with a sweep: section")
            ->required();
        sub.add_option("--db", opt->db, "Results database, shared by all points")
            ->capture_default_str();
        sub.add_option("--jobs,-j", opt->jobs, "Points run at the same time")
            ->capture_default_str();
        sub.add_option("--set", opt->overrides,
                       "Override a scenario key for every point (repeatable), as in run");
        sub.add_option("--emit-slurm", opt->emit_slurm,
                       "Write a Slurm array job (one task per point, per-task databases, a merge "
                       "step) into this folder instead of running");
        sub.add_option("--replications", opt->replications,
                       "Run every point with N seeds (seed, seed+1, ...); compare groups them")
            ->capture_default_str();
        sub.add_option("--max-requests", opt->max_requests, "As in run, for every point");
        sub.add_option("--max-db-size", opt->max_db_size, "As in run, for every point");
        sub.add_flag("--quiet", opt->quiet, "Only the final line");
        sub.footer(
            "Resumable: a point whose run is complete in --db (same scenario hash, i.e. "
            "file + overrides, policy and seed) is skipped; a point left running (killed) "
            "or failed is run again.\nExit code: 0 all points complete, 1 a point failed, "
            "2 invalid scenario or usage.");
        return [opt]() { return sweep_command(*opt); };
    });

}  // namespace a2iot::cli
