#pragma once
// A read-only connection to an existing results database, for report/compare/export. A path
// that is missing, not SQLite, or SQLite without a `runs` table is bad user input, so it throws
// common::InputError (exit code 2) rather than a runtime error.
#include <string>

struct sqlite3;

namespace a2iot::results {

class ResultsDb {
  public:
    explicit ResultsDb(const std::string& path);
    ~ResultsDb();
    ResultsDb(const ResultsDb&) = delete;
    ResultsDb& operator=(const ResultsDb&) = delete;

    sqlite3* get() const { return db_; }
    const std::string& path() const { return path_; }

  private:
    sqlite3* db_ = nullptr;
    std::string path_;
};

}  // namespace a2iot::results
