#include "analysis/recorder.hpp"

#include <sqlite3.h>

#include <chrono>
#include <ctime>
#include <stdexcept>
#include <string>
#include <thread>

#include "analysis/schema.hpp"
#include "analysis/statement.hpp"

namespace a2iot::analysis {

namespace {

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

        buf_->insert_request = Statement(db_,
                                         "INSERT INTO requests(run_id, request_id, device, "
                                         "model, variant, submitted_s, completed_s, latency_s, "
                                         "deadline_s, status, split, target, bytes_sent, "
                                         "device_energy_j, accuracy, reason) VALUES "
                                         "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                                         path_);
        buf_->insert_decision = Statement(db_,
                                          "INSERT INTO decisions(run_id, t_s, device, policy, "
                                          "variant, split, target, est_bandwidth_bps, "
                                          "battery_frac, reason) VALUES (?,?,?,?,?,?,?,?,?,?)",
                                          path_);
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
                  "network_model, status, started_at, version, scenario_file, overrides) "
                  "VALUES (?,?,?,?,?,?,'running',?,?,?,?)",
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
        auto& s = buf_->insert_request;
        for (const auto& r : buf_->requests) {
            s.bind(1, run_id_);
            s.bind(2, r.request_id);
            s.bind_static(3, r.device);
            s.bind_static(4, r.model);
            s.bind_static(5, r.variant);
            s.bind(6, r.submitted_s);
            s.bind(7, r.completed_s);
            s.bind(8, r.latency_s);
            s.bind(9, r.deadline_s);
            s.bind_static(10, r.status);
            s.bind_static(11, r.split);
            s.bind_static(12, r.target);
            s.bind(13, r.bytes_sent);
            s.bind(14, r.device_energy_j);
            s.bind(15, r.accuracy);
            s.bind_static(16, r.reason);
            s.run();
        }
        auto& d = buf_->insert_decision;
        for (const auto& r : buf_->decisions) {
            d.bind(1, run_id_);
            d.bind(2, r.t_s);
            d.bind_static(3, r.device);
            d.bind_static(4, r.policy);
            d.bind_static(5, r.variant);
            d.bind_static(6, r.split);
            d.bind_static(7, r.target);
            d.bind(8, r.est_bandwidth_bps);
            d.bind(9, r.battery_frac);
            d.bind_static(10, r.reason);
            d.run();
        }
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
        buf_->insert_decision.reset();
        buf_->insert_sample.reset();
        buf_->insert_event.reset();
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
    buf_->clear();
}

void Recorder::finish_run(const std::string& status, double sim_time_s, double wall_s) {
    require_open("finish_run");
    if (status != "complete" && status != "failed")
        throw std::invalid_argument(
            "Recorder::finish_run: status must be complete or failed, got '" + status + "'");
    flush();
    Statement upd(db_,
                  "UPDATE runs SET status=?, finished_at=?, sim_time_s=?, wall_s=? WHERE run_id=?",
                  path_);
    upd.bind(1, status);
    upd.bind(2, utc_now_iso8601());
    upd.bind(3, sim_time_s);
    upd.bind(4, wall_s);
    upd.bind(5, run_id_);
    upd.run();
    open_ = false;
}

}  // namespace a2iot::analysis
