#include "analysis/report.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <regex>
#include <set>
#include <sstream>

#include "analysis/gnuplot_renderer.hpp"
#include "analysis/plot_data.hpp"
#include "analysis/report_series.hpp"
#include "common/input_error.hpp"
#include "results/recorder.hpp"
#include "tests/analysis/synthetic_db.hpp"
#include "tests/analysis/temp_dir.hpp"

namespace a2iot::analysis {
namespace {

using testing::TempDir;

std::vector<std::string> split_svgs(const std::string& html) {
    std::vector<std::string> out;
    for (auto p = html.find("<svg"); p != std::string::npos; p = html.find("<svg", p + 1))
        out.push_back(html.substr(p, html.find("</svg>", p) - p));
    return out;
}

// The most line segments in one SVG path: how gnuplot draws a curve through data points.
std::size_t longest_polyline(const std::string& svg) {
    std::size_t best = 0;
    for (auto p = svg.find("<path"); p != std::string::npos; p = svg.find("<path", p + 1)) {
        const auto end = svg.find('>', p);
        const auto d = svg.find(" d=", p);
        if (d == std::string::npos || d > end) continue;
        const char quote = svg[d + 3];
        const auto close = svg.find(quote, d + 4);
        best =
            std::max<std::size_t>(best, std::count(svg.begin() + d + 4, svg.begin() + close, 'L'));
    }
    return best;
}

bool have_gnuplot() {
    return std::system("command -v gnuplot >/dev/null 2>&1") == 0;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
    return n;
}

TEST(ReportSeries, DeviceGroupStripsOnlyATrailingIndex) {
    EXPECT_EQ(device_group("cam-12"), "cam");
    EXPECT_EQ(device_group("cam-0"), "cam");
    EXPECT_EQ(device_group("edge"), "edge");
    EXPECT_EQ(device_group("redmi-note-8-3"), "redmi-note-8");
    EXPECT_EQ(device_group("cam-"), "cam-");
    EXPECT_EQ(device_group("cam-x1"), "cam-x1");
}

TEST(ReportSeries, CdfKeepsEndpointsAndIsMonotone) {
    std::vector<double> v;
    for (int i = 1; i <= 10; ++i) v.push_back(i);
    const auto all = empirical_cdf(v, 100);
    ASSERT_EQ(all.size(), 10u);
    EXPECT_DOUBLE_EQ(all[0].fraction, 0.1);
    EXPECT_DOUBLE_EQ(all[4].value, 5);
    EXPECT_DOUBLE_EQ(all[4].fraction, 0.5);
    std::vector<double> big(100000);
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<double>(i);
    const auto few = empirical_cdf(big, 1000);
    ASSERT_EQ(few.size(), 1000u);
    EXPECT_DOUBLE_EQ(few.front().value, 0);
    EXPECT_DOUBLE_EQ(few.back().value, 99999);
    EXPECT_DOUBLE_EQ(few.back().fraction, 1.0);
    for (std::size_t i = 1; i < few.size(); ++i) {
        EXPECT_GT(few[i].value, few[i - 1].value);
        // Every point lies on the exact empirical CDF of the full data: F(x) = (x+1)/N.
        EXPECT_DOUBLE_EQ(few[i].fraction, (few[i].value + 1) / 100000.0);
    }
    EXPECT_TRUE(empirical_cdf({}, 10).empty());
}

TEST(ReportSeries, BatteryIsAveragedPerGroupAndTime) {
    const std::vector<BatterySample> s = {{0, "cam-0", 1.0},  {0, "cam-1", 0.5},
                                          {0, "edge", 0.9},   {10, "cam-0", 0.8},
                                          {10, "cam-1", 0.2}, {10, "cam-2", 0.5}};
    const auto g = battery_by_group(s, 100);
    ASSERT_EQ(g.size(), 2u);
    const auto& cam = g.at("cam");
    ASSERT_EQ(cam.size(), 2u);
    EXPECT_DOUBLE_EQ(cam[0].mean_frac, 0.75);
    EXPECT_DOUBLE_EQ(cam[0].min_frac, 0.5);
    EXPECT_DOUBLE_EQ(cam[0].max_frac, 1.0);
    EXPECT_DOUBLE_EQ(cam[1].t_s, 10);
    EXPECT_DOUBLE_EQ(cam[1].mean_frac, 0.5);
    EXPECT_DOUBLE_EQ(cam[1].min_frac, 0.2);
    EXPECT_EQ(g.at("edge").size(), 1u);
    // Binned: 1000 sample times into 10 bins of 100 s; bin 0 holds t = 0..99.
    std::vector<BatterySample> many;
    for (int t = 0; t < 1000; ++t) many.push_back({double(t), "cam-0", t < 100 ? 1.0 : 0.0});
    const auto b = battery_by_group(many, 10).at("cam");
    ASSERT_EQ(b.size(), 10u);
    EXPECT_DOUBLE_EQ(b[0].mean_frac, 1.0);
    EXPECT_DOUBLE_EQ(b[1].mean_frac, 0.0);
}

TEST(ReportSeries, DecisionsKeepFrequentChoicesAndBinWhenLarge) {
    std::vector<DecisionSample> d;
    for (int i = 0; i < 10; ++i) d.push_back({double(i), "a", 1e6});
    for (int i = 0; i < 5; ++i) d.push_back({10.0 + i, "b", 2e6});
    d.push_back({20, "c", 3e6});
    d.push_back({21, "d", 3e6});
    const auto s = decision_series(d, 1000, 3);
    EXPECT_EQ(s.choices, (std::vector<std::string>{"a", "b", "other"}));
    ASSERT_EQ(s.points.size(), d.size());
    EXPECT_FALSE(s.binned);
    EXPECT_EQ(s.points.back().choice_index, 2);
    const auto binned = decision_series(d, 2, 3);  // [0,10.5) and [10.5,21]
    EXPECT_TRUE(binned.binned);
    ASSERT_EQ(binned.points.size(), 2u);
    EXPECT_EQ(binned.points[0].choice_index, 0);  // ten a's + b at t=10
    ASSERT_TRUE(binned.points[0].est_bandwidth_bps);
    EXPECT_NEAR(*binned.points[0].est_bandwidth_bps, (10e6 + 2e6) / 11, 1e-6);
    EXPECT_EQ(binned.points[1].choice_index, 1);  // four b's beat c and d
    EXPECT_EQ(choice_label("l1-50", "conv5", "edge"), "l1-50|conv5@edge");
    EXPECT_EQ(choice_label("base", "", ""), "base");
}

// A local decision has no bandwidth (NULL, nullopt): it keeps its point on its lane, and a bin's
// mean is over the decisions that have one, not dragged towards 0 by the local ones.
TEST(ReportSeries, LocalDecisionsHaveNoBandwidthAndDoNotLowerTheBinMean) {
    std::vector<DecisionSample> d;
    for (int i = 0; i < 4; ++i) d.push_back({double(i), "base|remote@edge", 8e6});
    for (int i = 4; i < 10; ++i) d.push_back({double(i), "base", std::nullopt});
    d.push_back({10, "base", std::nullopt});  // alone in the second bin
    const auto s = decision_series(d, 1000, 5);
    ASSERT_EQ(s.points.size(), d.size());
    EXPECT_EQ(s.points[0].est_bandwidth_bps, 8e6);
    EXPECT_FALSE(s.points[5].est_bandwidth_bps);
    const auto binned = decision_series(d, 2, 5);  // [0,5) and [5,10]
    ASSERT_EQ(binned.points.size(), 2u);
    ASSERT_TRUE(binned.points[0].est_bandwidth_bps);
    // Four at 8 Mbit/s and one local decision in [0,5): the mean is 8e6, not 8e6 * 4 / 5.
    EXPECT_DOUBLE_EQ(*binned.points[0].est_bandwidth_bps, 8e6);
    EXPECT_FALSE(binned.points[1].est_bandwidth_bps);  // only local decisions there
}

TEST(ReportSeries, SeriesStylesStayDistinctBeyondEightColours) {
    std::set<std::pair<std::string, int>> seen;
    const std::size_t n = kSeriesColours * kSeriesDashTypes;
    for (std::size_t k = 0; k < n; ++k) {
        const auto st = series_style(k);
        EXPECT_TRUE(seen.insert({st.colour, st.dash_type}).second) << k;
        EXPECT_EQ(st.colour.size(), 7u);
    }
    EXPECT_EQ(series_style(0).dash_type, 1);  // the first eight are solid
    EXPECT_EQ(series_style(7).dash_type, 1);
    EXPECT_NE(series_style(8).dash_type, 1);
    EXPECT_EQ(series_style(8).colour, series_style(0).colour);
}

// The simulator writes one sample for a device when its battery dies, at that odd time; the
// group's mean there used to be that single device's 0 %, a dip to the floor at every death.
TEST(ReportSeries, BatteryGroupMeanHoldsOtherDevicesAtADeathSample) {
    std::vector<BatterySample> s;
    for (double t : {0.0, 10.0, 20.0})
        for (int d = 0; d < 5; ++d)
            if (!(d == 4 && t > 13.3))
                s.push_back({t, "cam-" + std::to_string(d), 0.8 - 0.002 * t});
    s.push_back({13.3, "cam-4", 0.0});  // death sample
    s.push_back({20.0, "cam-4", 0.0});  // dead device in the periodic sample
    const auto g = battery_by_group(s, 100).at("cam");
    ASSERT_EQ(g.size(), 4u);
    EXPECT_DOUBLE_EQ(g[1].mean_frac, 0.78);
    EXPECT_DOUBLE_EQ(g[2].t_s, 13.3);
    EXPECT_NEAR(g[2].mean_frac, (4 * 0.78 + 0) / 5, 1e-12);  // not 0
    EXPECT_DOUBLE_EQ(g[2].min_frac, 0.0);
    EXPECT_DOUBLE_EQ(g[2].max_frac, 0.78);
    EXPECT_NEAR(g[3].mean_frac, (4 * 0.76 + 0) / 5, 1e-12);
    for (const auto& p : g) EXPECT_GT(p.mean_frac, 0.5) << p.t_s;
    // Non-finite samples are ignored rather than poisoning the group.
    s.push_back({25.0, "cam-1", std::numeric_limits<double>::infinity()});
    s.push_back({std::numeric_limits<double>::quiet_NaN(), "cam-1", 0.5});
    EXPECT_EQ(battery_by_group(s, 100).at("cam").size(), 4u);
    // Binned: the state at each bin's end, with the same hold.
    std::vector<BatterySample> many;
    for (int t = 0; t < 100; ++t)
        for (int d = 0; d < 4; ++d) many.push_back({double(t), "cam-" + std::to_string(d), 1.0});
    many.push_back({50.5, "cam-3", 0.0});
    for (int t = 51; t < 100; ++t) many.push_back({double(t), "cam-3", 0.0});
    const auto b = battery_by_group(many, 10).at("cam");
    for (const auto& p : b) EXPECT_GE(p.mean_frac, 0.75) << p.t_s;
}

TEST(ReportSeries, CdfFractionsAreOverEverySubmittedRequest) {
    const auto c = empirical_cdf({1, 2, 3, 4, 5, 6}, 100, 10);
    ASSERT_EQ(c.size(), 6u);
    EXPECT_DOUBLE_EQ(c.front().fraction, 0.1);
    EXPECT_DOUBLE_EQ(c.back().fraction, 0.6);  // 4 of 10 never completed
}

TEST(PlotData, DropsRowsWithNonFiniteNumbersAndQuotesText) {
    PlotData d;
    EXPECT_TRUE(d.add_row({1.0, 2.5, std::string("a \"b\"")}));
    EXPECT_FALSE(d.add_row({std::numeric_limits<double>::infinity(), 1.0}));
    EXPECT_FALSE(d.add_row({1.0, -std::numeric_limits<double>::infinity()}));
    EXPECT_FALSE(d.add_row({std::nan(""), 1.0}));
    EXPECT_TRUE(d.add_row({std::string("inf-label"), 3.0}));
    EXPECT_EQ(d.rows(), 2u);
    EXPECT_EQ(d.dropped(), 3u);
    EXPECT_EQ(d.text(), "1 2.5 \"a 'b'\"\n\"inf-label\" 3\n");
}

TEST(GnuplotRenderer, InlineSvgHasNoUrlsAndUniqueIds) {
    const std::string raw =
        "<?xml version=\"1.0\"?>\n<svg viewBox=\"0 0 10 10\"\n xmlns=\"http://www.w3.org/2000/svg\""
        "\n xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n<g id=\"gnuplot_canvas\"><path "
        "id='gpPt0' d='M0,0'/><use xlink:href='#gpPt0'/><g clip-path=\"url(#c1)\"/></g></svg>";
    const auto s = inline_svg(raw, "p7_");
    EXPECT_EQ(s.find("http"), std::string::npos) << s;
    EXPECT_EQ(s.find("<?xml"), std::string::npos) << s;
    EXPECT_NE(s.find("id=\"p7_gnuplot_canvas\""), std::string::npos) << s;
    EXPECT_NE(s.find("id='p7_gpPt0'"), std::string::npos) << s;
    EXPECT_NE(s.find("href='#p7_gpPt0'"), std::string::npos) << s;
    EXPECT_NE(s.find("url(#p7_c1)"), std::string::npos) << s;
    EXPECT_EQ(GnuplotRenderer::quote("it's"), "'it''s'");
}

TEST(Report, MissingGnuplotIsAnInputErrorNamingThePackage) {
    TempDir dir;
    results::Recorder rec(dir.file("r.db"));
    try {
        render_html_report(rec.handle(), dir.file("r.db"), {{}, dir.file("no-such-gnuplot"), ""});
        FAIL() << "expected an error";
    } catch (const common::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("gnuplot-nox"), std::string::npos) << e.what();
    }
}

class ReportTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!have_gnuplot()) GTEST_SKIP() << "gnuplot not installed (Debian gnuplot-nox)";
        path = dir.file("syn.db");
        testing::write_synthetic_runs(path, 400);
        rec = std::make_unique<results::Recorder>(path);
    }
    TempDir dir;
    std::string path;
    std::unique_ptr<results::Recorder> rec;
};

