#pragma once
// The integrity checks every reader (report, compare, regress, export, merge) runs on a results
// database right after opening it, so that a damaged or foreign file is refused with one clear
// message (common::InputError, exit 2) instead of being read as zeros or printed as raw SQLite
// text. Linear and cheap: one aggregate scan per table, and a second query only to name the
// first offending row of a column that failed.
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace a2iot::results {

// A column readers rely on, with the storage classes it may hold.
enum class ColumnKind {
    real,     // real, integer or NULL, and finite
    integer,  // integer or NULL
    text,     // must exist; any value (readers compare it with literals)
};

struct CheckedColumn {
    std::string_view table;
    std::string_view column;
    ColumnKind kind;
    int since_version;  // schema version that added it (older files lack it: read as NULL)
};

// The columns checked: every column of schema v1 and v2 (results/schema.cpp).
const std::vector<CheckedColumn>& checked_columns();

// The schema version the file says it has: max(schema_version.version), 1 when the table is
// missing (files written before the table existed are v1 in shape).
int results_schema_version(sqlite3* db);

// True when table.column exists in the main database.
bool has_column(sqlite3* db, std::string_view table, std::string_view column);

// Throws common::InputError (file = path) when: the schema version is newer than this binary
// reads (Recorder::kSchemaVersion); a results table or a v1 column is missing (a foreign
// database); a checked column holds a value of the wrong type (text in a REAL column), or an
// infinite REAL. The message names the table, the column, the run and the value.
void check_results(sqlite3* db, const std::string& path);

}  // namespace a2iot::results
