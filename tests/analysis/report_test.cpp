#include "analysis/report.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "analysis/gnuplot_renderer.hpp"
#include "analysis/recorder.hpp"
#include "analysis/report_series.hpp"
#include "common/input_error.hpp"
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
    EXPECT_NEAR(binned.points[0].est_bandwidth_bps, (10e6 + 2e6) / 11, 1e-6);
    EXPECT_EQ(binned.points[1].choice_index, 1);  // four b's beat c and d
    EXPECT_EQ(choice_label("l1-50", "conv5", "edge"), "l1-50|conv5@edge");
    EXPECT_EQ(choice_label("base", "", ""), "base");
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
    Recorder rec(dir.file("r.db"));
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
        rec = std::make_unique<Recorder>(path);
    }
    TempDir dir;
    std::string path;
    std::unique_ptr<Recorder> rec;
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
    RunInfo i;
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

}  // namespace
}  // namespace a2iot::analysis