TEST_F(ReportTest, HtmlHasTableRowsPlotsWithDataAndNoUrls) {
    const auto html = render_html_report(rec->handle(), path, {});
    // 1 CDF + 2 bar charts + (battery + decisions) for each of the 4 runs.
    EXPECT_EQ(count(html, "<svg"), 11u);
    EXPECT_EQ(count(html, "</svg>"), 11u);
    // Every plot must show data, not just axes. Order: CDF, deadline bars, energy bars, then
    // battery and decisions per run.
    const auto svgs = split_svgs(html);
    ASSERT_EQ(svgs.size(), 11u);
    EXPECT_GE(longest_polyline(svgs[0]), 200u);  // 400 latencies as a step curve
    EXPECT_EQ(count(svgs[1], "<polygon fill = 'rgb( 68, 119, 170)'"), 4u);  // one bar per run
    EXPECT_EQ(count(svgs[2], "<polygon fill = 'rgb( 68, 119, 170)'"), 4u);
    for (std::size_t run = 0; run < 4; ++run) {
        EXPECT_GE(longest_polyline(svgs[3 + 2 * run]), 60u) << run;    // 61 battery samples
        EXPECT_GE(count(svgs[4 + 2 * run], "<use"), 2u * 200) << run;  // 200 decisions x 2
    }
    EXPECT_EQ(html.find("a2iot-plot-"), std::string::npos);  // no temporary paths leak
    EXPECT_EQ(html.find("http://"), std::string::npos);
    EXPECT_EQ(html.find("https://"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    for (const char* policy : {"local", "cloud", "neurosurgeon", "dads"})
        EXPECT_NE(html.find("<td>" + std::string(policy) + "</td>"), std::string::npos) << policy;
    EXPECT_EQ(count(html, "<tr class="), 4u);  // one summary row per run
    EXPECT_EQ(count(html, "<tr class=\"incomplete\">"), 1u);
    EXPECT_NE(html.find("running &mdash; incomplete"), std::string::npos);
    EXPECT_NE(html.find("dads #4 (incomplete)"), std::string::npos);  // legends say so too
    // Events are marked on the time axes (labels are SVG text) and listed.
    EXPECT_NE(html.find("battery_dead x2"), std::string::npos);
    EXPECT_NE(html.find("<td>bandwidth=2Mbps</td>"), std::string::npos);
    // Battery groups: cam-0..4 -> cam, phone-0..2 -> phone; edge has no battery.
    EXPECT_NE(html.find("cam (mean, min-max band)"), std::string::npos);
    EXPECT_NE(html.find("phone (mean, min-max band)"), std::string::npos);
    EXPECT_EQ(html.find("edge (mean"), std::string::npos);
    EXPECT_NE(html.find("l1-50|conv5@edge"), std::string::npos);
}

TEST_F(ReportTest, RunSelectionAndUnknownRun) {
    const auto html = render_html_report(rec->handle(), path, {{2}, "gnuplot", "Only cloud"});
    EXPECT_NE(html.find("<title>Only cloud</title>"), std::string::npos);
    EXPECT_EQ(count(html, "<tr class="), 1u);
    EXPECT_EQ(count(html, "<svg"), 5u);
    EXPECT_EQ(html.find("class=\"warning\""), std::string::npos);
    EXPECT_THROW(render_html_report(rec->handle(), path, {{99}, "gnuplot", ""}),
                 common::InputError);
}

TEST_F(ReportTest, RunWithoutDataStillRenders) {
    results::RunInfo i;
    i.scenario = "empty";
    i.policy = "local";
    const auto id = rec->begin_run(i);
    rec->finish_run("complete", 0, 0);
    const auto html = render_html_report(rec->handle(), path, {{id}, "gnuplot", ""});
    EXPECT_EQ(count(html, "<svg"), 0u);
    EXPECT_NE(html.find("No completed requests"), std::string::npos);
    EXPECT_NE(html.find("No battery samples"), std::string::npos);
    EXPECT_NE(html.find("No decisions recorded"), std::string::npos);
}

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The kept gnuplot files of one kind (".gp" scripts or ".dat" data).
std::vector<std::pair<std::string, std::string>> files_in(const std::string& dir,
                                                          const std::string& ext) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.path().extension() == ext)
            out.emplace_back(e.path().filename().string(), slurp(e.path()));
    std::sort(out.begin(), out.end());
    return out;
}

