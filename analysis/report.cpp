#include "analysis/report.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>

#include "analysis/gnuplot_renderer.hpp"
#include "analysis/report_series.hpp"
#include "analysis/rows.hpp"
#include "analysis/run_summary.hpp"
#include "analysis/statement.hpp"
#include "common/input_error.hpp"

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
constexpr int kWidth = 900;

const char* const kColors[] = {"#4477aa", "#ee6677", "#228833", "#ccbb44",
                               "#66ccee", "#aa3377", "#bbbbbb", "#000000"};

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

// A string column for a gnuplot data file: double-quoted, with no double quote inside.
std::string data_str(std::string s) {
    std::replace(s.begin(), s.end(), '"', '\'');
    std::replace(s.begin(), s.end(), '\n', ' ');
    return "\"" + s + "\"";
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
    std::vector<double> latencies_s;  // completed requests, ascending
    std::vector<BatterySample> battery;
    std::vector<DecisionSample> decisions;
    std::vector<EventMark> events;
};

void load(sqlite3* db, const std::string& path, RunData& r) {
    const auto id = r.s.run_id;
    {
        Statement q(db,
                    "SELECT coalesce(latency_s, completed_s - submitted_s) FROM requests "
                    "WHERE run_id=? AND completed_s IS NOT NULL ORDER BY 1",
                    path);
        q.bind(1, id);
        while (q.step()) r.latencies_s.push_back(q.get_double(0));
    }
    {
        Statement q(db,
                    "SELECT t_s, device, battery_frac FROM device_samples "
                    "WHERE run_id=? AND battery_frac IS NOT NULL ORDER BY t_s",
                    path);
        q.bind(1, id);
        while (q.step()) r.battery.push_back({q.get_double(0), q.get_text(1), q.get_double(2)});
    }
    {
        Statement q(db,
                    "SELECT t_s, variant, split, target, est_bandwidth_bps FROM decisions "
                    "WHERE run_id=? ORDER BY t_s",
                    path);
        q.bind(1, id);
        while (q.step())
            r.decisions.push_back({q.get_double(0),
                                   choice_label(q.get_text(1), q.get_text(2), q.get_text(3)),
                                   q.get_double(4)});
    }
    {
        Statement q(db,
                    "SELECT t_s, kind, subject, detail FROM events WHERE run_id=? "
                    "ORDER BY t_s, rowid",
                    path);
        q.bind(1, id);
        while (q.step())
            r.events.push_back({q.get_double(0), q.get_text(1), q.get_text(2), q.get_text(3)});
    }
}

// gnuplot commands that draw the run's events as dashed vertical lines with rotated labels.
// Events of one kind at one time (ten devices dying together) share one line and label.
std::string event_marks(const std::vector<EventMark>& events) {
    std::map<std::pair<double, std::string>, std::vector<std::string>> grouped;
    for (const auto& e : events) grouped[{e.t_s, e.kind}].push_back(e.subject);
    std::string out;
    std::size_t n = 0;
    for (const auto& [key, subjects] : grouped) {
        if (n >= kEventLines) break;
        out += fmt::format(
            "set arrow from first {0},graph 0 to first {0},graph 1 nohead dt 2 lw 1 "
            "lc rgb '#b03030' front\n",
            key.first);
        if (n < kEventLabels) {
            std::string text = key.second;
            if (subjects.size() == 1 && !subjects[0].empty())
                text += " " + subjects[0];
            else if (subjects.size() > 1)
                text += fmt::format(" x{}", subjects.size());
            out += fmt::format(
                "set label {} at first {},graph 0.98 rotate by 90 right offset -0.6,0 "
                "font ',8' tc rgb '#b03030' front\n",
                GnuplotRenderer::quote(text), key.first);
        }
        ++n;
    }
    return out;
}

std::string opt(const std::optional<double>& v, double scale, int digits) {
    return v ? fmt::format("{:.{}f}", *v * scale, digits) : "&ndash;";
}

std::string summary_table(const std::vector<RunData>& runs) {
    std::string h =
        "<table class=\"summary\">\n<thead><tr><th>run</th><th>scenario</th><th>policy</th>"
        "<th>seed</th><th>status</th><th>requests</th><th>ok [%]</th><th>deadline hit [%]</th>"
        "<th>p50 [ms]</th><th>p95 [ms]</th><th>p99 [ms]</th><th>mean [ms]</th>"
        "<th>energy/req [J]</th><th>accuracy</th><th>devices died</th><th>sim [s]</th>"
        "<th>wall [s]</th></tr></thead>\n<tbody>\n";
    for (const auto& r : runs) {
        const auto& s = r.s;
        h += fmt::format(
            "<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
            "<td>{}</td><td>{:.1f}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
            "<td>{}</td><td>{}</td><td>{}</td><td>{:.1f}</td><td>{:.2f}</td></tr>\n",
            r.incomplete ? "incomplete" : esc(s.status), s.run_id, esc(s.scenario), esc(s.policy),
            s.seed,
            r.incomplete ? "<span class=\"badge\">running &mdash; incomplete</span>"
                         : esc(s.status),
            s.requests, s.ok_pct,
            s.with_deadline > 0 ? fmt::format("{:.1f}", s.deadline_hit_pct) : "&ndash;",
            opt(s.p50_latency_s, 1e3, 1), opt(s.p95_latency_s, 1e3, 1),
            opt(s.p99_latency_s, 1e3, 1),
            s.p50_latency_s ? fmt::format("{:.1f}", s.mean_latency_s * 1e3) : "&ndash;",
            s.energy_known_requests > 0 ? fmt::format("{:.4g}", s.device_energy_per_request_j)
                                        : std::string("unknown"),
            opt(s.mean_accuracy, 1, 3), s.devices_died, s.sim_time_s,
            s.wall_s);
    }
    return h + "</tbody>\n</table>\n";
}

