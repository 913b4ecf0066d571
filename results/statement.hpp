#pragma once
// A prepared SQLite statement with RAII finalisation. Every SQLite result is checked at run time
// (never with assert): failures throw std::runtime_error naming the database path and
// sqlite3_errmsg, because a results file that silently loses rows is worse than a crash.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace a2iot::results {

class Statement {
  public:
    Statement() = default;
    // `path` is only used in error messages.
    Statement(sqlite3* db, std::string_view sql, std::string path);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Parameters are 1-based, as in sqlite3_bind_*.
    void bind(int index, std::int64_t value);
    void bind(int index, int value) { bind(index, static_cast<std::int64_t>(value)); }
    void bind(int index, double value);
    void bind(int index, std::string_view value);
    // Binds without copying: `value` must outlive the next step(). The recorder's hot path uses
    // it for strings that stay in the row buffer until the batch is committed.
    void bind_static(int index, std::string_view value);
    void bind(int index, const std::optional<double>& value);
    void bind_null(int index);

    // Returns true while a row is available, false when done.
    bool step();
    // Steps a statement that returns no rows and rewinds it; bindings stay (rebind them all).
    void run();
    // Rewinds and drops all bindings.
    void reset();

    int columns() const;
    bool is_null(int col) const;
    std::int64_t get_int(int col) const;
    double get_double(int col) const;
    std::optional<double> get_opt_double(int col) const;
    std::string get_text(int col) const;
    std::string column_name(int col) const;

    sqlite3_stmt* handle() const { return stmt_; }

  private:
    void check_bind(int rc, int index);
    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
    std::string path_;
};

// Runs one or more statements without results; throws like Statement does.
void exec_sql(sqlite3* db, const char* sql, const std::string& path);

// The runtime_error text used for SQLite failures: "<path>: <what>: <sqlite3_errmsg>".
std::string sqlite_error(sqlite3* db, const std::string& path, std::string_view what);

// The one-line message for a failed statement or exec with result code rc.
std::string failure_text(int rc, sqlite3* db, const std::string& path, const char* sql);

}  // namespace a2iot::results
