#include "results/recorder.hpp"

#include <filesystem>

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <stdexcept>
#include <string>
#include <thread>

#include "common/input_error.hpp"
#include "results/schema.hpp"
#include "results/statement.hpp"

namespace a2iot::results {

namespace {

// Requests and decisions, one row each per simulated request, are inserted kRowsPerInsert rows
// per INSERT statement (a multi-row VALUES list): each statement execution has a fixed cost
// (VDBE start, statement journal open and close in sqlite3VdbeHalt) that one row per statement
// pays per row. Same rows, same order (VALUES rows are inserted in order), same transactions.
constexpr std::size_t kRowsPerInsert = 32;

std::string multi_row_insert(const std::string& head, int columns, std::size_t rows) {
    std::string one = "(";
    for (int c = 0; c < columns; ++c) one += c ? ",?" : "?";
    one += ")";
    std::string sql = head + " VALUES ";
    for (std::size_t r = 0; r < rows; ++r) sql += (r ? "," : "") + one;
    return sql;
}

std::string utc_now_iso8601() {
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace

struct Recorder::Buffers {
    std::vector<RequestRow> requests;
    std::vector<DecisionRow> decisions;
    std::vector<DeviceSampleRow> samples;
    std::vector<EventRow> events;
    Statement insert_request, insert_decision, insert_sample, insert_event;
    Statement insert_requests, insert_decisions;  // kRowsPerInsert rows each

    std::size_t size() const {
        return requests.size() + decisions.size() + samples.size() + events.size();
    }
    void clear() {
        requests.clear();
        decisions.clear();
        samples.clear();
        events.clear();
    }
};

Recorder::Recorder(const std::string& path, std::size_t batch_rows)
    : path_(path),
      batch_rows_(batch_rows == 0 ? 1 : batch_rows),
      buf_(std::make_unique<Buffers>()) {
    const int rc =
        sqlite3_open_v2(path.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = sqlite_error(db_, path_, "cannot open results database");
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw std::runtime_error(msg);
    }
    try {
        // Sweeps write from several processes at once: wait for the lock rather than fail.
        sqlite3_busy_timeout(db_, 10000);
        // WAL lets readers (report, compare) work while a run writes, and a killed writer
        // leaves only an uncommitted tail in the log. NORMAL is durable against process
        // crashes, which is what matters here, and much faster than FULL.
        set_wal_mode();
        exec("PRAGMA synchronous=NORMAL");
        exec("PRAGMA foreign_keys=OFF");

        // Migrate under a write lock so that concurrent openers apply each step once.
        exec("BEGIN IMMEDIATE");
        try {
            exec("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)");
            std::int64_t version = 0;
            {
                Statement q(db_, "SELECT max(version) FROM schema_version", path_);
                if (q.step() && !q.is_null(0)) version = q.get_int(0);
            }
            const auto& migrations = schema_migrations();
            if (version > static_cast<std::int64_t>(migrations.size()))
                throw std::runtime_error(path_ + ": results schema version " +
                                         std::to_string(version) +
                                         " is newer than this a2iot supports (" +
                                         std::to_string(migrations.size()) + ")");
            for (auto v = version; v < static_cast<std::int64_t>(migrations.size()); ++v) {
                exec_sql(db_, std::string(migrations[static_cast<std::size_t>(v)]).c_str(), path_);
                Statement ins(db_, "INSERT INTO schema_version(version) VALUES (?)", path_);
                ins.bind(1, v + 1);
                ins.run();
            }
            exec("COMMIT");
        } catch (...) {
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }

        const std::string requests_head =
            "INSERT INTO requests(run_id, request_id, device, model, variant, submitted_s, "
            "completed_s, latency_s, deadline_s, status, split, target, bytes_sent, "
            "device_energy_j, accuracy, reason)";
        const std::string decisions_head =
            "INSERT INTO decisions(run_id, t_s, device, policy, variant, split, target, "
            "est_bandwidth_bps, battery_frac, reason)";
        buf_->insert_request = Statement(db_, multi_row_insert(requests_head, 16, 1), path_);
        buf_->insert_requests =
            Statement(db_, multi_row_insert(requests_head, 16, kRowsPerInsert), path_);
        buf_->insert_decision = Statement(db_, multi_row_insert(decisions_head, 10, 1), path_);
        buf_->insert_decisions =
            Statement(db_, multi_row_insert(decisions_head, 10, kRowsPerInsert), path_);
        buf_->insert_sample = Statement(db_,
                                        "INSERT INTO device_samples(run_id, t_s, device, "
                                        "battery_frac, energy_j, power_w, dvfs_state, state) "
                                        "VALUES (?,?,?,?,?,?,?,?)",
                                        path_);
        buf_->insert_event = Statement(
            db_, "INSERT INTO events(run_id, t_s, kind, subject, detail) VALUES (?,?,?,?,?)",
            path_);
    } catch (...) {
        buf_.reset();
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw;
    }
}

Recorder::~Recorder() {
    // Deliberately no flush and no status change: a Recorder destroyed without finish_run is a
    // run that did not finish (exception, crash), and it must stay `running`.
    buf_.reset();  // finalises the prepared statements before closing
    sqlite3_close_v2(db_);
}

std::size_t Recorder::pending_rows() const {
    return buf_ ? buf_->size() : 0;
}

void Recorder::exec(const char* sql) {
    exec_sql(db_, sql, path_);
}

void Recorder::set_wal_mode() {
    // Switching a new file to WAL needs an exclusive lock, and SQLite answers SQLITE_BUSY at
    // once, without the busy handler, when sweep processes open the same new file together.
    // So retry for as long as busy_timeout would have waited.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (;;) {
        const int rc = sqlite3_exec(db_, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
        if (rc == SQLITE_OK) return;
        if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
            throw std::runtime_error(sqlite_error(db_, path_, "cannot set journal_mode=WAL"));
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error(
                sqlite_error(db_, path_, "cannot set journal_mode=WAL for 10 s"));
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

std::int64_t Recorder::begin_run(const RunInfo& info) {
    if (open_)
        throw std::logic_error("Recorder::begin_run: run " + std::to_string(run_id_) +
                               " is still open; call finish_run first");
    Statement ins(db_,
                  "INSERT INTO runs(scenario, scenario_hash, policy, seed, runtime, "
                  "network_model, status, started_at, version, scenario_file, overrides, "
                  "duration_s) VALUES (?,?,?,?,?,?,'running',?,?,?,?,?)",
                  path_);
    ins.bind(1, info.scenario);
    ins.bind(2, info.scenario_hash);
    ins.bind(3, info.policy);
    ins.bind(4, info.seed);
    ins.bind(5, info.runtime);
    ins.bind(6, info.network_model);
    ins.bind(7, utc_now_iso8601());
    ins.bind(8, info.version);
    ins.bind(9, info.scenario_file);
    ins.bind(10, info.overrides);
    ins.bind(11, info.duration_s);
    ins.run();
    run_id_ = sqlite3_last_insert_rowid(db_);
    open_ = true;
    buf_->clear();
    return run_id_;
}

void Recorder::require_open(const char* what) const {
    if (!open_)
        throw std::logic_error(std::string("Recorder::") + what + ": no run is open (" + path_ +
                               ")");
}

void Recorder::add(const RequestRow& row) {
    require_open("add");
    buf_->requests.push_back(row);
    if (buf_->size() >= batch_rows_) flush();
}

void Recorder::add(const DecisionRow& row) {
    require_open("add");
    buf_->decisions.push_back(row);
    if (buf_->size() >= batch_rows_) flush();
}

void Recorder::add(const DeviceSampleRow& row) {
    require_open("add");
    buf_->samples.push_back(row);
    if (buf_->size() >= batch_rows_) flush();
}

void Recorder::add(const EventRow& row) {
    require_open("add");
    buf_->events.push_back(row);
    if (buf_->size() >= batch_rows_) flush();
}

void Recorder::flush() {
    if (!open_ || buf_->size() == 0) return;
    exec("BEGIN IMMEDIATE");
    try {
        // Binds row r at parameter offset o (0 for the first row of a statement).
        auto bind_request = [&](Statement& s, int o, const RequestRow& r) {
            s.bind(o + 1, run_id_);
            s.bind(o + 2, r.request_id);
            s.bind_static(o + 3, r.device);
            s.bind_static(o + 4, r.model);
            s.bind_static(o + 5, r.variant);
            s.bind(o + 6, r.submitted_s);
            s.bind(o + 7, r.completed_s);
            s.bind(o + 8, r.latency_s);
            s.bind(o + 9, r.deadline_s);
            s.bind_static(o + 10, r.status);
            s.bind_static(o + 11, r.split);
            s.bind_static(o + 12, r.target);
            s.bind(o + 13, r.bytes_sent);
            s.bind(o + 14, r.device_energy_j);
            s.bind(o + 15, r.accuracy);
            s.bind_static(o + 16, r.reason);
        };
        auto bind_decision = [&](Statement& d, int o, const DecisionRow& r) {
            d.bind(o + 1, run_id_);
            d.bind(o + 2, r.t_s);
            d.bind_static(o + 3, r.device);
            d.bind_static(o + 4, r.policy);
            d.bind_static(o + 5, r.variant);
            d.bind_static(o + 6, r.split);
            d.bind_static(o + 7, r.target);
            d.bind(o + 8, r.est_bandwidth_bps);
            d.bind(o + 9, r.battery_frac);
            d.bind_static(o + 10, r.reason);
        };
        auto insert_all = [](const auto& rows, Statement& many, Statement& one, int columns,
                             const auto& bind_row) {
            std::size_t i = 0;
            for (; i + kRowsPerInsert <= rows.size(); i += kRowsPerInsert) {
                for (std::size_t k = 0; k < kRowsPerInsert; ++k)
                    bind_row(many, static_cast<int>(k) * columns, rows[i + k]);
                many.run();
            }
            for (; i < rows.size(); ++i) {
                bind_row(one, 0, rows[i]);
                one.run();
            }
        };
        insert_all(buf_->requests, buf_->insert_requests, buf_->insert_request, 16, bind_request);
        insert_all(buf_->decisions, buf_->insert_decisions, buf_->insert_decision, 10,
                   bind_decision);
        auto& m = buf_->insert_sample;
        for (const auto& r : buf_->samples) {
            m.bind(1, run_id_);
            m.bind(2, r.t_s);
            m.bind_static(3, r.device);
            m.bind(4, r.battery_frac);
            m.bind(5, r.energy_j);
            m.bind(6, r.power_w);
            m.bind(7, r.dvfs_state);
            m.bind_static(8, r.state);
            m.run();
        }
        auto& e = buf_->insert_event;
        for (const auto& r : buf_->events) {
            e.bind(1, run_id_);
            e.bind(2, r.t_s);
            e.bind_static(3, r.kind);
            e.bind_static(4, r.subject);
            e.bind_static(5, r.detail);
            e.run();
        }
        exec("COMMIT");
        // The static bindings point into the buffers cleared below.
        buf_->insert_request.reset();
        buf_->insert_requests.reset();
        buf_->insert_decision.reset();
        buf_->insert_decisions.reset();
        buf_->insert_sample.reset();
        buf_->insert_event.reset();
    } catch (const std::runtime_error&) {
        const int code = sqlite3_extended_errcode(db_);
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        // The batch is rolled back whole, so the file holds only complete batches. Say which
        // of the two "full"s it was: the cap the user can raise, or the disk.
        if (max_bytes_ > 0 && (code & 0xff) == SQLITE_FULL) {
            Statement pc(db_, "PRAGMA page_count", path_);
            const auto pages = static_cast<std::uint64_t>(pc.step() ? pc.get_int(0) : 0);
            if (pages + 16 >= max_pages_)
                throw std::runtime_error(
                    path_ + ": the results reached --max-db-size (" +
                    std::to_string(max_bytes_ >> 20) +
                    " MiB); the rows written so far are kept. Raise --max-db-size, sample less "
                    "often (record.sample_interval) or shorten the run");
        }
        throw;
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
    buf_->clear();
}

void Recorder::finish_run(const std::string& status, double sim_time_s, double wall_s,
                          const std::string& error) {
    require_open("finish_run");
    if (status != "complete" && status != "failed" && status != "interrupted")
        throw std::invalid_argument(
            "Recorder::finish_run: status must be complete, failed or interrupted, got '" + status +
            "'");
    flush();
    Statement upd(db_,
                  "UPDATE runs SET status=?, finished_at=?, sim_time_s=?, wall_s=?, error=? "
                  "WHERE run_id=?",
                  path_);
    upd.bind(1, status);
    upd.bind(2, utc_now_iso8601());
    upd.bind(3, sim_time_s);
    upd.bind(4, wall_s);
    if (error.empty())
        upd.bind_null(5);
    else
        upd.bind(5, error);
    upd.bind(6, run_id_);
    upd.run();
    open_ = false;
}

void Recorder::set_max_bytes(std::uint64_t max_bytes) {
    max_bytes_ = max_bytes;
    Statement ps(db_, "PRAGMA page_size", path_);
    const auto page = static_cast<std::uint64_t>(ps.step() ? ps.get_int(0) : 4096);
    Statement pc(db_, "PRAGMA page_count", path_);
    const auto now = static_cast<std::uint64_t>(pc.step() ? pc.get_int(0) : 0);
    // The cap is on what this run adds: a study file that already holds many runs keeps
    // working. SQLite's default maximum (4294967294 pages) stands for "no cap".
    max_pages_ = max_bytes == 0
                     ? 4294967294ULL
                     : std::min<std::uint64_t>(now + std::max<std::uint64_t>(max_bytes / page, 16),
                                               4294967294ULL);
    exec(("PRAGMA max_page_count=" + std::to_string(max_pages_)).c_str());
}

void Recorder::mark_unfinished(const std::string& path, std::int64_t run_id,
                               const std::string& status, const std::string& error) {
    Recorder rec(path);
    Statement upd(rec.db_,
                  "UPDATE runs SET status=?, finished_at=?, error=? WHERE run_id=? AND "
                  "status='running'",
                  path);
    upd.bind(1, status);
    upd.bind(2, utc_now_iso8601());
    upd.bind(3, error);
    upd.bind(4, run_id);
    upd.run();
}

void Recorder::check_path(const std::string& path, const std::string& option) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    auto refuse = [&](const std::string& what) {
        throw common::InputError("", 0, option, path, "a results database file (" + what + ")");
    };
    if (fs::exists(st)) {
        if (fs::is_directory(st)) refuse("this is a folder");
        if (fs::is_fifo(st)) refuse("this is a FIFO");
        if (fs::is_character_file(st) || fs::is_block_file(st)) refuse("this is a device");
        if (fs::is_socket(st)) refuse("this is a socket");
        if (!fs::is_regular_file(st)) refuse("this is not a regular file");
        return;
    }
    const fs::path folder = fs::absolute(path, ec).parent_path();
    if (!fs::is_directory(folder, ec)) refuse("the folder " + folder.string() + " does not exist");
}

}  // namespace a2iot::results
