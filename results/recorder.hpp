#pragma once
// Writes runs to SQLite (schema in docs/results.md). WAL mode; rows are buffered and written in
// batched transactions. A run is inserted as `running` at begin_run and only marked `complete`
// by finish_run, so a run killed mid-way stays `running` and earlier runs are untouched.
// One Recorder belongs to one thread at a time (the connection is opened without SQLite mutexes).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "results/rows.hpp"

struct sqlite3;

namespace a2iot::results {

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
    // status: "complete", "failed" or "interrupted"; `error` says why a run did not complete.
    // Flushes first.
    void finish_run(const std::string& status, double sim_time_s, double wall_s,
                    const std::string& error = {});

    // Caps what the current connection may add to the file (SQLite's max_page_count): a write
    // past it fails with a "reached --max-db-size" error instead of filling the disk. 0 removes
    // the cap.
    void set_max_bytes(std::uint64_t max_bytes);

    // For a process that could not close its run (it was killed, or failed before finish_run):
    // marks run_id `status` with finished_at and `error`, if it is still `running`.
    static void mark_unfinished(const std::string& path, std::int64_t run_id,
                                const std::string& status, const std::string& error);

    // Throws common::InputError (exit 2) when `path` cannot be a results database: a folder, a
    // FIFO, a device or a socket (SQLite would block or fail with raw I/O errors), or a path in
    // a folder that does not exist.
    static void check_path(const std::string& path, const std::string& option = "--db");

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
    std::uint64_t max_bytes_ = 0;
    std::uint64_t max_pages_ = 0;
};

}  // namespace a2iot::results