// The plot script whose text contains `marker` (each plot has its own).
std::string script_with(const std::string& dir, const std::string& marker) {
    std::string found;
    for (const auto& [name, text] : files_in(dir, ".gp"))
        if (text.find(marker) != std::string::npos) {
            EXPECT_TRUE(found.empty()) << "two scripts contain " << marker;
            found = text;
        }
    return found;
}

results::RequestRow make_request(std::int64_t id, std::optional<double> latency_s,
                                 double energy_j = 0.1, std::optional<double> deadline_s = 0.150) {
    results::RequestRow r;
    r.request_id = id;
    r.device = "cam-" + std::to_string(id % 3);
    r.model = "lenet";
    r.variant = "base";
    r.submitted_s = static_cast<double>(id);
    r.deadline_s = deadline_s;
    r.device_energy_j = energy_j;
    if (latency_s) {
        r.latency_s = latency_s;
        r.completed_s = r.submitted_s + *latency_s;
        r.status = "ok";
    } else {
        r.status = "timed_out";
    }
    return r;
}

class ReportFilesTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!have_gnuplot()) GTEST_SKIP() << "gnuplot not installed (Debian gnuplot-nox)";
        path = dir.file("r.db");
        plots = dir.file("plots");
        rec = std::make_unique<results::Recorder>(path);
    }
    std::string render(const std::vector<std::int64_t>& ids = {}) {
        rec->flush();
        return render_html_report(rec->handle(), path, {ids, "gnuplot", "", plots});
    }
    TempDir dir;
    std::string path, plots;
    std::unique_ptr<results::Recorder> rec;
};

