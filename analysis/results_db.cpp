#include "analysis/results_db.hpp"

#include <sqlite3.h>

#include <filesystem>

#include "analysis/statement.hpp"
#include "common/input_error.hpp"

namespace a2iot::analysis {

namespace {
const char* const kExpected = "an a2iot results database (written by `a2iot run`)";
}

ResultsDb::ResultsDb(const std::string& path) : path_(path) {
    if (!std::filesystem::is_regular_file(path))
        throw common::InputError("", 0, "DB", path, std::string(kExpected) + ": no such file");
    // Read-only: looking at results must never create or modify a file.
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        const std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw common::InputError("", 0, "DB", path, std::string(kExpected) + ": " + msg);
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
    const std::string msg = sqlite3_errmsg(db_);
    sqlite3_finalize(probe);
    if (rc != SQLITE_ROW || !has_runs) {
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw common::InputError(
            "", 0, "DB", path,
            std::string(kExpected) + ": " + (rc != SQLITE_ROW ? msg : "it has no runs table"));
    }
}

ResultsDb::~ResultsDb() {
    sqlite3_close_v2(db_);
}

}  // namespace a2iot::analysis
