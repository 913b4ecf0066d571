#include "analysis/run_summary.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "analysis/percentile.hpp"
#include "analysis/text_table.hpp"
#include "results/statement.hpp"

namespace a2iot::analysis {

namespace {

const std::string kPath = "results database";

std::string db_name(sqlite3* db) {
    const char* f = sqlite3_db_filename(db, "main");
    return f && *f ? f : kPath;
}

// Schema v2 added runs.duration_s and runs.error; v1 files (and files written by older builds)
// lack them, and selecting a missing column is an SQL error, so look before reading.
bool runs_has_v2_columns(sqlite3* db, const std::string& path) {
    results::Statement q(db, "SELECT name FROM pragma_table_info('runs')", path);
    bool duration = false, error = false;
    while (q.step()) {
        const auto name = q.get_text(0);
        duration = duration || name == "duration_s";
        error = error || name == "error";
    }
    return duration && error;
}

RunSummary summarize_one(sqlite3* db, const std::string& path, std::int64_t run_id, bool v2) {
    RunSummary s;
    {
        results::Statement q(
            db,
            v2 ? "SELECT run_id, scenario, policy, seed, status, sim_time_s, wall_s, "
                 "duration_s, error FROM runs WHERE run_id=?"
               : "SELECT run_id, scenario, policy, seed, status, sim_time_s, wall_s "
                 "FROM runs WHERE run_id=?",
            path);
        q.bind(1, run_id);
        if (!q.step())
            throw std::runtime_error(path + ": no run with id " + std::to_string(run_id));
        s.run_id = q.get_int(0);
        s.scenario = q.get_text(1);
        s.policy = q.get_text(2);
        s.seed = q.get_int(3);
        s.status = q.get_text(4);
        s.sim_time_s = q.is_null(5) ? 0 : q.get_double(5);
        s.wall_s = q.is_null(6) ? 0 : q.get_double(6);
        if (v2) {
            s.duration_s = q.get_opt_double(7);
            s.status_detail = q.is_null(8) ? "" : q.get_text(8);
        }
    }
    {
        // A deadline is a latency budget: hit when the request completed and latency <= budget.
        results::Statement q(
            db,
            "SELECT count(*), "
            "  sum(status='ok'), sum(status='deadline_missed'), sum(status='failed'), "
            "  sum(status='dropped'), sum(deadline_s IS NOT NULL), "
            "  sum(deadline_s IS NOT NULL AND completed_s IS NOT NULL AND "
            "      coalesce(latency_s, completed_s - submitted_s) <= deadline_s), "
            "  total(device_energy_j), avg(accuracy), count(device_energy_j), "
            "  sum(status='timed_out'), count(completed_s) "
            "FROM requests WHERE run_id=?",
            path);
        q.bind(1, run_id);
        q.step();
        s.requests = q.get_int(0);
        s.ok = q.get_int(1);
        s.deadline_missed = q.get_int(2);
        s.failed = q.get_int(3);
        s.dropped = q.get_int(4);
        s.with_deadline = q.get_int(5);
        const auto hits = q.get_int(6);
        const double energy_j = q.get_double(7);
        s.mean_accuracy = q.get_opt_double(8);
        s.energy_known_requests = q.get_int(9);
        s.timed_out = q.get_int(10);
        s.completed = q.get_int(11);
        const auto n = static_cast<double>(s.requests);
        if (s.requests > 0) {
            s.ok_pct = 100.0 * static_cast<double>(s.ok) / n;
            s.served_pct = 100.0 * static_cast<double>(s.completed) / n;
        }
        // NULL energy means the catalog lacks a power figure the request used. Averaging over
        // the known rest would report, say, 10 cheap requests out of 1,210 as the run's cost.
        if (s.requests > 0 && s.energy_known_requests == s.requests)
            s.device_energy_per_request_j = energy_j / n;
        if (s.with_deadline > 0)
            s.deadline_hit_pct =
                100.0 * static_cast<double>(hits) / static_cast<double>(s.with_deadline);
    }
    if (s.duration_s && *s.duration_s > 0 && std::isfinite(*s.duration_s)) {
        s.offered_per_s = static_cast<double>(s.requests) / *s.duration_s;
        s.served_per_s = static_cast<double>(s.completed) / *s.duration_s;
        // A relative tolerance, so a clock that stops at 300.0000000001 for a 300 s window is
        // not reported as a drain.
        s.drained = s.sim_time_s > *s.duration_s * (1 + 1e-9);
    }
    {
        results::Statement q(db,
                             "SELECT coalesce(latency_s, completed_s - submitted_s) FROM requests "
                             "WHERE run_id=? AND completed_s IS NOT NULL ORDER BY 1",
                             path);
        q.bind(1, run_id);
        std::vector<double> latencies;
        latencies.reserve(static_cast<std::size_t>(s.completed));
        while (q.step()) latencies.push_back(q.is_null(0) ? 0.0 : q.get_double(0));
        if (!latencies.empty()) {
            double sum = 0;
            for (double v : latencies) sum += v;
            s.mean_latency_s = sum / static_cast<double>(latencies.size());
        }
        // Unfinished requests (failed, dropped, timed out) rank after every completed one: a run
        // that loses 44% of its requests must not show the p50 of the lucky 56%.
        std::sort(latencies.begin(), latencies.end());
        latencies.resize(static_cast<std::size_t>(std::max(s.requests, s.completed)),
                         std::numeric_limits<double>::infinity());
        if (!latencies.empty()) {
            s.p50_latency_s = nearest_rank_sorted(latencies, 50);
            s.p95_latency_s = nearest_rank_sorted(latencies, 95);
            s.p99_latency_s = nearest_rank_sorted(latencies, 99);
        }
    }
    {
        results::Statement q(
            db,
            "SELECT count(*) FROM ("
            "  SELECT device FROM device_samples WHERE run_id=?1 AND state='dead' "
            "  UNION SELECT subject FROM events WHERE run_id=?1 AND kind='battery_dead')",
            path);
        q.bind(1, run_id);
        q.step();
        s.devices_died = q.get_int(0);
    }
    return s;
}

}  // namespace

std::vector<RunSummary> summarize(sqlite3* db, const std::vector<std::int64_t>& run_ids) {
    const std::string path = db_name(db);
    std::vector<std::int64_t> ids = run_ids;
    if (ids.empty()) {
        results::Statement q(db, "SELECT run_id FROM runs ORDER BY run_id", path);
        while (q.step()) ids.push_back(q.get_int(0));
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    const bool v2 = runs_has_v2_columns(db, path);
    std::vector<RunSummary> out;
    out.reserve(ids.size());
    for (auto id : ids) out.push_back(summarize_one(db, path, id, v2));
    return out;
}

std::string format_latency_ms(const std::optional<double>& latency_s) {
    if (!latency_s) return "-";
    if (std::isinf(*latency_s) && *latency_s > 0) return "unfinished";
    if (!std::isfinite(*latency_s)) return "-";
    return fmt::format("{:.1f}", *latency_s * 1e3);
}

std::string format_energy_j(const std::optional<double>& energy_j) {
    if (!energy_j || !std::isfinite(*energy_j)) return "unknown";
    return fmt::format("{:.4g}", *energy_j);
}

std::string format_sim_time(const RunSummary& s) {
    if (s.drained && s.duration_s) {
        // A drain of 18 ms must not read "+0.0".
        const double drain_s = s.sim_time_s - *s.duration_s;
        return drain_s < 1 ? fmt::format("{:.1f} (drain +{:.2g})", s.sim_time_s, drain_s)
                           : fmt::format("{:.1f} (drain +{:.1f})", s.sim_time_s, drain_s);
    }
    return fmt::format("{:.1f}", s.sim_time_s);
}

std::string format_summary_table(const std::vector<RunSummary>& rows) {
    // Two tables of at most ~120 columns rather than one of 200: load and losses first, then the
    // latency/energy/accuracy of the same runs. `compare` and `report` show the rest.
    bool one_scenario = !rows.empty();
    for (const auto& r : rows) one_scenario = one_scenario && r.scenario == rows[0].scenario;
    std::string out;
    if (one_scenario) out += "scenario " + rows[0].scenario + "\n";

    std::vector<std::string> head = {"run"};
    if (!one_scenario) head.push_back("scenario");
    for (const char* h : {"policy", "status", "requests", "offered/s", "served [%]", "timed out",
                          "dropped", "failed", "sim [s]"})
        head.emplace_back(h);
    TextTable load(head);
    TextTable outcome({"run", "policy", "ok [%]", "hit [%]", "p50 [ms]", "p95 [ms]", "p99 [ms]",
                       "energy/req [J]", "accuracy", "died", "wall [s]"});
    std::vector<std::string> notes;
    bool unfinished = false, drained = false;
    for (const auto& r : rows) {
        // A run that is still `running` was killed or is in progress: say so, never pass it off
        // as a finished result.
        const std::string status = r.status == "running" ? "running (incomplete)" : r.status;
        std::vector<std::string> cells = {std::to_string(r.run_id)};
        if (!one_scenario) cells.push_back(r.scenario);
        for (auto& c : std::vector<std::string>{
                 r.policy, status, std::to_string(r.requests),
                 r.offered_per_s ? fmt::format("{:.2f}", *r.offered_per_s) : "-",
                 r.requests > 0 ? fmt::format("{:.1f}", r.served_pct) : "-",
                 std::to_string(r.timed_out), std::to_string(r.dropped), std::to_string(r.failed),
                 format_sim_time(r)})
            cells.push_back(std::move(c));
        load.add_row(std::move(cells));
        outcome.add_row({std::to_string(r.run_id), r.policy,
                         r.requests > 0 ? fmt::format("{:.1f}", r.ok_pct) : "-",
                         r.with_deadline > 0 ? fmt::format("{:.1f}", r.deadline_hit_pct) : "-",
                         format_latency_ms(r.p50_latency_s), format_latency_ms(r.p95_latency_s),
                         format_latency_ms(r.p99_latency_s),
                         r.requests > 0 ? format_energy_j(r.device_energy_per_request_j) : "-",
                         r.mean_accuracy ? fmt::format("{:.3f}", *r.mean_accuracy) : "-",
                         std::to_string(r.devices_died), fmt::format("{:.2f}", r.wall_s)});
        for (const auto& p : {r.p50_latency_s, r.p95_latency_s, r.p99_latency_s})
            unfinished = unfinished || (p && std::isinf(*p));
        drained = drained || r.drained;
        if (r.requests > 0 && !r.device_energy_per_request_j)
            notes.push_back(fmt::format(
                "run {}: energy unknown: only {} of {} requests have a device energy (a power "
                "figure is missing)",
                r.run_id, r.energy_known_requests, r.requests));
        if (!r.status_detail.empty())
            notes.push_back(fmt::format("run {} {}: {}", r.run_id, r.status, r.status_detail));
    }
    if (unfinished)
        notes.insert(notes.begin(),
                     "unfinished: the percentile's rank falls on a request that never completed "
                     "(failed, dropped, timed out)");
    if (drained)
        notes.insert(notes.begin(),
                     "drain +N: arrivals stop at the scenario's duration; the run went on N s to "
                     "finish the requests in flight");
    if (std::any_of(rows.begin(), rows.end(), [](const RunSummary& r) { return r.with_deadline; }))
        notes.insert(notes.begin(),
                     "hit: requests completed within their deadline / requests "
                     "with a deadline");
    out += load.render() + "\n" + outcome.render();
    if (!notes.empty()) {
        out += "\n";
        for (const auto& n : notes) out += "  " + n + "\n";
    }
    return out;
}

}  // namespace a2iot::analysis
