// a2iot export DB --table T [--csv] [-o FILE] [--run ID]...
// One results table as CSV or JSON Lines, for pandas, R or spreadsheets.
#include <fmt/core.h>

#include <fstream>
#include <iostream>
#include <memory>

#include "analysis/table_export.hpp"
#include "cli/command.hpp"
#include "common/input_error.hpp"
#include "results/results_db.hpp"
#include "results/schema.hpp"

namespace a2iot::cli {
namespace {

struct ExportArgs {
    std::string db;
    std::string table;
    bool csv = false;
    std::string output;
    std::vector<std::int64_t> runs;
};

const CommandRegistrar registrar(
    "export", "Export a results table as CSV or JSON Lines", 45,
    [](CLI::App& sub) -> std::function<int()> {
        auto args = std::make_shared<ExportArgs>();
        std::vector<std::string> tables;
        for (auto t : results::results_tables()) tables.emplace_back(t);
        sub.add_option("DB", args->db, "results database (from `a2iot run`)")->required();
        sub.add_option("--table,-t", args->table, "table to export")
            ->required()
            ->check(CLI::IsMember(tables));
        sub.add_flag("--csv", args->csv,
                     "CSV with a header row (NULL as an empty field); default: JSON Lines, one "
                     "object per row (NULL as null)");
        sub.add_option("-o,--output", args->output, "output file (default: standard output)");
        sub.add_option("--run", args->runs, "only rows of these run ids (repeatable)");
        sub.footer("Tables: runs requests decisions device_samples events (see docs/results.md)");
        return [args]() {
            results::ResultsDb db(args->db);
            const auto format =
                args->csv ? analysis::ExportFormat::Csv : analysis::ExportFormat::JsonLines;
            if (args->output.empty()) {
                analysis::export_table(db.get(), args->table, format, std::cout, args->runs);
                std::cout.flush();
                return 0;
            }
            std::ofstream out(args->output, std::ios::binary);
            if (!out)
                throw common::InputError("", 0, "--output", args->output,
                                         "a file that can be written");
            const auto rows =
                analysis::export_table(db.get(), args->table, format, out, args->runs);
            out.close();
            if (!out) throw std::runtime_error(args->output + ": write failed");
            fmt::print(stderr, "wrote {} {} rows to {}\n", rows, args->table, args->output);
            return 0;
        };
    });

}  // namespace
}  // namespace a2iot::cli