std::string cdf_plot(GnuplotRenderer& g, const std::vector<RunData>& runs) {
    std::string plots;
    double lo = std::numeric_limits<double>::infinity(), hi = 0;
    int k = 0;
    for (const auto& r : runs) {
        if (r.latencies_s.empty()) continue;
        std::string data;
        for (const auto& p : empirical_cdf(r.latencies_s, kCdfPoints))
            data += fmt::format("{} {}\n", p.value * 1e3, p.fraction);
        lo = std::min(lo, r.latencies_s.front() * 1e3);
        hi = std::max(hi, r.latencies_s.back() * 1e3);
        const auto file = g.write_data(fmt::format("cdf{}.dat", r.s.run_id), data);
        plots += fmt::format("{}{} using 1:2 with steps lw 2 lc rgb '{}' title {}",
                             plots.empty() ? "plot " : ", ", file, kColors[k % 8],
                             GnuplotRenderer::quote(r.label));
        ++k;
    }
    if (plots.empty())
        return "<p class=\"empty\">No completed requests in the selected runs.</p>\n";
    std::string script =
        "set xlabel 'latency [ms]'\nset ylabel 'fraction of completed requests'\n"
        "set yrange [0:1.02]\nset grid\nset key bottom right\n";
    // A log axis when latencies span orders of magnitude (local vs cloud, say).
    if (lo > 0 && hi / lo > 50)
        script += fmt::format("set logscale x\nset xrange [{}:{}]\n", lo / 1.1, hi * 1.1);
    return g.render_svg(script + plots + "\n", kWidth, 420);
}

std::string bar_plot(GnuplotRenderer& g, const std::string& name, const std::string& ylabel,
                     const std::vector<std::pair<std::string, std::optional<double>>>& bars,
                     bool percent) {
    std::string data;
    int n = 0;
    for (const auto& [label, v] : bars) {
        if (!v) continue;
        data +=
            fmt::format("{} {} {}\n", data_str(label), *v,
                        data_str(percent ? fmt::format("{:.1f}", *v) : fmt::format("{:.3g}", *v)));
        ++n;
    }
    if (n == 0) return "";
    const auto file = g.write_data(name + ".dat", data);
    std::string script = fmt::format(
        "set ylabel {}\nset style fill solid 0.85 noborder\nset boxwidth 0.6\nset grid ytics\n"
        "set xrange [-0.6:{}]\nset xtics rotate by -20 nomirror\nset key off\n",
        GnuplotRenderer::quote(ylabel), n - 0.4);
    script += percent ? "set yrange [0:110]\n" : "set yrange [0:*]\nset offsets 0,0,graph 0.1,0\n";
    script += fmt::format(
        "plot {0} using 0:2:xtic(1) with boxes lc rgb '#4477aa', "
        "{0} using 0:2:3 with labels offset 0,0.8 font ',9'\n",
        file);
    return g.render_svg(script, kWidth, 340);
}

std::string battery_plot(GnuplotRenderer& g, const RunData& r) {
    const auto groups = battery_by_group(r.battery, kBatteryBins);
    if (groups.empty())
        return "<p class=\"empty\">No battery samples (device_samples.battery_frac) in this "
               "run.</p>\n";
    std::string plots;
    int k = 0;
    for (const auto& [group, points] : groups) {
        std::string data;
        for (const auto& p : points)
            data += fmt::format("{} {} {} {}\n", p.t_s, p.mean_frac * 100, p.min_frac * 100,
                                p.max_frac * 100);
        const auto file = g.write_data(fmt::format("bat{}_{}.dat", r.s.run_id, k), data);
        const char* color = kColors[k % 8];
        // The band shows the spread inside the group; the line is the group mean.
        plots += fmt::format(
            "{}{} using 1:3:4 with filledcurves fs transparent solid 0.18 noborder lc rgb '{}' "
            "notitle, {} using 1:2 with lines lw 2 lc rgb '{}' title {}",
            plots.empty() ? "plot " : ", ", file, color, file, color,
            GnuplotRenderer::quote(group + " (mean, min-max band)"));
        ++k;
    }
    const std::string script =
        "set xlabel 'simulated time [s]'\nset ylabel 'battery [%]'\nset yrange [0:105]\n"
        "set grid\nset key outside below\n" +
        event_marks(r.events) + plots + "\n";
    return g.render_svg(script, kWidth, 380);
}

