// RegressionCheck, RegressionTolerances and RegressionGolden on hand-made summaries: verdicts in
// both directions (a change for the better fails too), relative tolerances with absolute floors,
// --tolerance parsing, and the golden text format.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "analysis/regression_check.hpp"
#include "analysis/regression_golden.hpp"
#include "common/input_error.hpp"
#include "tests/workflow/workflow_util.hpp"

namespace a2iot::analysis {
namespace {

RunSummary base() {
    RunSummary s;
    // Move-assigned: GCC 12 at -O3 warns falsely (-Wrestrict, PR105329) on short literal copies.
    s.scenario = std::string("s");
    s.policy = std::string("p");
    s.requests = 100;
    s.ok = 100;
    s.ok_pct = 100;
    s.with_deadline = 100;
    s.deadline_hit_pct = 100;
    s.p50_latency_s = 0.100;
    s.p95_latency_s = 0.200;
    s.p99_latency_s = 0.300;
    s.mean_latency_s = 0.120;
    s.device_energy_per_request_j = 0;
    s.energy_known_requests = 100;
    return s;
}

const MetricDiff& find(const std::vector<MetricDiff>& d, const std::string& m) {
    for (const auto& x : d)
        if (x.metric == m) return x;
    throw std::runtime_error("no " + m);
}

TEST(RegressionCheck, IdenticalSummariesPass) {
    const RegressionCheck c{RegressionTolerances{}};
    for (const auto& d : c.compare(base(), base())) EXPECT_FALSE(d.failed()) << d.metric;
}

TEST(RegressionCheck, HigherLatencyBeyondToleranceRegresses) {
    const RegressionCheck c{RegressionTolerances{}};
    auto cur = base();
    cur.p95_latency_s = 0.200 * 1.11;  // default p95 band: 10% -> 20 ms allowed, 22 ms worse
    auto d = find(c.compare(base(), cur), "p95_latency_s");
    EXPECT_EQ(d.verdict, Verdict::regression);
    EXPECT_NEAR(d.allowed, 0.020, 1e-12);
    cur.p95_latency_s = 0.200 * 1.09;  // within the band
    EXPECT_FALSE(find(c.compare(base(), cur), "p95_latency_s").failed());
}

TEST(RegressionCheck, LowerLatencyBeyondToleranceIsAChangeForTheBetterAndFails) {
    const RegressionCheck c{RegressionTolerances{}};
    auto cur = base();
    cur.p50_latency_s = 0.050;
    const auto d = find(c.compare(base(), cur), "p50_latency_s");
    EXPECT_EQ(d.verdict, Verdict::better);
    EXPECT_TRUE(d.failed());
    cur.p50_latency_s = 0.100 * 0.96;  // within the 5% band
    EXPECT_FALSE(find(c.compare(base(), cur), "p50_latency_s").failed());
}

TEST(RegressionCheck, LowerOkPercentRegressesHigherIsBetter) {
    const RegressionCheck c{RegressionTolerances{}};
    auto b = base();
    b.ok_pct = 90;
    auto cur = b;
    cur.ok_pct = 88;  // 1% of 90 = 0.9 points allowed
    EXPECT_EQ(find(c.compare(b, cur), "ok_pct").verdict, Verdict::regression);
    cur.ok_pct = 89.2;
    EXPECT_EQ(find(c.compare(b, cur), "ok_pct").verdict, Verdict::ok);
    cur.ok_pct = 90.8;
    EXPECT_EQ(find(c.compare(b, cur), "ok_pct").verdict, Verdict::ok);
    cur.ok_pct = 99;
    EXPECT_EQ(find(c.compare(b, cur), "ok_pct").verdict, Verdict::better);
}

TEST(RegressionCheck, AbsoluteFloorAppliesToZeroBaselines) {
    const RegressionCheck c{RegressionTolerances{}};
    auto cur = base();
    cur.device_energy_per_request_j = 0.0005;  // below the 1 mJ floor
    EXPECT_FALSE(find(c.compare(base(), cur), "device_energy_per_request_j").failed());
    cur.device_energy_per_request_j = 0.002;
    EXPECT_EQ(find(c.compare(base(), cur), "device_energy_per_request_j").verdict,
              Verdict::regression);
}

TEST(RegressionCheck, ADeviceDeathMoreIsARegression) {
    const RegressionCheck c{RegressionTolerances{}};
    auto cur = base();
    cur.devices_died = 1;
    EXPECT_EQ(find(c.compare(base(), cur), "devices_died").verdict, Verdict::regression);
    EXPECT_EQ(find(c.compare(cur, base()), "devices_died").verdict, Verdict::better);
}

TEST(RegressionCheck, LatencyThatVanishesRegresses) {
    // Every request completed in the baseline, none now: p50 undefined is worse, not "n/a".
    const RegressionCheck c{RegressionTolerances{}};
    auto cur = base();
    cur.p50_latency_s.reset();
    cur.p95_latency_s.reset();
    cur.p99_latency_s.reset();
    const auto d = c.compare(base(), cur);
    EXPECT_EQ(find(d, "p50_latency_s").verdict, Verdict::regression);
    EXPECT_EQ(find(d, "mean_latency_s").verdict, Verdict::regression);
    // The other way round is a change (no direction to speak of), and fails too.
    const auto back = c.compare(cur, base());
    EXPECT_EQ(find(back, "p50_latency_s").verdict, Verdict::changed);
    EXPECT_EQ(find(back, "ok_pct").verdict, Verdict::ok);
}

TEST(RegressionCheck, AMetricTheGoldenDoesNotRecordIsNotChecked) {
    const RegressionCheck c{RegressionTolerances{}};
    const RegressionTolerances tol;
    auto golden = checked_values(base(), tol);
    golden.erase("p95_latency_s");
    golden["mean_accuracy"] = std::nullopt;
    auto cur = base();
    cur.p95_latency_s = 9.0;  // far off, but not recorded
    cur.mean_accuracy = 0.9;  // recorded as undefined: a change
    const auto d = c.compare(golden, checked_values(cur, tol));
    EXPECT_EQ(std::count_if(d.begin(), d.end(),
                            [](const MetricDiff& x) { return x.metric == "p95_latency_s"; }),
              0);
    EXPECT_EQ(find(d, "mean_accuracy").verdict, Verdict::changed);
}

TEST(RegressionCheck, UnfinishedPercentiles) {
    const RegressionCheck c{RegressionTolerances{}};
    auto cur = base();
    cur.p99_latency_s = INFINITY;  // the rank fell on a request that never finished
    EXPECT_EQ(find(c.compare(base(), cur), "p99_latency_s").verdict, Verdict::regression);
    EXPECT_EQ(find(c.compare(cur, base()), "p99_latency_s").verdict, Verdict::better);
    EXPECT_EQ(find(c.compare(cur, cur), "p99_latency_s").verdict, Verdict::ok);
    const auto text = format_regression_table(c.compare(base(), cur), true);
    EXPECT_NE(text.find("unfinished"), std::string::npos) << text;
    EXPECT_EQ(text.find("inf"), std::string::npos) << text;
}

TEST(RegressionTolerances, OverridesAndErrors) {
    RegressionTolerances t;
    t.set("p95_latency_s=25%");
    EXPECT_DOUBLE_EQ(t.get("p95_latency_s").pct, 25);
    t.set("ok_pct=0");
    EXPECT_DOUBLE_EQ(t.allowed("ok_pct", 50), 0.1);  // the floor stays
    EXPECT_THROW(t.set("p95_latency_s"), common::InputError);
    EXPECT_THROW(t.set("p95_latency_s=abc"), common::InputError);
    EXPECT_THROW(t.set("p95_latency_s=-1"), common::InputError);
    EXPECT_THROW(t.set("wall_s=5"), common::InputError);  // not a checked metric
}

TEST(RegressionCheck, TableShowsVerdicts) {
    const RegressionCheck c{RegressionTolerances{}};
    auto cur = base();
    cur.p99_latency_s = 0.600;
    cur.p50_latency_s = 0.05;
    const auto text = format_regression_table(c.compare(base(), cur), true);
    EXPECT_NE(text.find("REGRESSION"), std::string::npos) << text;
    EXPECT_NE(text.find("+100.0%"), std::string::npos) << text;
    EXPECT_NE(text.find("CHANGED (better)"), std::string::npos) << text;
    EXPECT_NE(text.find("-50.0%"), std::string::npos) << text;
    EXPECT_EQ(text.find("p95"), std::string::npos) << text;  // only flagged rows
}

GoldenRun golden_run(const std::string& policy, std::int64_t seed, const std::string& overrides,
                     const std::string& hash = "abc") {
    GoldenRun g;
    g.scenario = "s";
    g.scenario_hash = hash;
    g.policy = policy;
    g.seed = seed;
    g.overrides = overrides;
    g.metrics = checked_values(base(), RegressionTolerances{});
    return g;
}

TEST(RegressionGolden, TextIsStableSortedAndRoundTrips) {
    workflow_test::TempDir t;
    RegressionGolden a, b;
    auto r1 = golden_run("local", 1, "");
    auto r2 = golden_run("edge", 1, "");
    auto r3 = golden_run("edge", 2, "x=1");
    r3.metrics["p99_latency_s"] = INFINITY;
    r3.metrics["device_energy_per_request_j"] = std::nullopt;
    r1.metrics["p50_latency_s"] = 0.1 + 0.2;  // 0.30000000000000004: stored as 0.3
    for (const auto& r : {r1, r2, r3}) a.upsert(r);
    for (const auto& r : {r3, r1, r2}) b.upsert(r);
    EXPECT_EQ(a.to_text(), b.to_text());  // insertion order does not matter
    const auto text = a.to_text();
    EXPECT_LT(text.find("\"policy\": \"edge\""), text.find("\"policy\": \"local\""));
    EXPECT_NE(text.find("\"p99_latency_s\": \"unfinished\""), std::string::npos) << text;
    EXPECT_NE(text.find("\"device_energy_per_request_j\": null"), std::string::npos) << text;
    EXPECT_NE(text.find("\"p50_latency_s\": 0.3,"), std::string::npos) << text;
    a.save(t.file("g.json"));
    const auto back = RegressionGolden::load(t.file("g.json"));
    EXPECT_EQ(back.to_text(), text);
    const auto* e = back.find(r3);
    ASSERT_TRUE(e);
    EXPECT_TRUE(std::isinf(*e->metrics.at("p99_latency_s")));
    EXPECT_FALSE(e->metrics.at("device_energy_per_request_j"));
    EXPECT_FALSE(back.find(golden_run("edge", 3, "")));
}

TEST(RegressionGolden, UpsertReplacesSameKeyAndStaleHashKeepsOthers) {
    RegressionGolden g;
    EXPECT_EQ(g.upsert(golden_run("local", 1, "")), 0);
    EXPECT_EQ(g.upsert(golden_run("local", 1, "x=1")), 0);  // other overrides: another entry
    EXPECT_EQ(g.upsert(golden_run("local", 2, "")), 0);     // other seed: another entry
    EXPECT_EQ(g.upsert(golden_run("local", 1, "")), 1);
    EXPECT_EQ(g.upsert(golden_run("local", 1, "", "new-hash")), 1);  // the file changed
    EXPECT_EQ(g.runs().size(), 3u);
    EXPECT_TRUE(g.find(golden_run("local", 1, "", "new-hash")));
    EXPECT_FALSE(g.find(golden_run("local", 1, "")));
}

TEST(RegressionGolden, TolerancesInTheFileApply) {
    workflow_test::TempDir t;
    RegressionGolden g;
    g.tolerances().set("p95_latency_s", 50, 0.001);
    g.upsert(golden_run("local", 1, ""));
    g.save(t.file("g.json"));
    const auto back = RegressionGolden::load(t.file("g.json"));
    EXPECT_DOUBLE_EQ(back.tolerances().get("p95_latency_s").pct, 50);
    EXPECT_DOUBLE_EQ(back.tolerances().get("p95_latency_s").abs_floor, 0.001);
    EXPECT_DOUBLE_EQ(back.tolerances().get("p50_latency_s").pct, 5);  // default kept
}

TEST(RegressionGolden, BadFilesAreInputErrorsNamingTheField) {
    workflow_test::TempDir t;
    auto load_error = [&](const std::string& text) -> std::string {
        const auto path = t.file("bad.json");
        std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
        try {
            RegressionGolden::load(path);
        } catch (const common::InputError& e) {
            return e.what();
        }
        return "";
    };
    RegressionGolden g;
    g.upsert(golden_run("local", 1, ""));
    const std::string good = g.to_text();
    EXPECT_EQ(load_error(good), "");
    auto with = [&](const std::string& from, const std::string& to) {
        auto s = good;
        const auto at = s.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        return s.replace(at, from.size(), to);
    };
    EXPECT_NE(load_error(with("\"seed\": 1", "\"seed\": \"one\"")).find("runs[0].seed: got"),
              std::string::npos);
    EXPECT_NE(load_error(with("\"ok_pct\": 100.0", "\"ok_pct\": \"abc\""))
                  .find("runs[0].metrics.ok_pct: got '\"abc\"', expected a finite number"),
              std::string::npos)
        << load_error(with("\"ok_pct\": 100.0", "\"ok_pct\": \"abc\""));
    EXPECT_NE(load_error(with("\"ok_pct\": 100.0", "\"nope\": 1")).find("metrics.nope"),
              std::string::npos);
    EXPECT_NE(load_error(with("\"pct\": 10.0", "\"pct\": -1")).find("non-negative"),
              std::string::npos);
    EXPECT_NE(load_error(with("a2iot-regression-golden", "other")).find("format"),
              std::string::npos);
    // Invalid JSON: the line is named.
    const auto broken = load_error(with("\"policy\": \"local\",", "\"policy\": local,"));
    EXPECT_NE(broken.find("bad.json:"), std::string::npos) << broken;
    EXPECT_EQ(broken.find("bad.json:0:"), std::string::npos) << broken;
    // An old SQLite baseline gets a hint, not a parse error.
    EXPECT_NE(load_error(std::string("SQLite format 3") + '\0' + "xxxx").find("--update"),
              std::string::npos);
    // Two entries with one key are ambiguous.
    auto twice = RegressionGolden{};
    twice.runs().push_back(golden_run("local", 1, ""));
    twice.runs().push_back(golden_run("local", 1, ""));
    EXPECT_NE(load_error(twice.to_text()).find("one entry per"), std::string::npos);
    EXPECT_THROW(RegressionGolden::load(t.file("missing.json")), common::InputError);
}

}  // namespace
}  // namespace a2iot::analysis
