#pragma once
// `a2iot export`: one results table as CSV (header + RFC 4180 quoting, NULL as an empty field)
// or as JSON Lines (one object per row, NULL as null). Streams row by row, so a million-row
// requests table does not need to fit in memory twice.
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

struct sqlite3;

namespace a2iot::analysis {

enum class ExportFormat { Csv, JsonLines };

// `table` must be one of results_tables(); otherwise common::InputError (key --table).
// run_ids restricts rows to those runs (all when empty). Returns the number of rows written.
std::int64_t export_table(sqlite3* db, const std::string& table, ExportFormat format,
                          std::ostream& out, const std::vector<std::int64_t>& run_ids = {});

}  // namespace a2iot::analysis
