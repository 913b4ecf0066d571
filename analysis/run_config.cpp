#include "analysis/run_config.hpp"

#include <sqlite3.h>

#include <algorithm>

#include "common/input_error.hpp"
#include "results/statement.hpp"

namespace a2iot::analysis {

namespace {

std::string db_name(sqlite3* db) {
    const char* f = sqlite3_db_filename(db, "main");
    return f && *f ? f : "results database";
}

RunConfig read_config(const results::Statement& q) {
    RunConfig r;
    r.run_id = q.get_int(0);
    r.scenario = q.get_text(1);
    r.scenario_hash = q.get_text(2);
    r.policy = q.get_text(3);
    r.overrides = q.get_text(4);
    r.seed = q.is_null(5) ? 0 : q.get_int(5);
    r.status = q.get_text(6);
    return r;
}

constexpr const char* kSelect =
    "SELECT run_id, coalesce(scenario, ''), coalesce(scenario_hash, ''), coalesce(policy, ''), "
    "coalesce(overrides, ''), seed, coalesce(status, '') FROM runs";

}  // namespace

std::vector<RunConfig> run_configs(sqlite3* db, const std::vector<std::int64_t>& run_ids) {
    const std::string path = db_name(db);
    std::vector<RunConfig> out;
    if (run_ids.empty()) {
        results::Statement q(db, std::string(kSelect) + " ORDER BY run_id", path);
        while (q.step()) out.push_back(read_config(q));
        return out;
    }
    results::Statement q(db, std::string(kSelect) + " WHERE run_id = ?", path);
    for (auto id : run_ids) {
        q.reset();
        q.bind(1, id);
        if (!q.step())
            throw common::InputError(path, 0, "--run", std::to_string(id),
                                     "the id of a run in the database (see `a2iot export DB "
                                     "--table runs`)");
        out.push_back(read_config(q));
    }
    std::sort(out.begin(), out.end(),
              [](const RunConfig& a, const RunConfig& b) { return a.run_id < b.run_id; });
    out.erase(
        std::unique(out.begin(), out.end(),
                    [](const RunConfig& a, const RunConfig& b) { return a.run_id == b.run_id; }),
        out.end());
    return out;
}

std::vector<std::int64_t> latest_complete_runs(sqlite3* db) {
    results::Statement q(db,
                         "SELECT max(run_id) FROM runs WHERE status='complete' "
                         "GROUP BY scenario_hash, policy, coalesce(overrides, ''), seed ORDER BY 1",
                         db_name(db));
    std::vector<std::int64_t> ids;
    while (q.step()) ids.push_back(q.get_int(0));
    return ids;
}

std::int64_t max_run_id(sqlite3* db) {
    results::Statement q(db, "SELECT coalesce(max(run_id), 0) FROM runs", db_name(db));
    q.step();
    return q.get_int(0);
}

}  // namespace a2iot::analysis