// With more series than colours, colour alone repeats from the ninth: every series of the CDF,
// and every device group of the battery plot, must get its own (colour, dash type) pair.
TEST_F(ReportFilesTest, TenPoliciesGetTenDistinctLineStyles) {
    for (int p = 0; p < 10; ++p) {
        results::RunInfo i;
        i.scenario = "many";
        i.policy = "policy-" + std::to_string(p);
        rec->begin_run(i);
        for (int k = 0; k < 20; ++k) rec->add(make_request(k, 0.01 * (p + 1) + 0.001 * k));
        if (p == 0)
            for (int g = 0; g < 10; ++g)
                for (int t = 0; t <= 50; t += 10)
                    rec->add(results::DeviceSampleRow{double(t), "grp" + std::to_string(g) + "-0",
                                                      0.9 - 0.01 * t - 0.02 * g, 1, 1, 0, "on"});
        rec->finish_run("complete", 20, 1);
    }
    render();
    const std::regex style(R"(with (?:steps|lines) lw 2 lc rgb '(#[0-9a-f]{6})' dt (\d+) title)");
    for (const char* marker : {"set xlabel 'latency [ms]'", "set ylabel 'battery [%]'"}) {
        const auto script = script_with(plots, marker);
        ASSERT_FALSE(script.empty()) << marker;
        std::set<std::pair<std::string, std::string>> pairs;
        std::size_t series = 0;
        for (std::sregex_iterator it(script.begin(), script.end(), style), end; it != end; ++it) {
            pairs.insert({(*it)[1], (*it)[2]});
            ++series;
        }
        EXPECT_EQ(series, 10u) << script;
        EXPECT_EQ(pairs.size(), 10u) << script;
    }
}

