#include "analysis/gnuplot_renderer.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "common/input_error.hpp"

extern char** environ;

namespace a2iot::analysis {

namespace {

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_file(const std::filesystem::path& p, const std::string& content) {
    std::ofstream out(p, std::ios::binary);
    out << content;
    out.close();
    if (!out) throw std::runtime_error(p.string() + ": cannot write gnuplot input");
}

}  // namespace

std::string GnuplotRenderer::quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out += '\'';
        out += c;
    }
    return out + "'";
}

GnuplotRenderer::GnuplotRenderer(std::string executable, std::string keep_dir)
    : executable_(std::move(executable)), keep_(!keep_dir.empty()) {
    if (keep_) {
        std::error_code ec;
        std::filesystem::create_directories(keep_dir, ec);
        if (ec || !std::filesystem::is_directory(keep_dir))
            throw common::InputError("", 0, "--plot-dir", keep_dir,
                                     "a folder that can be created and written");
        dir_ = std::filesystem::absolute(keep_dir);
    } else {
        std::string templ = (std::filesystem::temp_directory_path() / "a2iot-plot-XXXXXX").string();
        if (!mkdtemp(templ.data()))
            throw std::runtime_error(std::string("cannot create a temporary folder for gnuplot: ") +
                                     std::strerror(errno));
        dir_ = templ;
    }
    // Probe once, so a missing gnuplot is reported before any work, as bad setup (exit 2).
    write_file(dir_ / "probe.gp", "exit\n");
    int rc = -1;
    try {
        rc = run(dir_ / "probe.gp", dir_ / "probe.err");
    } catch (const std::system_error&) {
        rc = -1;
    }
    if (rc != 0) {
        std::error_code ec;
        if (!keep_) std::filesystem::remove_all(dir_, ec);
        throw common::InputError("", 0, "gnuplot", executable_,
                                 "a working gnuplot to draw the plots: install the Debian package "
                                 "gnuplot-nox (apt-get install gnuplot-nox)");
    }
}

GnuplotRenderer::~GnuplotRenderer() {
    std::error_code ec;
    if (!keep_) std::filesystem::remove_all(dir_, ec);
}

int GnuplotRenderer::run(const std::filesystem::path& script, const std::filesystem::path& err) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::string exe = executable_;
    std::string arg = script.string();
    std::vector<char*> argv = {exe.data(), arg.data(), nullptr};
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, exe.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::system_error(rc, std::generic_category(), "spawn " + executable_);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "waitpid");
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string GnuplotRenderer::write_data(const std::string& name, const PlotData& data) {
    const auto p = dir_ / name;
    write_file(p, data.text());
    return quote(p.string());
}

std::string GnuplotRenderer::render_svg(const std::string& script, int width_px, int height_px) {
    const int n = ++plots_;
    const auto svg_path = dir_ / ("plot" + std::to_string(n) + ".svg");
    const auto script_path = dir_ / ("plot" + std::to_string(n) + ".gp");
    const auto err_path = dir_ / ("plot" + std::to_string(n) + ".err");
    // noenhanced: policy and variant names such as mobilenet_v2 must not turn into subscripts.
    std::string full = "set terminal svg size " + std::to_string(width_px) + "," +
                       std::to_string(height_px) +
                       " dynamic noenhanced font 'sans,11' background '#ffffff'\n"
                       "set output " +
                       quote(svg_path.string()) + "\n" + script + "\nunset output\n";
    write_file(script_path, full);
    const int rc = run(script_path, err_path);
    if (rc != 0)
        throw std::runtime_error("gnuplot failed (exit " + std::to_string(rc) +
                                 ") on plot script " + script_path.string() + ": " +
                                 read_file(err_path));
    std::string svg = read_file(svg_path);
    // gnuplot titles each plot group with its command ('/tmp/.../x.dat' using 1:2); the
    // temporary folder means nothing to a reader and is gone once the report is written.
    const std::string tmp = dir_.string() + "/";
    for (auto p = svg.find(tmp); p != std::string::npos; p = svg.find(tmp, p))
        svg.erase(p, tmp.size());
    return inline_svg(svg, "p" + std::to_string(n) + "_");
}

std::string inline_svg(const std::string& svg, const std::string& prefix) {
    std::string s = svg;
    if (s.rfind("<?xml", 0) == 0) s.erase(0, s.find("?>") + 2);
    // Inline SVG in HTML5 needs no namespace declarations; dropping them keeps the page free of
    // any URL (the report must be viewable, and checkable, offline).
    static const std::regex xmlns(R"(\s+xmlns(:\w+)?="[^"]*")");
    s = std::regex_replace(s, xmlns, "");
    static const std::regex ids(R"(\bid=(['"]))");
    s = std::regex_replace(s, ids, "id=$1" + prefix);
    static const std::regex hrefs(R"(href=(['"])#)");
    s = std::regex_replace(s, hrefs, "href=$1#" + prefix);
    static const std::regex urls(R"(url\(#)");
    s = std::regex_replace(s, urls, "url(#" + prefix);
    return s;
}

}  // namespace a2iot::analysis
