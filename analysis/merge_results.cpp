#include "analysis/merge_results.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <stdexcept>

#include "results/recorder.hpp"
#include "results/results_db.hpp"
#include "results/schema.hpp"
#include "results/statement.hpp"

namespace a2iot::analysis {

namespace {

// A read-write connection that always closes, with the recorder's busy timeout so that a merge
// waits for concurrent `a2iot run` writers instead of failing with SQLITE_BUSY.
class Connection {
  public:
    explicit Connection(const std::string& path) : path_(path) {
        if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
            const std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
            sqlite3_close_v2(db_);
            throw std::runtime_error(path + ": cannot open: " + msg);
        }
        sqlite3_busy_timeout(db_, 10000);
    }
    ~Connection() { sqlite3_close_v2(db_); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    sqlite3* get() const { return db_; }
    const std::string& path() const { return path_; }

  private:
    sqlite3* db_ = nullptr;
    std::string path_;
};

std::vector<std::string> columns(sqlite3* db, const std::string& schema, std::string_view table,
                                 const std::string& path) {
    results::Statement st(db, "PRAGMA " + schema + ".table_info(" + std::string(table) + ")", path);
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.get_text(1));
    return out;
}

// Columns both databases have, so an older source (fewer extension columns) still merges.
std::vector<std::string> common_columns(sqlite3* db, std::string_view table,
                                        const std::string& path) {
    const auto src = columns(db, "src", table, path);
    std::vector<std::string> out;
    for (const auto& c : columns(db, "main", table, path))
        if (std::find(src.begin(), src.end(), c) != src.end()) out.push_back(c);
    return out;
}

std::string join(const std::vector<std::string>& v, const std::string& prefix = "") {
    std::string s;
    for (const auto& c : v) s += (s.empty() ? "" : ", ") + prefix + c;
    return s;
}

}  // namespace

MergeResult merge_results(const std::string& target_path, const std::string& source_path,
                          const std::vector<std::int64_t>& run_ids) {
    { results::ResultsDb check(source_path); }  // InputError (exit 2) when not a results database
    { results::Recorder create(target_path); }  // creates or migrates the target's schema
    Connection c(target_path);
    sqlite3* db = c.get();
    {
        results::Statement attach(db, "ATTACH DATABASE ? AS src", target_path);
        attach.bind(1, source_path);
        attach.run();
    }
    MergeResult result;
    try {
        results::exec_sql(db, "BEGIN IMMEDIATE", target_path);
        auto run_cols = common_columns(db, "runs", target_path);
        run_cols.erase(std::remove(run_cols.begin(), run_cols.end(), "run_id"), run_cols.end());
        results::Statement copy_run(db,
                                    "INSERT INTO main.runs(" + join(run_cols) + ") SELECT " +
                                        join(run_cols) + " FROM src.runs WHERE run_id = ?",
                                    target_path);
        std::vector<results::Statement> copy_rows;
        for (const auto& table : results::results_tables()) {
            if (table == "runs") continue;
            auto cols = common_columns(db, table, target_path);
            cols.erase(std::remove(cols.begin(), cols.end(), "run_id"), cols.end());
            copy_rows.emplace_back(db,
                                   "INSERT INTO main." + std::string(table) + "(run_id, " +
                                       join(cols) + ") SELECT ?, " + join(cols) + " FROM src." +
                                       std::string(table) + " WHERE run_id = ?",
                                   target_path);
        }
        results::Statement present(
            db,
            "SELECT count(*) FROM main.runs m JOIN src.runs s ON s.run_id = ? "
            "WHERE m.scenario_hash IS s.scenario_hash AND m.policy IS s.policy AND "
            "m.seed IS s.seed AND m.status IS s.status AND m.started_at IS "
            "s.started_at AND m.finished_at IS s.finished_at",
            target_path);
        results::Statement list(db, "SELECT run_id FROM src.runs ORDER BY run_id", target_path);
        std::vector<std::int64_t> ids;
        while (list.step()) ids.push_back(list.get_int(0));
        for (const auto id : ids) {
            if (!run_ids.empty() && std::find(run_ids.begin(), run_ids.end(), id) == run_ids.end())
                continue;
            present.bind(1, id);
            present.step();
            const bool dup = present.get_int(0) > 0;
            present.reset();
            if (dup) {
                ++result.skipped;
                continue;
            }
            copy_run.bind(1, id);
            copy_run.run();
            const std::int64_t new_id = sqlite3_last_insert_rowid(db);
            for (auto& st : copy_rows) {
                st.bind(1, new_id);
                st.bind(2, id);
                st.run();
            }
            result.copied.emplace_back(id, new_id);
        }
        for (const auto id : run_ids)
            if (std::find(ids.begin(), ids.end(), id) == ids.end())
                throw std::runtime_error(source_path + ": no run " + std::to_string(id));
        results::exec_sql(db, "COMMIT", target_path);
    } catch (...) {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_exec(db, "DETACH DATABASE src", nullptr, nullptr, nullptr);
        throw;
    }
    results::exec_sql(db, "DETACH DATABASE src", target_path);
    return result;
}

void delete_runs(const std::string& db_path, const std::vector<std::int64_t>& run_ids) {
    Connection c(db_path);
    results::exec_sql(c.get(), "BEGIN IMMEDIATE", db_path);
    try {
        for (const auto& table : results::results_tables()) {
            results::Statement del(
                c.get(), "DELETE FROM " + std::string(table) + " WHERE run_id = ?", db_path);
            for (const auto id : run_ids) {
                del.bind(1, id);
                del.run();
            }
        }
        results::exec_sql(c.get(), "COMMIT", db_path);
    } catch (...) {
        sqlite3_exec(c.get(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

void compact_database(const std::string& db_path) {
    Connection c(db_path);
    results::exec_sql(c.get(), "PRAGMA journal_mode=DELETE; VACUUM;", db_path);
}

}  // namespace a2iot::analysis
