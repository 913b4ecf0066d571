#pragma once
// `a2iot report`: one self-contained HTML page (inline CSS and SVG, no script, no URL) with the
// summary table and the plots of the selected runs. Plots are drawn by gnuplot.
#include <cstdint>
#include <string>
#include <vector>

struct sqlite3;

namespace a2iot::analysis {

struct ReportOptions {
    std::vector<std::int64_t> run_ids;  // empty: every run in the database
    std::string gnuplot = "gnuplot";    // executable (name on PATH or a path)
    std::string title;                  // default: "a2iot report: <db file name>"
    // Keep the gnuplot scripts and data files in this folder (created if needed); empty: a
    // private temporary folder, removed afterwards.
    std::string plot_dir;
};

// Throws common::InputError when gnuplot is missing (naming gnuplot-nox), when a requested run
// does not exist, or when the database has no runs.
std::string render_html_report(sqlite3* db, const std::string& db_path,
                               const ReportOptions& options);

}  // namespace a2iot::analysis
