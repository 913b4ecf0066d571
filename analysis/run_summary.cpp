#include "analysis/run_summary.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "analysis/percentile.hpp"
#include "analysis/statement.hpp"
#include "analysis/text_table.hpp"

namespace a2iot::analysis {

namespace {

const std::string kPath = "results database";

std::string db_name(sqlite3* db) {
    const char* f = sqlite3_db_filename(db, "main");
    return f && *f ? f : kPath;
}

RunSummary summarize_one(sqlite3* db, const std::string& path, std::int64_t run_id) {
    RunSummary s;
    {
        Statement q(db,
                    "SELECT run_id, scenario, policy, seed, status, sim_time_s, wall_s FROM runs "
                    "WHERE run_id=?",
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
    }
    {
        // A deadline is a latency budget: hit when the request completed and latency <= budget.
        Statement q(db,
                    "SELECT count(*), "
                    "  sum(status='ok'), sum(status='deadline_missed'), sum(status='failed'), "
                    "  sum(status='dropped'), sum(deadline_s IS NOT NULL), "
                    "  sum(deadline_s IS NOT NULL AND completed_s IS NOT NULL AND "
                    "      coalesce(latency_s, completed_s - submitted_s) <= deadline_s), "
                    "  total(device_energy_j), avg(accuracy), count(device_energy_j) "
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
        if (s.requests > 0)
            s.ok_pct = 100.0 * static_cast<double>(s.ok) / static_cast<double>(s.requests);
        // Requests that used a component without a catalog power figure have NULL energy; the
        // mean is over the others, and is unknown when there are none.
        if (s.energy_known_requests > 0)
            s.device_energy_per_request_j =
                energy_j / static_cast<double>(s.energy_known_requests);
        if (s.with_deadline > 0)
            s.deadline_hit_pct =
                100.0 * static_cast<double>(hits) / static_cast<double>(s.with_deadline);
    }
    {
        Statement q(db,
                    "SELECT coalesce(latency_s, completed_s - submitted_s) FROM requests "
                    "WHERE run_id=? AND completed_s IS NOT NULL ORDER BY 1",
                    path);
        q.bind(1, run_id);
        std::vector<double> latencies;
        while (q.step()) latencies.push_back(q.get_double(0));
        if (!latencies.empty()) {
            s.p50_latency_s = nearest_rank_sorted(latencies, 50);
            s.p95_latency_s = nearest_rank_sorted(latencies, 95);
            s.p99_latency_s = nearest_rank_sorted(latencies, 99);
            double sum = 0;
            for (double v : latencies) sum += v;
            s.mean_latency_s = sum / static_cast<double>(latencies.size());
        }
    }
    {
        Statement q(db,
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

std::string opt_ms(const std::optional<double>& v) {
    return v ? fmt::format("{:.1f}", *v * 1e3) : "-";
}

}  // namespace

std::vector<RunSummary> summarize(sqlite3* db, const std::vector<std::int64_t>& run_ids) {
    const std::string path = db_name(db);
    std::vector<std::int64_t> ids = run_ids;
    if (ids.empty()) {
        Statement q(db, "SELECT run_id FROM runs ORDER BY run_id", path);
        while (q.step()) ids.push_back(q.get_int(0));
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::vector<RunSummary> out;
    out.reserve(ids.size());
    for (auto id : ids) out.push_back(summarize_one(db, path, id));
    return out;
}

std::string format_summary_table(const std::vector<RunSummary>& rows) {
    // Kept to what fits a terminal; `compare` and `report` show the rest (mean latency, seed).
    TextTable t({"run", "scenario", "policy", "status", "requests", "ok [%]", "deadline hit [%]",
                 "p50 [ms]", "p95 [ms]", "p99 [ms]", "energy/req [J]", "accuracy", "died",
                 "sim [s]", "wall [s]"});
    for (const auto& r : rows) {
        // A run that is still `running` was killed or is in progress: say so, never pass it off
        // as a finished result.
        const std::string status = r.status == "running" ? "running (incomplete)" : r.status;
        t.add_row({std::to_string(r.run_id), r.scenario, r.policy, status,
                   std::to_string(r.requests), fmt::format("{:.1f}", r.ok_pct),
                   r.with_deadline > 0 ? fmt::format("{:.1f}", r.deadline_hit_pct) : "-",
                   opt_ms(r.p50_latency_s), opt_ms(r.p95_latency_s), opt_ms(r.p99_latency_s),
                   r.energy_known_requests > 0 ? fmt::format("{:.4g}", r.device_energy_per_request_j)
                                               : "unknown",
                   r.mean_accuracy ? fmt::format("{:.3f}", *r.mean_accuracy) : "-",
                   std::to_string(r.devices_died), fmt::format("{:.1f}", r.sim_time_s),
                   fmt::format("{:.2f}", r.wall_s)});
    }
    return t.render();
}

}  // namespace a2iot::analysis