// The test the brief asks for: an inf latency and an unfinished request (plus inf in every other
// plotted column) give a report whose data files and scripts hold no inf/nan, and gnuplot runs.
TEST_F(ReportFilesTest, NonFiniteValuesNeverReachGnuplot) {
    const double inf = std::numeric_limits<double>::infinity();
    results::RunInfo i;
    i.scenario = "bad-values";
    i.policy = "edge";
    i.duration_s = 10;
    rec->begin_run(i);
    for (int k = 0; k < 8; ++k) rec->add(make_request(k, 0.01 * (k + 1)));
    results::RequestRow r = make_request(8, 0.5);
    r.latency_s = inf;  // a completed request whose latency is inf
    rec->add(r);
    rec->add(make_request(9, std::nullopt));                                     // unfinished
    rec->add(make_request(10, 0.02, 0.1, inf));                                  // inf deadline
    rec->add(make_request(11, 0.02, std::numeric_limits<double>::quiet_NaN()));  // NaN -> NULL
    for (int t = 0; t <= 10; t += 2)
        rec->add(results::DeviceSampleRow{double(t), "cam-0", t == 4 ? inf : 0.9 - 0.01 * t, 1, 1,
                                          0, "on"});
    for (int t = 1; t < 10; ++t) {
        results::DecisionRow d;
        d.t_s = t == 9 ? inf : t;
        d.device = "cam-0";
        d.policy = "edge";
        d.variant = "base";
        d.split = "conv2";
        d.target = "edge";
        d.est_bandwidth_bps = t == 3 ? inf : 5e6;
        rec->add(d);
    }
    rec->add(results::EventRow{inf, "link", "cam->edge", "bandwidth=2Mbps"});
    rec->add(results::EventRow{5, "battery_dead", "cam-1", ""});
    rec->finish_run("complete", 12, 1);
    std::string html;
    ASSERT_NO_THROW(html = render());
    // 1 CDF + deadline bars + energy (unknown: no bars, so no plot) + battery + decisions.
    EXPECT_EQ(count(html, "<svg"), 4u) << html;
    const std::regex bad(R"((^|[\s,:\[(])[-+]?(inf|nan)($|[\s,:\])]))", std::regex::icase);
    const auto data = files_in(plots, ".dat");
    EXPECT_GE(data.size(), 5u);
    for (const auto& [name, text] : data)
        EXPECT_FALSE(std::regex_search(text, bad)) << name << ":\n" << text;
    for (const auto& [name, text] : files_in(plots, ".gp"))
        EXPECT_FALSE(std::regex_search(text, bad)) << name << ":\n" << text;
    // The summary table says what the plots cannot.
    EXPECT_NE(html.find("<td>unfinished</td>"), std::string::npos);  // p99 of 12 with 1 unfinished
    EXPECT_NE(html.find("unknown (11 of 12 known)"), std::string::npos) << html;
    EXPECT_NE(html.find("12.0 (drain +2.0)"), std::string::npos);
    EXPECT_NE(html.find("<td>1.20</td>"), std::string::npos);    // offered/s = 12 / 10 s
    EXPECT_NE(html.find("<td>91.7</td>"), std::string::npos);    // served = 11 / 12
    EXPECT_NE(html.find("deadline 150 ms"), std::string::npos);  // inf deadline not drawn
    EXPECT_NE(html.find("left out of the plots"), std::string::npos);
}

