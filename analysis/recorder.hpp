#pragma once
// Writes runs to SQLite (schema in docs/results.md). WAL mode; rows are buffered and written in
// batched transactions. A run is inserted as `running` at begin_run and only marked `complete`
// by finish_run, so a run killed mid-way stays `running` and earlier runs are untouched.
// One Recorder belongs to one thread at a time (the connection is opened without SQLite mutexes).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "analysis/rows.hpp"

struct sqlite3;

namespace a2iot::analysis {

class Recorder {
  public:
    static constexpr int kSchemaVersion = 2;

    // Opens (creating if needed) the database and migrates the schema. Throws std::runtime_error
    // with the path and SQLite's message when the file cannot be opened or is not a database.
    explicit Recorder(const std::string& path, std::size_t batch_rows = 5000);
    ~Recorder();
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    std::int64_t begin_run(const RunInfo& info);
    void add(const RequestRow& row);
    void add(const DecisionRow& row);
    void add(const DeviceSampleRow& row);
    void add(const EventRow& row);
    void flush();  // writes buffered rows of the current run in one transaction
    // status: "complete" or "failed". Flushes first.
    void finish_run(const std::string& status, double sim_time_s, double wall_s);

    std::int64_t run_id() const { return run_id_; }
    sqlite3* handle() const { return db_; }
    // Additive: rows buffered for the current run and not yet written.
    std::size_t pending_rows() const;
    const std::string& path() const { return path_; }

  private:
    struct Buffers;
    void exec(const char* sql);
    void require_open(const char* what) const;
    void set_wal_mode();
    sqlite3* db_ = nullptr;
    std::string path_;
    std::size_t batch_rows_;
    std::int64_t run_id_ = -1;
    bool open_ = false;  // between begin_run and finish_run
    std::unique_ptr<Buffers> buf_;
};

}  // namespace a2iot::analysis
