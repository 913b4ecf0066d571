#include "analysis/report.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>

#include "analysis/gnuplot_renderer.hpp"
#include "analysis/plot_data.hpp"
#include "analysis/report_series.hpp"
#include "analysis/run_summary.hpp"
#include "common/input_error.hpp"
#include "results/rows.hpp"
#include "results/statement.hpp"

namespace a2iot::analysis {

namespace {

// Bounds that keep a report of a huge run a few MB: the plots show shape, the database keeps
// every row.
constexpr std::size_t kCdfPoints = 1000;
constexpr std::size_t kBatteryBins = 600;
constexpr std::size_t kDecisionPoints = 3000;
constexpr std::size_t kMaxChoices = 12;
constexpr std::size_t kEventLabels = 30;
constexpr std::size_t kEventLines = 300;
constexpr std::size_t kEventRowsListed = 50;
constexpr std::size_t kDeadlineLines = 8;
constexpr int kWidth = 900;

std::string esc(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

// A number written into a gnuplot script. Data files are guarded by PlotData; callers filter
// script numbers (ranges, deadline and event positions) first, so a non-finite one is a bug.
std::string num(double v) {
    if (!std::isfinite(v)) throw std::logic_error("report: non-finite number in a gnuplot script");
    return fmt::format("{}", v);
}

struct EventMark {
    double t_s;
    std::string kind;
    std::string subject;
    std::string detail;
};

struct RunData {
    RunSummary s;
    std::string label;
    bool incomplete = false;
    std::vector<double> latencies_s;  // completed requests with a finite latency, ascending
    std::vector<double> deadlines_s;  // distinct finite positive deadlines, ascending
    std::vector<BatterySample> battery;
    std::vector<DecisionSample> decisions;
    std::vector<EventMark> events;
};

// Writes data files and counts the rows PlotData left out for holding inf/nan, so the page can
// say that the database had such values.
struct Plotter {
    GnuplotRenderer& g;
    std::size_t dropped = 0;
    std::string write(const std::string& name, const PlotData& d) {
        dropped += d.dropped();
        return g.write_data(name, d);
    }
};

void load(sqlite3* db, const std::string& path, RunData& r) {
    const auto id = r.s.run_id;
    {
        results::Statement q(db,
                             "SELECT coalesce(latency_s, completed_s - submitted_s) FROM requests "
                             "WHERE run_id=? AND completed_s IS NOT NULL ORDER BY 1",
                             path);
        q.bind(1, id);
        while (q.step())
            if (!q.is_null(0) && std::isfinite(q.get_double(0)))
                r.latencies_s.push_back(q.get_double(0));
    }
    {
        results::Statement q(
            db,
            "SELECT DISTINCT deadline_s FROM requests WHERE run_id=? AND deadline_s IS "
            "NOT NULL ORDER BY 1",
            path);
        q.bind(1, id);
        while (q.step())
            if (std::isfinite(q.get_double(0)) && q.get_double(0) > 0)
                r.deadlines_s.push_back(q.get_double(0));
    }
    {
        results::Statement q(db,
                             "SELECT t_s, device, battery_frac FROM device_samples "
                             "WHERE run_id=? AND battery_frac IS NOT NULL ORDER BY t_s",
                             path);
        q.bind(1, id);
        while (q.step()) r.battery.push_back({q.get_double(0), q.get_text(1), q.get_double(2)});
    }
    {
        results::Statement q(db,
                             "SELECT t_s, variant, split, target, est_bandwidth_bps FROM decisions "
                             "WHERE run_id=? AND t_s IS NOT NULL ORDER BY t_s",
                             path);
        q.bind(1, id);
        while (q.step()) {
            // A decision without a finite time has no place on a time axis.
            if (!std::isfinite(q.get_double(0))) continue;
            r.decisions.push_back({q.get_double(0),
                                   choice_label(q.get_text(1), q.get_text(2), q.get_text(3)),
                                   q.get_opt_double(4)});
        }
    }
    {
        results::Statement q(db,
                             "SELECT t_s, kind, subject, detail FROM events WHERE run_id=? "
                             "ORDER BY t_s, rowid",
                             path);
        q.bind(1, id);
        while (q.step())
            r.events.push_back({q.get_double(0), q.get_text(1), q.get_text(2), q.get_text(3)});
    }
}

// gnuplot commands that draw the run's events as dashed vertical lines, with rotated labels
// when `labels`. Events of one kind at one time (ten devices dying together) share one line and
// label.
std::string event_marks(const std::vector<EventMark>& events, bool labels = true) {
    std::map<std::pair<double, std::string>, std::vector<std::string>> grouped;
    for (const auto& e : events)
        if (std::isfinite(e.t_s)) grouped[{e.t_s, e.kind}].push_back(e.subject);
    std::string out;
    std::size_t n = 0;
    for (const auto& [key, subjects] : grouped) {
        if (n >= kEventLines) break;
        out += fmt::format(
            "set arrow from first {0},graph 0 to first {0},graph 1 nohead dt 2 lw 1 "
            "lc rgb '#b03030' front\n",
            num(key.first));
        if (labels && n < kEventLabels) {
            std::string text = key.second;
            if (subjects.size() == 1 && !subjects[0].empty())
                text += " " + subjects[0];
            else if (subjects.size() > 1)
                text += fmt::format(" x{}", subjects.size());
            out += fmt::format(
                "set label {} at first {},graph 0.98 rotate by 90 right offset -0.6,0 "
                "font ',8' tc rgb '#b03030' front\n",
                GnuplotRenderer::quote(text), num(key.first));
        }
        ++n;
    }
    return out;
}

std::string style_spec(std::size_t k) {
    const auto st = series_style(k);
    return fmt::format("lc rgb '{}' dt {}", st.colour, st.dash_type);
}

std::string html_cell(const std::string& text) {
    return text == "-" ? "&ndash;" : esc(text);
}

std::string summary_table(const std::vector<RunData>& runs) {
    std::string h =
        "<table class=\"summary\">\n<thead><tr><th>run</th><th>scenario</th><th>policy</th>"
        "<th>seed</th><th>status</th><th>requests</th><th>offered/s</th><th>served [%]</th>"
        "<th>ok [%]</th><th>deadline hit [%]</th><th>timed out</th><th>dropped</th>"
        "<th>failed</th><th>p50 [ms]</th><th>p95 [ms]</th><th>p99 [ms]</th>"
        "<th>mean of completed [ms]</th><th>energy/req [J]</th><th>accuracy</th>"
        "<th>devices died</th><th>sim [s]</th><th>wall [s]</th></tr></thead>\n<tbody>\n";
    std::string details;
    for (const auto& r : runs) {
        const auto& s = r.s;
        std::string energy = format_energy_j(s.device_energy_per_request_j);
        if (s.requests == 0)
            energy = "-";
        else if (!s.device_energy_per_request_j)
            energy += fmt::format(" ({} of {} known)", s.energy_known_requests, s.requests);
        h += fmt::format(
            "<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
            "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
            "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
            "<td>{}</td><td>{}</td><td>{:.2f}</td></tr>\n",
            r.incomplete ? "incomplete" : esc(s.status), s.run_id, esc(s.scenario), esc(s.policy),
            s.seed,
            r.incomplete ? "<span class=\"badge\">running &mdash; incomplete</span>"
                         : esc(s.status),
            s.requests, s.offered_per_s ? fmt::format("{:.2f}", *s.offered_per_s) : "&ndash;",
            s.requests > 0 ? fmt::format("{:.1f}", s.served_pct) : "&ndash;",
            s.requests > 0 ? fmt::format("{:.1f}", s.ok_pct) : "&ndash;",
            s.with_deadline > 0 ? fmt::format("{:.1f}", s.deadline_hit_pct) : "&ndash;",
            s.timed_out, s.dropped, s.failed, html_cell(format_latency_ms(s.p50_latency_s)),
            html_cell(format_latency_ms(s.p95_latency_s)),
            html_cell(format_latency_ms(s.p99_latency_s)),
            s.completed > 0 && std::isfinite(s.mean_latency_s)
                ? fmt::format("{:.1f}", s.mean_latency_s * 1e3)
                : "&ndash;",
            html_cell(energy),
            s.mean_accuracy ? fmt::format("{:.3f}", *s.mean_accuracy) : "&ndash;", s.devices_died,
            esc(format_sim_time(s)), s.wall_s);
        if (!s.status_detail.empty())
            details += fmt::format("<li>run {} {}: {}</li>\n", s.run_id, esc(s.status),
                                   esc(s.status_detail));
    }
    h += "</tbody>\n</table>\n";
    if (!details.empty()) h += "<ul class=\"note\">\n" + details + "</ul>\n";
    return h;
}

std::string cdf_plot(Plotter& p, const std::vector<RunData>& runs) {
    std::string plots, notes;
    double lo = std::numeric_limits<double>::infinity(), hi = 0;
    std::size_t k = 0;
    std::set<double> deadlines;
    for (const auto& r : runs) {
        if (r.latencies_s.empty()) {
            if (r.s.requests > 0)
                notes +=
                    fmt::format("{}: none of its {} requests completed. ", r.label, r.s.requests);
            continue;
        }
        deadlines.insert(r.deadlines_s.begin(), r.deadlines_s.end());
        PlotData data;
        // Fractions are over every submitted request, so the curve ends at the served share.
        for (const auto& pt :
             empirical_cdf(r.latencies_s, kCdfPoints, static_cast<std::size_t>(r.s.requests)))
            data.add_row({pt.value * 1e3, pt.fraction});
        lo = std::min(lo, r.latencies_s.front() * 1e3);
        hi = std::max(hi, r.latencies_s.back() * 1e3);
        const auto file = p.write(fmt::format("cdf{}.dat", r.s.run_id), data);
        std::string title = r.label;
        if (r.s.completed < r.s.requests)
            title += fmt::format(" ({:.1f}% completed)", r.s.served_pct);
        plots += fmt::format("{}{} using 1:2 with steps lw 2 {} title {}",
                             plots.empty() ? "plot " : ", ", file, style_spec(k),
                             GnuplotRenderer::quote(title));
        ++k;
    }
    if (plots.empty())
        return "<p class=\"empty\">No completed requests in the selected runs. " + esc(notes) +
               "</p>\n";
    std::string script =
        "set xlabel 'latency [ms]'\nset ylabel 'fraction of submitted requests'\n"
        "set yrange [0:1.02]\nset grid\nset key outside below\n";
    std::vector<double> shown(deadlines.begin(), deadlines.end());
    if (shown.size() > kDeadlineLines) {
        notes += fmt::format("{} distinct deadlines; the {} shortest are drawn. ", shown.size(),
                             kDeadlineLines);
        shown.resize(kDeadlineLines);
    }
    for (double d : shown) {
        lo = std::min(lo, d * 1e3);
        hi = std::max(hi, d * 1e3);
        script += fmt::format(
            "set arrow from first {0},graph 0 to first {0},graph 1 nohead dt 4 lw 1.5 "
            "lc rgb '#555555' front\n"
            "set label {1} at first {0},graph 0.03 rotate by 90 left offset -0.6,0 "
            "font ',9' tc rgb '#555555' front\n",
            num(d * 1e3), GnuplotRenderer::quote(fmt::format("deadline {:.4g} ms", d * 1e3)));
    }
    // A log axis when latencies span orders of magnitude (local vs cloud, say).
    if (lo > 0 && hi / lo > 50)
        script += fmt::format("set logscale x\nset xrange [{}:{}]\n", num(lo / 1.1), num(hi * 1.1));
    else if (!shown.empty())
        script += fmt::format("set xrange [*:{}]\n", num(hi * 1.05));  // keep deadlines in view
    std::string svg = p.g.render_svg(script + plots + "\n", kWidth, 440);
    if (!notes.empty()) svg += "<p class=\"note\">" + esc(notes) + "</p>\n";
    return svg;
}

struct Bar {
    std::string label;
    std::optional<double> value;
};

// One bar per entry. Entries without a value are left out, or, with `unknown_text`, keep
// their place on the axis with that text instead of a bar.
std::string bar_plot(Plotter& p, const std::string& name, const std::string& ylabel,
                     const std::vector<Bar>& bars, bool percent,
                     const std::string& unknown_text = "") {
    PlotData data;
    int n = 0, known = 0;
    for (const auto& b : bars) {
        if (!b.value && unknown_text.empty()) continue;
        const double v = b.value.value_or(0.0);
        const std::string text = !b.value  ? unknown_text
                                 : percent ? fmt::format("{:.1f}", v)
                                           : fmt::format("{:.3g}", v);
        if (data.add_row({static_cast<double>(n), b.label, v, text, b.value ? 1.0 : 0.0})) {
            ++n;
            if (b.value) ++known;
        }
    }
    if (known == 0) return "";
    const auto file = p.write(name + ".dat", data);
    std::string script = fmt::format(
        "set ylabel {}\nset style fill solid 0.85 noborder\nset boxwidth 0.6\nset grid ytics\n"
        "set xrange [-0.6:{}]\nset xtics rotate by -20 nomirror\nset key off\n",
        GnuplotRenderer::quote(ylabel), num(n - 0.4));
    script += percent ? "set yrange [0:110]\n" : "set yrange [0:*]\nset offsets 0,0,graph 0.1,0\n";
    // 1/0 is gnuplot's "undefined": an unknown entry gets its label but no box.
    script += fmt::format(
        "plot {0} using 1:($5>0?$3:1/0):xtic(2) with boxes lc rgb '#4477aa', "
        "{0} using 1:3:4 with labels offset 0,0.8 font ',9'\n",
        file);
    return p.g.render_svg(script, kWidth, 340);
}

std::string battery_plot(Plotter& p, const RunData& r) {
    const auto groups = battery_by_group(r.battery, kBatteryBins);
    if (groups.empty())
        return "<p class=\"empty\">No battery samples (device_samples.battery_frac) in this "
               "run.</p>\n";
    std::string plots;
    std::size_t k = 0;
    for (const auto& [group, points] : groups) {
        PlotData data;
        for (const auto& pt : points)
            data.add_row({pt.t_s, pt.mean_frac * 100, pt.min_frac * 100, pt.max_frac * 100});
        const auto file = p.write(fmt::format("bat{}_{}.dat", r.s.run_id, k), data);
        const auto st = series_style(k);
        // The band shows the spread inside the group; the line is the group mean.
        plots += fmt::format(
            "{}{} using 1:3:4 with filledcurves fs transparent solid 0.18 noborder lc rgb '{}' "
            "notitle, {} using 1:2 with lines lw 2 {} title {}",
            plots.empty() ? "plot " : ", ", file, st.colour, file, style_spec(k),
            GnuplotRenderer::quote(group + " (mean, min-max band)"));
        ++k;
    }
    const std::string script =
        "set xlabel 'simulated time [s]'\nset ylabel 'battery [%]'\nset yrange [0:105]\n"
        "set grid\nset key outside below\n" +
        event_marks(r.events) + plots + "\n";
    return p.g.render_svg(script, kWidth, 380);
}

// Two panels on one time axis: the sensed bandwidth on top, the choices as lanes below, each
// with its own axis and grid (lanes overlaid on the Mbit/s grid read as bandwidth levels).
std::string decision_plot(Plotter& p, const RunData& r) {
    const auto series = decision_series(r.decisions, kDecisionPoints, kMaxChoices);
    if (series.points.empty()) return "<p class=\"empty\">No decisions recorded in this run.</p>\n";
    // Bandwidth and choices go to separate files: a non-finite or unknown bandwidth (a local
    // decision has none) drops that row from the bandwidth file only, and the decision keeps its
    // lane point.
    PlotData bandwidth, lanes;
    double t0 = std::numeric_limits<double>::infinity(), t1 = -t0;
    for (const auto& pt : series.points) {
        if (pt.est_bandwidth_bps) bandwidth.add_row({pt.t_s, *pt.est_bandwidth_bps / 1e6});
        lanes.add_row({pt.t_s, static_cast<double>(pt.choice_index)});
        t0 = std::min(t0, pt.t_s);
        t1 = std::max(t1, pt.t_s);
    }
    if (!(t1 > t0)) {
        t0 -= 1;
        t1 += 1;
    }
    const auto bw_file = p.write(fmt::format("dec{}_bw.dat", r.s.run_id), bandwidth);
    const auto lane_file = p.write(fmt::format("dec{}_choice.dat", r.s.run_id), lanes);
    std::string tics;
    std::size_t longest = 0;
    for (std::size_t i = 0; i < series.choices.size(); ++i) {
        tics += fmt::format("{}{} {}", i ? ", " : "", GnuplotRenderer::quote(series.choices[i]), i);
        longest = std::max(longest, series.choices[i].size());
    }
    // Pixel layout: 20 top, 210 bandwidth panel, 30 gap, a lane band per choice, 60 for the
    // time axis. The left margin fits the longest choice label (about 6.5 px a character).
    // Without one finite bandwidth there is no top panel (gnuplot fails on an empty file).
    const bool with_bandwidth = !bandwidth.empty();
    const int lanes_top_px = with_bandwidth ? 260 : 20;
    const int lanes_px = 24 + 22 * static_cast<int>(series.choices.size());
    const int height = lanes_top_px + lanes_px + 60;
    auto y = [&](int from_top_px) { return num(1.0 - double(from_top_px) / height); };
    const double left = std::clamp((60.0 + 6.5 * double(longest)) / kWidth, 0.10, 0.45);
    std::string script = fmt::format(
        "set multiplot\nset lmargin at screen {}\nset rmargin at screen 0.97\n"
        "set xrange [{}:{}]\n",
        num(left), num(t0), num(t1));
    if (with_bandwidth)
        script += fmt::format(
            "set tmargin at screen {}\nset bmargin at screen {}\nset format x ''\nunset xlabel\n"
            "set ylabel 'sensed bandwidth [Mbit/s]'\nset yrange [0:*]\n"
            "set offsets 0,0,graph 0.05,0\nset grid xtics ytics\n"
            "set key inside top right opaque font ',9'\n{}"
            "plot {} using 1:2 with {} lc rgb '#4477aa' title {}\n"
            "unset arrow\nunset label\n",
            y(20), y(230), event_marks(r.events), bw_file,
            series.binned ? "lines lw 1.5" : "points pt 7 ps 0.35",
            GnuplotRenderer::quote(series.binned ? "est. bandwidth (bin mean)"
                                                 : "est. bandwidth (per decision)"));
    script += fmt::format(
        "set tmargin at screen {}\nset bmargin at screen {}\n"
        "set format x '% h'\nset xlabel 'simulated time [s]'\n"
        "set ylabel {}\nset yrange [-0.5:{}]\nset offsets 0,0,0,0\nset ytics ({}) font ',9'\n"
        "set grid xtics ytics\nunset key\n{}"
        "plot {} using 1:2 with points pt 5 ps 0.55 lc rgb '#ee6677' notitle\n"
        "unset multiplot\n",
        y(lanes_top_px), y(lanes_top_px + lanes_px),
        GnuplotRenderer::quote(series.binned ? "choice (bin mode)" : "choice"),
        num(static_cast<double>(series.choices.size()) - 0.5), tics,
        event_marks(r.events, !with_bandwidth), lane_file);
    std::string svg = p.g.render_svg(script, kWidth, height);
    if (!with_bandwidth)
        svg += "<p class=\"note\">No finite sensed bandwidth in this run's decisions.</p>\n";
    return svg;
}

std::string events_table(const RunData& r) {
    if (r.events.empty()) return "<p class=\"empty\">No events in this run.</p>\n";
    std::string h =
        "<table class=\"events\"><thead><tr><th>t [s]</th><th>kind</th>"
        "<th>subject</th><th>detail</th></tr></thead><tbody>\n";
    for (std::size_t i = 0; i < r.events.size() && i < kEventRowsListed; ++i) {
        const auto& e = r.events[i];
        h += fmt::format("<tr><td>{:.3f}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", e.t_s,
                         esc(e.kind), esc(e.subject), esc(e.detail));
    }
    h += "</tbody></table>\n";
    if (r.events.size() > kEventRowsListed)
        h += fmt::format(
            "<p class=\"note\">{} more events: <code>a2iot export DB --table events "
            "--run {}</code></p>\n",
            r.events.size() - kEventRowsListed, r.s.run_id);
    return h;
}

std::string utc_now() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
    return buf;
}

const char* const kStyle = R"css(
body { font-family: sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.05em; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: right; }
th { background: #f0f0f0; }
td:nth-child(2), td:nth-child(3), th:nth-child(2), th:nth-child(3) { text-align: left; }
table.events td, table.events th { text-align: left; }
tr.incomplete td { background: #fff4e0; }
.badge { background: #e08000; color: #fff; padding: 0.05em 0.4em; border-radius: 0.3em; }
.warning { background: #fff4e0; border-left: 4px solid #e08000; padding: 0.5em 1em; }
.plot svg { width: 100%; height: auto; }
.empty, .note, .meta { color: #666; font-size: 0.9em; }
)css";

}  // namespace

std::string render_html_report(sqlite3* db, const std::string& db_path,
                               const ReportOptions& options) {
    // gnuplot first: without it there is no report, and the user should learn that at once.
    GnuplotRenderer g(options.gnuplot, options.plot_dir);
    Plotter p{g};

    std::vector<std::int64_t> ids = options.run_ids;
    if (!ids.empty()) {
        for (auto id : ids) {
            results::Statement q(db, "SELECT 1 FROM runs WHERE run_id=?", db_path);
            q.bind(1, id);
            if (!q.step())
                throw common::InputError("", 0, "--run", std::to_string(id),
                                         "the id of a run in " + db_path);
        }
    }
    const auto summaries = summarize(db, ids);
    if (summaries.empty())
        throw common::InputError("", 0, "DB", db_path, "a results database with at least one run");

    std::set<std::string> scenarios;
    for (const auto& s : summaries) scenarios.insert(s.scenario);
    std::vector<RunData> runs;
    for (const auto& s : summaries) {
        RunData r;
        r.s = s;
        r.incomplete = s.status == "running";
        r.label = (scenarios.size() > 1 ? s.scenario + "/" : "") + s.policy + " #" +
                  std::to_string(s.run_id) + (r.incomplete ? " (incomplete)" : "");
        load(db, db_path, r);
        runs.push_back(std::move(r));
    }

    const std::string title =
        options.title.empty()
            ? "a2iot report: " + std::filesystem::path(db_path).filename().string()
            : options.title;
    std::string h =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
        esc(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
    h += "<h1>" + esc(title) + "</h1>\n";
    h += fmt::format("<p class=\"meta\">Database <code>{}</code>, {} run(s), generated {}.</p>\n",
                     esc(db_path), runs.size(), utc_now());
    const auto incomplete =
        std::count_if(runs.begin(), runs.end(), [](const RunData& r) { return r.incomplete; });
    if (incomplete > 0)
        h += fmt::format(
            "<p class=\"warning\">{} run(s) are still <b>running</b>: they were interrupted or "
            "are in progress, so their numbers cover only what was written so far.</p>\n",
            incomplete);

    h += "<h2>Summary</h2>\n" + summary_table(runs);
    h += "<p class=\"note\">Served = completed / submitted requests; offered/s = submitted "
         "requests / the scenario's duration (the arrivals window). Percentiles are nearest-rank "
         "over every submitted request, a request that never completed (failed, dropped, timed "
         "out) ranking after every completed one: a percentile whose rank falls on one reads "
         "&ldquo;unfinished&rdquo;. Deadline hit = completed within the deadline / requests with "
         "a deadline. Energy is the requesting devices' energy per request over all requests; "
         "it is &ldquo;unknown&rdquo; when any request's energy is unknown (the catalog lacks a "
         "power figure it used), and the cell says how many are known. "
         "&ldquo;sim [s] &hellip; (drain +N)&rdquo;: arrivals stopped at the scenario's duration "
         "and the run went on N s to finish the requests in flight.</p>\n";

    std::string body;
    body += "<h2>Latency CDF</h2>\n<div class=\"plot\">" + cdf_plot(p, runs) + "</div>\n";

    std::vector<Bar> hit, energy;
    std::string unknown_energy;
    bool any_requests = false;
    for (const auto& r : runs) {
        hit.push_back({r.label, r.s.with_deadline > 0 ? std::optional<double>(r.s.deadline_hit_pct)
                                                      : std::nullopt});
        if (r.s.requests == 0) continue;  // no bar: nothing to average
        any_requests = true;
        energy.push_back({r.label, r.s.device_energy_per_request_j});
        if (!r.s.device_energy_per_request_j)
            unknown_energy +=
                fmt::format("<li>{}: only {} of {} requests have a device energy</li>\n",
                            esc(r.label), r.s.energy_known_requests, r.s.requests);
    }
    const auto hit_svg = bar_plot(p, "hit", "deadline hit rate [%]", hit, true);
    body += "<h2>Deadline hit rate</h2>\n" +
            (hit_svg.empty() ? "<p class=\"empty\">No request had a deadline.</p>\n"
                             : "<div class=\"plot\">" + hit_svg + "</div>\n");
    const auto energy_svg =
        bar_plot(p, "energy", "device energy per request [J]", energy, false, "unknown");
    body += "<h2>Energy per request</h2>\n";
    if (!any_requests)
        body += "<p class=\"empty\">No requests.</p>\n";
    else if (energy_svg.empty())
        body +=
            "<p class=\"empty\">Energy per request is unknown for every selected run (the "
            "catalog lacks a power figure some requests used).</p>\n";
    else
        body += "<div class=\"plot\">" + energy_svg + "</div>\n";
    if (!unknown_energy.empty())
        body += "<p class=\"note\">Energy per request unknown:</p>\n<ul class=\"note\">\n" +
                unknown_energy + "</ul>\n";

    for (const auto& r : runs) {
        body += fmt::format("<h2 id=\"run-{}\">Run {}: {} / {} {}</h2>\n", r.s.run_id, r.s.run_id,
                            esc(r.s.scenario), esc(r.s.policy),
                            r.incomplete ? "<span class=\"badge\">running &mdash; incomplete</span>"
                                         : fmt::format("({})", esc(r.s.status)));
        body += "<h3>Battery level by device group</h3>\n<div class=\"plot\">" +
                battery_plot(p, r) + "</div>\n";
        body += "<h3>Chosen variant/cut and sensed bandwidth</h3>\n<div class=\"plot\">" +
                decision_plot(p, r) + "</div>\n";
        body += "<h3>Events</h3>\n" + events_table(r);
    }
    if (p.dropped > 0)
        h += fmt::format(
            "<p class=\"warning\">{} plot point(s) held a non-finite value (inf or nan in the "
            "database) and were left out of the plots; the tables use every row.</p>\n",
            p.dropped);
    h += body;
    h += "</body>\n</html>\n";
    return h;
}

}  // namespace a2iot::analysis
