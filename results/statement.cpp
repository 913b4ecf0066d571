#include "results/statement.hpp"

#include <sqlite3.h>

#include <stdexcept>
#include <utility>

namespace a2iot::results {

std::string sqlite_error(sqlite3* db, const std::string& path, std::string_view what) {
    std::string msg = path + ": " + std::string(what);
    if (db) msg += ": " + std::string(sqlite3_errmsg(db));
    return msg;
}

std::string failure_text(int rc, sqlite3* db, const std::string& path, const char* sql) {
    // What the user can act on, in one line and without SQL: a full disk, a file that cannot be
    // written. Anything else is a bug, and the statement helps whoever fixes it.
    switch (rc & 0xff) {
        case SQLITE_FULL:
            return path +
                   ": the results database is full (no space left on the disk, or the "
                   "file reached --max-db-size)";
        case SQLITE_IOERR:
            return path + ": cannot write the results database (I/O error: " + sqlite3_errmsg(db) +
                   ")";
        case SQLITE_READONLY:
            return path + ": the results database is read-only";
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return path + ": the results database stayed locked by another process";
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            return path + ": the results database is damaged or not a database";
        default:
            return sqlite_error(db, path, std::string("statement failed: ") + (sql ? sql : ""));
    }
}

void exec_sql(sqlite3* db, const char* sql, const std::string& path) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        sqlite3_free(err);
        throw std::runtime_error(failure_text(rc, db, path, sql));
    }
}

Statement::Statement(sqlite3* db, std::string_view sql, std::string path)
    : db_(db), path_(std::move(path)) {
    const int rc =
        sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt_);
        stmt_ = nullptr;
        throw std::runtime_error(
            sqlite_error(db, path_, "cannot prepare '" + std::string(sql) + "'"));
    }
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), path_(std::move(other.path_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(stmt_);
        db_ = other.db_;
        stmt_ = std::exchange(other.stmt_, nullptr);
        path_ = std::move(other.path_);
    }
    return *this;
}

void Statement::check_bind(int rc, int index) {
    if (rc != SQLITE_OK)
        throw std::runtime_error(
            sqlite_error(db_, path_, "cannot bind parameter " + std::to_string(index)));
}

void Statement::bind(int index, std::int64_t value) {
    check_bind(sqlite3_bind_int64(stmt_, index, value), index);
}

void Statement::bind(int index, double value) {
    check_bind(sqlite3_bind_double(stmt_, index, value), index);
}

void Statement::bind(int index, std::string_view value) {
    // SQLITE_TRANSIENT: the row buffers are cleared after the batch, so SQLite must copy.
    check_bind(sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()),
                                 SQLITE_TRANSIENT),
               index);
}

void Statement::bind_static(int index, std::string_view value) {
    check_bind(sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()),
                                 SQLITE_STATIC),
               index);
}

void Statement::bind(int index, const std::optional<double>& value) {
    if (value)
        bind(index, *value);
    else
        bind_null(index);
}

void Statement::bind_null(int index) {
    check_bind(sqlite3_bind_null(stmt_, index), index);
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    const std::string msg = failure_text(rc, db_, path_, sqlite3_sql(stmt_));
    sqlite3_reset(stmt_);
    throw std::runtime_error(msg);
}

void Statement::run() {
    step();
    sqlite3_reset(stmt_);
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

int Statement::columns() const {
    return sqlite3_column_count(stmt_);
}

bool Statement::is_null(int col) const {
    return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

std::int64_t Statement::get_int(int col) const {
    return sqlite3_column_int64(stmt_, col);
}

double Statement::get_double(int col) const {
    return sqlite3_column_double(stmt_, col);
}

std::optional<double> Statement::get_opt_double(int col) const {
    if (is_null(col)) return std::nullopt;
    return get_double(col);
}

std::string Statement::get_text(int col) const {
    const auto* text = sqlite3_column_text(stmt_, col);
    if (!text) return {};
    return std::string(reinterpret_cast<const char*>(text),
                       static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::string Statement::column_name(int col) const {
    const char* name = sqlite3_column_name(stmt_, col);
    return name ? name : "";
}

}  // namespace a2iot::results
