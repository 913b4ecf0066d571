#include "results/results_check.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <cmath>
#include <map>

#include "common/input_error.hpp"
#include "results/recorder.hpp"
#include "results/schema.hpp"
#include "results/statement.hpp"

namespace a2iot::results {

namespace {

const char* const kExpected = "an a2iot results database (written by `a2iot run`)";

// SQL fragments: identifiers come from checked_columns(), never from user input.
std::string bad_type(const CheckedColumn& c) {
    switch (c.kind) {
        case ColumnKind::real:
            return fmt::format("typeof({0}) NOT IN ('real','integer','null')", c.column);
        case ColumnKind::integer:
            return fmt::format("typeof({0}) NOT IN ('integer','null')", c.column);
        case ColumnKind::text:
            break;
    }
    return "0";
}

std::string bad_value(const CheckedColumn& c) {
    // NaN cannot be stored (SQLite turns it into NULL); +-inf can, as REAL.
    return c.kind == ColumnKind::real ? fmt::format("({0} IN (9e999, -9e999))", c.column)
                                      : std::string("0");
}

std::string describe_value(Statement& q, int col) {
    switch (sqlite3_column_type(q.handle(), col)) {
        case SQLITE_FLOAT: {
            const double v = q.get_double(col);
            if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
            return fmt::format("{}", v);
        }
        case SQLITE_INTEGER:
            return std::to_string(q.get_int(col));
        case SQLITE_BLOB:
            return fmt::format("a blob of {} bytes", sqlite3_column_bytes(q.handle(), col));
        case SQLITE_TEXT: {
            std::string t = q.get_text(col);
            if (t.size() > 40) t = t.substr(0, 40) + "...";
            return t;
        }
        default:
            return "NULL";
    }
}

}  // namespace

const std::vector<CheckedColumn>& checked_columns() {
    using K = ColumnKind;
    static const std::vector<CheckedColumn> cols = {
        {"runs", "run_id", K::integer, 1},
        {"runs", "scenario", K::text, 1},
        {"runs", "scenario_hash", K::text, 1},
        {"runs", "policy", K::text, 1},
        {"runs", "seed", K::integer, 1},
        {"runs", "runtime", K::text, 1},
        {"runs", "network_model", K::text, 1},
        {"runs", "status", K::text, 1},
        {"runs", "started_at", K::text, 1},
        {"runs", "finished_at", K::text, 1},
        {"runs", "sim_time_s", K::real, 1},
        {"runs", "wall_s", K::real, 1},
        {"runs", "version", K::text, 1},
        {"runs", "scenario_file", K::text, 1},
        {"runs", "overrides", K::text, 1},
        {"runs", "duration_s", K::real, 2},
        {"runs", "error", K::text, 2},
        {"requests", "run_id", K::integer, 1},
        {"requests", "request_id", K::integer, 1},
        {"requests", "device", K::text, 1},
        {"requests", "model", K::text, 1},
        {"requests", "variant", K::text, 1},
        {"requests", "submitted_s", K::real, 1},
        {"requests", "completed_s", K::real, 1},
        {"requests", "latency_s", K::real, 1},
        {"requests", "deadline_s", K::real, 1},
        {"requests", "status", K::text, 1},
        {"requests", "split", K::text, 1},
        {"requests", "target", K::text, 1},
        {"requests", "bytes_sent", K::integer, 1},
        {"requests", "device_energy_j", K::real, 1},
        {"requests", "accuracy", K::real, 1},
        {"requests", "reason", K::text, 1},
        {"decisions", "run_id", K::integer, 1},
        {"decisions", "t_s", K::real, 1},
        {"decisions", "device", K::text, 1},
        {"decisions", "policy", K::text, 1},
        {"decisions", "variant", K::text, 1},
        {"decisions", "split", K::text, 1},
        {"decisions", "target", K::text, 1},
        {"decisions", "est_bandwidth_bps", K::real, 1},
        {"decisions", "battery_frac", K::real, 1},
        {"decisions", "reason", K::text, 1},
        {"device_samples", "run_id", K::integer, 1},
        {"device_samples", "t_s", K::real, 1},
        {"device_samples", "device", K::text, 1},
        {"device_samples", "battery_frac", K::real, 1},
        {"device_samples", "energy_j", K::real, 1},
        {"device_samples", "power_w", K::real, 1},
        {"device_samples", "dvfs_state", K::integer, 1},
        {"device_samples", "state", K::text, 1},
        {"events", "run_id", K::integer, 1},
        {"events", "t_s", K::real, 1},
        {"events", "kind", K::text, 1},
        {"events", "subject", K::text, 1},
        {"events", "detail", K::text, 1},
    };
    return cols;
}

bool has_column(sqlite3* db, std::string_view table, std::string_view column) {
    Statement q(db, "SELECT count(*) FROM pragma_table_info(?) WHERE name = ?", "results database");
    q.bind(1, table);
    q.bind(2, column);
    q.step();
    return q.get_int(0) > 0;
}

int results_schema_version(sqlite3* db) {
    Statement t(db,
                "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_version'",
                "results database");
    t.step();
    if (t.get_int(0) == 0) return 1;
    Statement q(db, "SELECT max(version) FROM schema_version", "results database");
    q.step();
    return q.is_null(0) ? 1 : static_cast<int>(q.get_int(0));
}

void check_results(sqlite3* db, const std::string& path) {
    const int version = results_schema_version(db);
    if (version > Recorder::kSchemaVersion)
        throw common::InputError(
            path, 0, "schema_version", std::to_string(version),
            fmt::format("a results schema this a2iot reads (1 to {}): the file was written by a "
                        "newer a2iot; read it with that version",
                        Recorder::kSchemaVersion));

    // Which checked columns exist, table by table; a missing results table or v1 column means
    // the file is not (or no longer) an a2iot results database.
    std::map<std::string_view, std::vector<const CheckedColumn*>> present;
    for (const auto& table : results_tables()) {
        Statement q(db, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?", path);
        q.bind(1, table);
        q.step();
        if (q.get_int(0) == 0)
            throw common::InputError(path, 0, "DB", path,
                                     fmt::format("{}: it has no {} table", kExpected, table));
        present[table];
    }
    for (const auto& c : checked_columns()) {
        if (has_column(db, c.table, c.column)) {
            if (c.kind != ColumnKind::text) present[c.table].push_back(&c);
        } else if (c.since_version <= 1 || version >= c.since_version) {
            throw common::InputError(
                path, 0, "DB", path,
                fmt::format("{}: its table {} has no column {}", kExpected, c.table, c.column));
        }
    }

    for (const auto& [table, cols] : present) {
        if (cols.empty()) continue;
        // One scan per table: per column, how many rows have a bad type or a bad value.
        std::string sql = "SELECT ";
        for (std::size_t i = 0; i < cols.size(); ++i)
            sql += fmt::format("{}total({}), total({})", i ? ", " : "", bad_type(*cols[i]),
                               bad_value(*cols[i]));
        sql += fmt::format(" FROM {}", table);
        Statement scan(db, sql, path);
        scan.step();
        for (std::size_t i = 0; i < cols.size(); ++i) {
            const auto& c = *cols[i];
            const bool type_bad = scan.get_double(static_cast<int>(2 * i)) > 0;
            const bool value_bad = scan.get_double(static_cast<int>(2 * i + 1)) > 0;
            if (!type_bad && !value_bad) continue;
            const std::string where = type_bad ? bad_type(c) : bad_value(c);
            Statement first(
                db,
                fmt::format("SELECT run_id, {} FROM {} WHERE {} LIMIT 1", c.column, table, where),
                path);
            first.step();
            const std::string run = describe_value(first, 0);
            const std::string value = describe_value(first, 1);
            const char* stored = sqlite3_column_type(first.handle(), 1) == SQLITE_TEXT   ? "text"
                                 : sqlite3_column_type(first.handle(), 1) == SQLITE_BLOB ? "a blob"
                                                                                         : "a real";
            const std::string what =
                type_bad ? fmt::format("{}, not {}",
                                       c.kind == ColumnKind::real ? "a number (REAL) or NULL"
                                                                  : "an integer or NULL",
                                       stored)
                         : std::string("a finite number or NULL");
            throw common::InputError(
                path, 0, fmt::format("{}.{}", table, c.column), value,
                fmt::format("{} (first bad row: run {}); the results database is damaged or "
                            "was edited by hand",
                            what, run));
        }
    }
}

}  // namespace a2iot::results
