#pragma once
// Renders plots with gnuplot (Debian gnuplot-nox) as a subprocess: data goes to files in a
// private temporary folder, the script sets `terminal svg`, and the SVG comes back as a string
// ready to be inlined in HTML (no XML prolog, no namespace URLs, ids made unique per plot so
// several plots can share one page).
#include <filesystem>
#include <string>

#include "analysis/plot_data.hpp"

namespace a2iot::analysis {

class GnuplotRenderer {
  public:
    // Throws common::InputError naming the package gnuplot-nox when `executable` cannot be run.
    // With `keep_dir`, scripts and data files go there and stay (to rerun or inspect a plot);
    // otherwise into a private temporary folder that the destructor removes.
    explicit GnuplotRenderer(std::string executable = "gnuplot", std::string keep_dir = "");
    ~GnuplotRenderer();
    GnuplotRenderer(const GnuplotRenderer&) = delete;
    GnuplotRenderer& operator=(const GnuplotRenderer&) = delete;

    // Writes a data file into the plot folder and returns its path, quoted for a script. Only
    // PlotData is accepted, so no inf/nan can reach gnuplot through a data file.
    std::string write_data(const std::string& name, const PlotData& data);
    const std::filesystem::path& dir() const { return dir_; }
    // Runs `script` (everything after terminal/output) and returns the inline SVG. Throws
    // std::runtime_error with gnuplot's stderr when gnuplot fails.
    std::string render_svg(const std::string& script, int width_px, int height_px);

    // A gnuplot single-quoted string literal ('' is the escape for ').
    static std::string quote(const std::string& text);

  private:
    int run(const std::filesystem::path& script, const std::filesystem::path& err_file);
    std::string executable_;
    std::filesystem::path dir_;
    int plots_ = 0;
    bool keep_ = false;
};

// Makes a gnuplot SVG inlinable: drops the XML prolog and namespace declarations, and prefixes
// every id (and the references to it) with `prefix`.
std::string inline_svg(const std::string& svg, const std::string& prefix);

}  // namespace a2iot::analysis