std::string decision_plot(GnuplotRenderer& g, const RunData& r) {
    const auto series = decision_series(r.decisions, kDecisionPoints, kMaxChoices);
    if (series.points.empty()) return "<p class=\"empty\">No decisions recorded in this run.</p>\n";
    std::string data;
    for (const auto& p : series.points)
        data += fmt::format("{} {} {}\n", p.t_s, p.est_bandwidth_bps / 1e6, p.choice_index);
    const auto file = g.write_data(fmt::format("dec{}.dat", r.s.run_id), data);
    std::string tics;
    for (std::size_t i = 0; i < series.choices.size(); ++i)
        tics += fmt::format("{}{} {}", i ? ", " : "", GnuplotRenderer::quote(series.choices[i]), i);
    const std::string script = fmt::format(
        "set xlabel 'simulated time [s]'\nset ylabel 'sensed bandwidth [Mbit/s]'\n"
        "set yrange [0:*]\nset offsets 0,0,graph 0.05,0\nset y2range [-0.5:{}]\n"
        "set y2tics ({}) font ',9'\nset ytics nomirror\nset grid xtics ytics\n"
        "set key outside below\n{}"
        "plot {} using 1:2 with {} lc rgb '#4477aa' title {}, "
        "{} using 1:3 axes x1y2 with points pt 5 ps 0.55 lc rgb '#ee6677' title {}\n",
        series.choices.size() - 0.5, tics, event_marks(r.events), file,
        series.binned ? "lines lw 1.5" : "points pt 7 ps 0.35",
        GnuplotRenderer::quote(series.binned ? "est. bandwidth (bin mean)"
                                             : "est. bandwidth (per decision)"),
        file,
        GnuplotRenderer::quote(series.binned ? "choice: variant|cut@target (bin mode)"
                                             : "choice: variant|cut@target"));
    return g.render_svg(script, kWidth, 380 + 12 * static_cast<int>(series.choices.size()));
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
    GnuplotRenderer g(options.gnuplot);

    std::vector<std::int64_t> ids = options.run_ids;
    if (!ids.empty()) {
        for (auto id : ids) {
            Statement q(db, "SELECT 1 FROM runs WHERE run_id=?", db_path);
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
    h += "<p class=\"note\">Percentiles are nearest-rank over completed requests. Deadline hit "
         "= completed within the deadline / requests with a deadline. Energy is the requesting "
         "devices' energy averaged over the requests whose energy is known (unknown when the "
         "catalog lacks a power figure the request used).</p>\n";

    h += "<h2>Latency CDF</h2>\n<div class=\"plot\">" + cdf_plot(g, runs) + "</div>\n";

    std::vector<std::pair<std::string, std::optional<double>>> hit, energy;
    for (const auto& r : runs) {
        hit.emplace_back(r.label, r.s.with_deadline > 0
                                      ? std::optional<double>(r.s.deadline_hit_pct)
                                      : std::nullopt);
        energy.emplace_back(r.label, r.s.energy_known_requests > 0
                                         ? std::optional<double>(r.s.device_energy_per_request_j)
                                         : std::nullopt);
    }
    const auto hit_svg = bar_plot(g, "hit", "deadline hit rate [%]", hit, true);
    h += "<h2>Deadline hit rate</h2>\n" +
         (hit_svg.empty() ? "<p class=\"empty\">No request had a deadline.</p>\n"
                          : "<div class=\"plot\">" + hit_svg + "</div>\n");
    const auto energy_svg = bar_plot(g, "energy", "device energy per request [J]", energy, false);
    h += "<h2>Energy per request</h2>\n" + (energy_svg.empty()
                                                ? "<p class=\"empty\">No requests.</p>\n"
                                                : "<div class=\"plot\">" + energy_svg + "</div>\n");

    for (const auto& r : runs) {
        h += fmt::format("<h2 id=\"run-{}\">Run {}: {} / {} {}</h2>\n", r.s.run_id, r.s.run_id,
                         esc(r.s.scenario), esc(r.s.policy),
                         r.incomplete ? "<span class=\"badge\">running &mdash; incomplete</span>"
                                      : fmt::format("({})", esc(r.s.status)));
        h += "<h3>Battery level by device group</h3>\n<div class=\"plot\">" + battery_plot(g, r) +
             "</div>\n";
        h += "<h3>Chosen variant/cut and sensed bandwidth</h3>\n<div class=\"plot\">" +
             decision_plot(g, r) + "</div>\n";
        h += "<h3>Events</h3>\n" + events_table(r);
    }
    h += "</body>\n</html>\n";
    return h;
}

}  // namespace a2iot::analysis
