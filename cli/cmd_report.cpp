// a2iot report DB [--run ID]... [-o report.html] [--plot-dir DIR]
// A self-contained HTML report (summary table + gnuplot SVG plots) of a results database.
#include <fmt/core.h>

#include <fstream>
#include <memory>

#include "analysis/report.hpp"
#include "cli/command.hpp"
#include "common/input_error.hpp"
#include "results/results_db.hpp"

namespace a2iot::cli {
namespace {

struct ReportArgs {
    std::string db;
    std::vector<std::int64_t> runs;
    std::string output = "report.html";
    std::string gnuplot = "gnuplot";
    std::string title;
    std::string plot_dir;
};

const CommandRegistrar registrar(
    "report", "Write a self-contained HTML report (tables and plots) of a results database", 35,
    [](CLI::App& sub) -> std::function<int()> {
        auto args = std::make_shared<ReportArgs>();
        sub.add_option("DB", args->db, "results database (from `a2iot run`)")->required();
        sub.add_option("--run", args->runs, "report these run ids (repeatable; default: all)");
        sub.add_option("-o,--output", args->output, "HTML file to write")->capture_default_str();
        sub.add_option("--gnuplot", args->gnuplot, "gnuplot executable (Debian gnuplot-nox)")
            ->capture_default_str();
        sub.add_option("--title", args->title, "page title");
        sub.add_option("--plot-dir", args->plot_dir,
                       "keep the gnuplot scripts and data files in this folder (to rerun or "
                       "restyle a plot); default: a temporary folder, removed");
        sub.footer(
            "The page has no scripts and no links: plots are SVG drawn by gnuplot and inlined.\n"
            "Runs still marked `running` (interrupted) are shown and flagged as incomplete.");
        return [args]() {
            results::ResultsDb db(args->db);
            const auto html = analysis::render_html_report(
                db.get(), args->db, {args->runs, args->gnuplot, args->title, args->plot_dir});
            std::ofstream out(args->output, std::ios::binary);
            if (!out)
                throw common::InputError("", 0, "--output", args->output,
                                         "a file that can be written");
            out << html;
            out.close();
            if (!out) throw std::runtime_error(args->output + ": write failed");
            fmt::print("wrote {} ({:.0f} kB)\n", args->output, html.size() / 1024.0);
            return 0;
        };
    });

}  // namespace
}  // namespace a2iot::cli