// Every value of a plotted column non-finite: the file would be empty, and gnuplot fails on an
// empty file ("all points y value undefined"), so that panel must go, not the report.
TEST_F(ReportFilesTest, DecisionsWithoutAFiniteBandwidthStillRender) {
    results::RunInfo i;
    i.policy = "edge";
    rec->begin_run(i);
    for (int t = 1; t < 5; ++t) {
        results::DecisionRow d;
        d.t_s = t;
        d.variant = "base";
        d.est_bandwidth_bps = std::numeric_limits<double>::infinity();
        rec->add(d);
    }
    rec->add(results::EventRow{2, "link", "cam->edge", "down"});
    rec->finish_run("complete", 5, 1);
    std::string html;
    ASSERT_NO_THROW(html = render());
    EXPECT_NE(html.find("No finite sensed bandwidth"), std::string::npos);
    const auto script = script_with(plots, "set ylabel 'choice'");
    EXPECT_EQ(count(script, "\nplot "), 1u) << script;
    EXPECT_NE(script.find("set label 'link cam->edge'"), std::string::npos) << script;
}

TEST_F(ReportFilesTest, CdfMarksEachDistinctDeadlineAndStopsAtTheServedShare) {
    results::RunInfo i;
    i.scenario = "deadlines";
    i.policy = "edge";
    rec->begin_run(i);
    for (int k = 0; k < 6; ++k) rec->add(make_request(k, 0.02 * (k + 1), 0.1, 0.150));
    for (int k = 6; k < 10; ++k) rec->add(make_request(k, std::nullopt, 0.1, 0.150));
    rec->finish_run("complete", 10, 1);
    i.policy = "local";
    rec->begin_run(i);
    for (int k = 0; k < 6; ++k) rec->add(make_request(k, 0.01 * (k + 1), 0.1, 0.050));
    rec->add(make_request(6, 0.01, 0.1, 0.150));
    rec->add(make_request(7, 0.01, 0.1, std::nullopt));
    rec->finish_run("complete", 10, 1);
    const auto html = render();
    const auto script = script_with(plots, "set xlabel 'latency [ms]'");
    EXPECT_EQ(count(script, "lc rgb '#555555' front\n"), 2u) << script;  // one line each
    EXPECT_EQ(count(script, "tc rgb '#555555' front\n"), 2u) << script;  // and its label
    EXPECT_NE(script.find("'deadline 150 ms'"), std::string::npos) << script;
    EXPECT_NE(script.find("'deadline 50 ms'"), std::string::npos) << script;
    EXPECT_NE(script.find("set arrow from first 150,graph 0"), std::string::npos) << script;
    EXPECT_NE(script.find("set arrow from first 50,graph 0"), std::string::npos) << script;
    EXPECT_NE(html.find("deadline 150 ms"), std::string::npos);  // drawn in the SVG
    EXPECT_NE(script.find("fraction of submitted requests"), std::string::npos);
    EXPECT_NE(script.find("edge #1 (60.0% completed)"), std::string::npos) << script;
    // The edge curve ends at 6/10.
    const auto cdf = slurp(std::filesystem::path(plots) / "cdf1.dat");
    EXPECT_NE(cdf.find("120 0.6\n"), std::string::npos) << cdf;
    EXPECT_EQ(cdf.find(" 1\n"), std::string::npos) << cdf;
}

