// RegressionCheck and RegressionTolerances on hand-made summaries: direction-aware verdicts,
// relative tolerances with absolute floors, and --tolerance parsing.
#include <gtest/gtest.h>

#include "analysis/regression_check.hpp"
#include "common/input_error.hpp"

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
    for (const auto& d : c.compare(base(), base())) {
        EXPECT_FALSE(d.regression) << d.metric;
        EXPECT_FALSE(d.improved) << d.metric;
    }
}

TEST(RegressionCheck, HigherLatencyBeyondToleranceRegresses) {
    const RegressionCheck c{RegressionTolerances{}};
    auto cur = base();
    cur.p95_latency_s = 0.200 * 1.11;  // default p95 band: 10% -> 20 ms allowed, 22 ms worse
    auto d = find(c.compare(base(), cur), "p95_latency_s");
    EXPECT_TRUE(d.regression);
    EXPECT_NEAR(d.allowed, 0.020, 1e-12);
    cur.p95_latency_s = 0.200 * 1.09;  // within the band
    EXPECT_FALSE(find(c.compare(base(), cur), "p95_latency_s").regression);
}

TEST(RegressionCheck, LowerLatencyIsAnImprovementNotARegression) {
    const RegressionCheck c{RegressionTolerances{}};
    auto cur = base();
    cur.p50_latency_s = 0.050;
    const auto d = find(c.compare(base(), cur), "p50_latency_s");
    EXPECT_FALSE(d.regression);
    EXPECT_TRUE(d.improved);
}

TEST(RegressionCheck, LowerOkPercentRegressesHigherDoesNot) {
    const RegressionCheck c{RegressionTolerances{}};
    auto b = base();
    b.ok_pct = 90;
    auto cur = b;
    cur.ok_pct = 88;  // 1% of 90 = 0.9 points allowed
    EXPECT_TRUE(find(c.compare(b, cur), "ok_pct").regression);
    cur.ok_pct = 89.2;
    EXPECT_FALSE(find(c.compare(b, cur), "ok_pct").regression);
    cur.ok_pct = 99;
    EXPECT_FALSE(find(c.compare(b, cur), "ok_pct").regression);
    EXPECT_TRUE(find(c.compare(b, cur), "ok_pct").improved);
}

TEST(RegressionCheck, AbsoluteFloorAppliesToZeroBaselines) {
    const RegressionCheck c{RegressionTolerances{}};
    auto cur = base();
    cur.device_energy_per_request_j = 0.0005;  // below the 1 mJ floor
    EXPECT_FALSE(find(c.compare(base(), cur), "device_energy_per_request_j").regression);
    cur.device_energy_per_request_j = 0.002;
    EXPECT_TRUE(find(c.compare(base(), cur), "device_energy_per_request_j").regression);
}

TEST(RegressionCheck, ADeviceDeathMoreIsARegression) {
    const RegressionCheck c{RegressionTolerances{}};
    auto cur = base();
    cur.devices_died = 1;
    EXPECT_TRUE(find(c.compare(base(), cur), "devices_died").regression);
}

TEST(RegressionCheck, LatencyThatVanishesRegresses) {
    // Every request completed in the baseline, none now: p50 undefined is worse, not "n/a".
    const RegressionCheck c{RegressionTolerances{}};
    auto cur = base();
    cur.p50_latency_s.reset();
    cur.p95_latency_s.reset();
    cur.p99_latency_s.reset();
    const auto d = c.compare(base(), cur);
    EXPECT_TRUE(find(d, "p50_latency_s").regression);
    EXPECT_TRUE(find(d, "mean_latency_s").regression);
    // The other way round is not a regression.
    for (const auto& x : c.compare(cur, base())) EXPECT_FALSE(x.regression) << x.metric;
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
    const auto text = format_regression_table(c.compare(base(), cur), true);
    EXPECT_NE(text.find("REGRESSION"), std::string::npos) << text;
    EXPECT_NE(text.find("+100.0%"), std::string::npos) << text;
    EXPECT_EQ(text.find("p50"), std::string::npos) << text;  // only flagged rows
}

}  // namespace
}  // namespace a2iot::analysis
