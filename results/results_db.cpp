#include "results/results_db.hpp"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "common/input_error.hpp"
#include "results/results_check.hpp"
#include "results/statement.hpp"

namespace a2iot::results {

namespace {

const char* const kExpected = "an a2iot results database (written by `a2iot run`)";

// Refuses anything but an existing regular file before SQLite sees it: SQLite would open a FIFO
// and block reading it, and says "unable to open" for a folder.
void require_regular_file(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        const int err = errno;
        throw common::InputError(
            "", 0, "DB", path,
            std::string(kExpected) + ": " + (err == ENOENT ? "no such file" : std::strerror(err)));
    }
    if (S_ISREG(st.st_mode)) {
        if (::access(path.c_str(), R_OK) != 0)
            throw common::InputError(
                "", 0, "DB", path,
                std::string(kExpected) + ": it cannot be read (" + std::strerror(errno) + ")");
        return;
    }
    const char* what = S_ISDIR(st.st_mode)    ? "it is a folder"
                       : S_ISFIFO(st.st_mode) ? "it is a FIFO (named pipe), not a regular file"
                       : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)
                           ? "it is a device file, not a regular file"
                       : S_ISSOCK(st.st_mode) ? "it is a socket, not a regular file"
                                              : "it is not a regular file";
    throw common::InputError("", 0, "DB", path, std::string(kExpected) + ": " + what);
}

// Files of schema v1 lack runs.duration_s and runs.error. A TEMP view named `runs` shadows the
// table for unqualified names on this connection only (the file stays untouched, read-only), so
// every reader can select the v2 columns and gets NULL.
void shadow_v1_runs(sqlite3* db, const std::string& path) {
    const bool duration = has_column(db, "runs", "duration_s");
    const bool error = has_column(db, "runs", "error");
    if (duration && error) return;
    std::string sql = "CREATE TEMP VIEW runs AS SELECT *";
    if (!duration) sql += ", CAST(NULL AS REAL) AS duration_s";
    if (!error) sql += ", CAST(NULL AS TEXT) AS error";
    sql += " FROM main.runs";
    exec_sql(db, sql.c_str(), path);
}

}  // namespace

ResultsDb::ResultsDb(const std::string& path) : path_(path) {
    require_regular_file(path);
    // Read-only: looking at results must never create or modify a file.
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw common::InputError("", 0, "DB", path,
                                 std::string(kExpected) + ": SQLite cannot open it");
    }
    sqlite3_busy_timeout(db_, 10000);
    // Opening is lazy; the first query is what fails on a file that is not SQLite.
    sqlite3_stmt* probe = nullptr;
    int rc = sqlite3_prepare_v2(
        db_, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='runs'", -1, &probe,
        nullptr);
    bool has_runs = false;
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(probe);
        has_runs = rc == SQLITE_ROW && sqlite3_column_int(probe, 0) == 1;
    }
    const int code = rc & 0xff;
    sqlite3_finalize(probe);
    if (rc != SQLITE_ROW || !has_runs) {
        sqlite3_close_v2(db_);
        db_ = nullptr;
        const char* why = code == SQLITE_NOTADB    ? "it is not a database (not SQLite)"
                          : code == SQLITE_CORRUPT ? "it is a damaged SQLite file"
                          : code == SQLITE_BUSY    ? "it is locked by another process"
                          : rc != SQLITE_ROW       ? "SQLite cannot read it"
                                                   : "it has no runs table";
        throw common::InputError("", 0, "DB", path, std::string(kExpected) + ": " + why);
    }
    try {
        check_results(db_, path);
        shadow_v1_runs(db_, path);
    } catch (const common::InputError&) {
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw;
    } catch (const std::runtime_error&) {
        // A SQLite failure half-way through the checks (a truncated or corrupt page): the user
        // needs to know the file is unreadable, not SQLite's internal wording.
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw common::InputError("", 0, "DB", path,
                                 std::string(kExpected) +
                                     ": it is damaged (SQLite cannot read "
                                     "all of its tables)");
    }
}

ResultsDb::~ResultsDb() {
    sqlite3_close_v2(db_);
}

}  // namespace a2iot::results