TEST_F(ReportFilesTest, UnknownEnergyIsShownAsUnknownNotAsNoRequests) {
    results::RunInfo i;
    i.scenario = "energy";
    i.policy = "edge";
    rec->begin_run(i);
    for (int k = 0; k < 1210; ++k) {
        auto r = make_request(k, 0.01);
        if (k >= 10) r.device_energy_j.reset();
        rec->add(r);
    }
    rec->finish_run("complete", 10, 1);
    const auto only_unknown = render();
    const auto section = [](const std::string& html) {
        const auto a = html.find("<h2>Energy per request</h2>");
        return html.substr(a, html.find("<h2", a + 5) - a);
    };
    auto e = section(only_unknown);
    EXPECT_EQ(e.find("No requests."), std::string::npos) << e;
    EXPECT_NE(e.find("unknown for every selected run"), std::string::npos) << e;
    EXPECT_NE(e.find("only 10 of 1210 requests have a device energy"), std::string::npos) << e;
    EXPECT_EQ(only_unknown.find("0.0002"), std::string::npos);
    EXPECT_NE(only_unknown.find("unknown (10 of 1210 known)"), std::string::npos);

    // Beside a run with known energy, the unknown one keeps its place, labelled "unknown".
    i.policy = "local";
    rec->begin_run(i);
    for (int k = 0; k < 10; ++k) rec->add(make_request(k, 0.01, 0.25));
    rec->finish_run("complete", 10, 1);
    e = section(render());
    EXPECT_EQ(count(e, "<svg"), 1u) << e;
    EXPECT_NE(e.find(">unknown<"), std::string::npos) << e;  // the bar label, as SVG text
    EXPECT_NE(e.find(">0.25<"), std::string::npos) << e;
    const auto bars = slurp(std::filesystem::path(plots) / "energy.dat");
    EXPECT_EQ(bars, "0 \"edge #1\" 0 \"unknown\" 0\n1 \"local #2\" 0.25 \"0.25\" 1\n");
}

