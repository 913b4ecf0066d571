#include "analysis/table_export.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "analysis/csv.hpp"
#include "common/input_error.hpp"
#include "results/schema.hpp"
#include "results/statement.hpp"

namespace a2iot::analysis {

std::int64_t export_table(sqlite3* db, const std::string& table, ExportFormat format,
                          std::ostream& out, const std::vector<std::int64_t>& run_ids) {
    const auto& tables = results::results_tables();
    if (std::find(tables.begin(), tables.end(), table) == tables.end()) {
        std::string names;
        for (auto t : tables) {
            if (!names.empty()) names += '|';
            names += t;
        }
        throw common::InputError("", 0, "--table", table, names);
    }
    const char* f = sqlite3_db_filename(db, "main");
    const std::string path = f && *f ? f : "results database";

    // The table name is checked against the fixed list above, so splicing it is safe.
    std::string sql = "SELECT * FROM " + table;
    if (!run_ids.empty()) {
        sql += " WHERE run_id IN (";
        for (std::size_t i = 0; i < run_ids.size(); ++i) {
            if (i) sql += ',';
            sql += std::to_string(run_ids[i]);
        }
        sql += ")";
    }
    sql += table == "runs" ? " ORDER BY run_id" : " ORDER BY run_id, rowid";
    results::Statement q(db, sql, path);

    const int n = q.columns();
    std::vector<std::string> names;
    for (int c = 0; c < n; ++c) names.push_back(q.column_name(c));
    if (format == ExportFormat::Csv) out << csv_line(names);

    std::int64_t rows = 0;
    std::vector<std::string> fields(static_cast<std::size_t>(n));
    while (q.step()) {
        ++rows;
        if (format == ExportFormat::Csv) {
            for (int c = 0; c < n; ++c) {
                auto& field = fields[static_cast<std::size_t>(c)];
                switch (sqlite3_column_type(q.handle(), c)) {
                    case SQLITE_NULL:
                        field.clear();
                        break;
                    case SQLITE_INTEGER:
                        field = std::to_string(q.get_int(c));
                        break;
                    // Shortest text that reads back to the same double.
                    case SQLITE_FLOAT:
                        field = fmt::format("{}", q.get_double(c));
                        break;
                    default:
                        field = q.get_text(c);
                }
            }
            out << csv_line(fields);
        } else {
            nlohmann::ordered_json row = nlohmann::ordered_json::object();
            for (int c = 0; c < n; ++c) {
                const auto& key = names[static_cast<std::size_t>(c)];
                switch (sqlite3_column_type(q.handle(), c)) {
                    case SQLITE_NULL:
                        row[key] = nullptr;
                        break;
                    case SQLITE_INTEGER:
                        row[key] = q.get_int(c);
                        break;
                    case SQLITE_FLOAT:
                        row[key] = q.get_double(c);
                        break;
                    default:
                        row[key] = q.get_text(c);
                }
            }
            // Invalid UTF-8 in a text field must not abort an export of a million rows.
            out << row.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                << '\n';
        }
    }
    if (!out) throw std::runtime_error("export: writing the output failed");
    return rows;
}

}  // namespace a2iot::analysis