TEST_F(ReportFilesTest, ChoiceLanesHaveTheirOwnPanel) {
    testing::write_synthetic_runs(path, 100);
    render({1});
    const auto script = script_with(plots, "sensed bandwidth [Mbit/s]");
    ASSERT_FALSE(script.empty());
    EXPECT_NE(script.find("set multiplot"), std::string::npos) << script;
    EXPECT_NE(script.find("unset multiplot"), std::string::npos) << script;
    EXPECT_EQ(count(script, "\nplot "), 2u) << script;          // one plot per panel
    EXPECT_EQ(script.find("y2"), std::string::npos) << script;  // no overlay on a second axis
    // The lanes panel starts below the bandwidth panel ends.
    const std::regex margins(R"(set (t|b)margin at screen ([0-9.]+))");
    std::vector<double> m;
    for (std::sregex_iterator it(script.begin(), script.end(), margins), end; it != end; ++it)
        m.push_back(std::stod((*it)[2]));
    ASSERT_EQ(m.size(), 4u) << script;
    EXPECT_GT(m[0], m[1]);  // top panel: tmargin above bmargin
    EXPECT_GT(m[1], m[2]);  // bandwidth panel's bottom above the lanes panel's top
    EXPECT_GT(m[2], m[3]);
    const auto lanes = script.substr(script.find("unset arrow"));
    EXPECT_NE(lanes.find("set ytics ('base|conv2@edge' 0"), std::string::npos) << lanes;
    EXPECT_EQ(lanes.find("Mbit/s"), std::string::npos) << lanes;
}

TEST(ReportOptions, PlotDirThatCannotBeCreatedIsAnInputError) {
    if (!have_gnuplot()) GTEST_SKIP();
    TempDir dir;
    results::Recorder rec(dir.file("r.db"));
    std::ofstream(dir.file("file")) << "x";
    EXPECT_THROW(
        render_html_report(rec.handle(), dir.file("r.db"), {{}, "gnuplot", "", dir.file("file")}),
        common::InputError);
}

}  // namespace
}  // namespace a2iot::analysis
