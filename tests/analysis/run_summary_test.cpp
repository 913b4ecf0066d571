#include "analysis/run_summary.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <sstream>

#include "analysis/percentile.hpp"
#include "analysis/recorder.hpp"
#include "tests/analysis/temp_dir.hpp"

namespace a2iot::analysis {
namespace {

using testing::TempDir;

// Definition-level check of nearest rank: the smallest observed x with #{v <= x} >= p/100 * N.
double brute_nearest_rank(const std::vector<double>& v, double p) {
    std::vector<double> s = v;
    std::sort(s.begin(), s.end());
    for (double x : s) {
        const auto le = std::count_if(s.begin(), s.end(), [&](double y) { return y <= x; });
        // Compare in integers scaled by 100 so the definition itself has no float noise.
        if (static_cast<long>(le) * 100 >=
            static_cast<long>(std::lround(p * 100)) * static_cast<long>(s.size()) / 100)
            return x;
    }
    return s.back();
}

TEST(Percentile, NearestRankMatchesTheDefinitionByBruteForce) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(0, 1);
    for (std::size_t n = 1; n <= 60; ++n) {
        std::vector<double> v(n);
        for (auto& x : v) x = u(rng);
        std::vector<double> sorted = v;
        std::sort(sorted.begin(), sorted.end());
        for (double p : {0.0, 1.0, 25.0, 50.0, 90.0, 95.0, 99.0, 100.0})
            EXPECT_EQ(nearest_rank_sorted(sorted, p), brute_nearest_rank(v, p))
                << "n=" << n << " p=" << p;
    }
}

TEST(Percentile, HandComputedValues) {
    const std::vector<double> ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    EXPECT_EQ(nearest_rank_sorted(ten, 50), 5);   // ceil(5) = 5
    EXPECT_EQ(nearest_rank_sorted(ten, 95), 10);  // ceil(9.5) = 10
    EXPECT_EQ(nearest_rank_sorted(ten, 0), 1);
    std::vector<double> twenty(20);
    for (int i = 0; i < 20; ++i) twenty[i] = i + 1;
    EXPECT_EQ(nearest_rank_sorted(twenty, 95), 19);  // 0.95*20 is 19.000000000000004 in doubles
    EXPECT_THROW(nearest_rank_sorted({}, 50), std::invalid_argument);
    EXPECT_THROW(nearest_rank_sorted(ten, 101), std::invalid_argument);
}

RequestRow req(std::int64_t id, const std::string& status, std::optional<double> latency_s,
               std::optional<double> deadline_s, double energy_j, std::optional<double> acc) {
    RequestRow r;
    r.request_id = id;
    r.device = "cam-" + std::to_string(id % 3);
    r.model = "lenet";
    r.variant = "base";
    r.submitted_s = static_cast<double>(id);
    if (latency_s) {
        r.latency_s = latency_s;
        r.completed_s = r.submitted_s + *latency_s;
    }
    r.deadline_s = deadline_s;
    r.status = status;
    r.device_energy_j = energy_j;
    r.accuracy = acc;
    return r;
}

class SummaryTest : public ::testing::Test {
  protected:
    void SetUp() override {
        rec = std::make_unique<Recorder>(dir.file("s.db"));
        RunInfo i;
        i.scenario = "demo";
        i.policy = "neurosurgeon";
        i.seed = 3;
        a = rec->begin_run(i);
        // Ids 1..5 ok at 10..50 ms, 6..8 missed at 60..80 ms, all with a 50 ms budget.
        for (int k = 1; k <= 8; ++k)
            rec->add(req(k, k <= 5 ? "ok" : "deadline_missed", 0.010 * k, 0.050, 0.5,
                         k <= 5 ? 0.9 : 0.8));
        rec->add(req(9, "failed", std::nullopt, 0.050, 0.25, std::nullopt));
        rec->add(req(10, "dropped", std::nullopt, std::nullopt, 0.0, std::nullopt));
        rec->add(DeviceSampleRow{5, "cam-1", 0.0, 10, 0, 0, "dead"});
        rec->add(DeviceSampleRow{6, "cam-1", 0.0, 10, 0, 0, "dead"});
        rec->add(DeviceSampleRow{6, "cam-0", 0.5, 10, 1, 0, "on"});
        rec->add(EventRow{5, "battery_dead", "cam-1", ""});
        rec->add(EventRow{7, "battery_dead", "cam-2", ""});
        rec->add(EventRow{8, "device_off", "cam-0", ""});
        rec->finish_run("complete", 600, 1.25);

        i.policy = "local";
        b = rec->begin_run(i);
        rec->add(EventRow{1, "battery_dead", "cam-9", ""});
        // left running: an interrupted run
    }
    TempDir dir;
    std::unique_ptr<Recorder> rec;
    std::int64_t a = 0, b = 0;
};

TEST_F(SummaryTest, HandComputedMetrics) {
    rec->flush();
    const auto all = summarize(rec->handle(), {a});
    ASSERT_EQ(all.size(), 1u);
    const auto& s = all[0];
    EXPECT_EQ(s.run_id, a);
    EXPECT_EQ(s.scenario, "demo");
    EXPECT_EQ(s.policy, "neurosurgeon");
    EXPECT_EQ(s.seed, 3);
    EXPECT_EQ(s.status, "complete");
    EXPECT_EQ(s.requests, 10);
    EXPECT_EQ(s.ok, 5);
    EXPECT_EQ(s.deadline_missed, 3);
    EXPECT_EQ(s.failed, 1);
    EXPECT_EQ(s.dropped, 1);
    EXPECT_DOUBLE_EQ(s.ok_pct, 50.0);
    EXPECT_EQ(s.with_deadline, 9);
    EXPECT_DOUBLE_EQ(s.deadline_hit_pct, 100.0 * 5 / 9);
    // 8 completed latencies 10..80 ms: ranks ceil(4)=4, ceil(7.6)=8, ceil(7.92)=8.
    ASSERT_TRUE(s.p50_latency_s && s.p95_latency_s && s.p99_latency_s);
    EXPECT_NEAR(*s.p50_latency_s, 0.040, 1e-12);
    EXPECT_NEAR(*s.p95_latency_s, 0.080, 1e-12);
    EXPECT_NEAR(*s.p99_latency_s, 0.080, 1e-12);
    EXPECT_NEAR(s.mean_latency_s, 0.045, 1e-12);
    EXPECT_NEAR(s.device_energy_per_request_j, (8 * 0.5 + 0.25) / 10, 1e-12);
    ASSERT_TRUE(s.mean_accuracy);
    EXPECT_NEAR(*s.mean_accuracy, (5 * 0.9 + 3 * 0.8) / 8, 1e-12);
    EXPECT_EQ(s.devices_died, 2);  // cam-1 (samples + event, counted once) and cam-2
    EXPECT_DOUBLE_EQ(s.sim_time_s, 600);
    EXPECT_DOUBLE_EQ(s.wall_s, 1.25);
}

TEST_F(SummaryTest, LatencyFallsBackToCompletedMinusSubmitted) {
    RunInfo i;
    i.policy = "cloud";
    rec->finish_run("failed", 1, 1);
    const auto c = rec->begin_run(i);
    RequestRow r = req(1, "ok", 0.2, std::nullopt, 0, std::nullopt);
    r.latency_s.reset();  // a runtime that only records the completion time
    rec->add(r);
    rec->finish_run("complete", 1, 1);
    const auto s = summarize(rec->handle(), {c}).at(0);
    ASSERT_TRUE(s.p50_latency_s);
    EXPECT_NEAR(*s.p50_latency_s, 0.2, 1e-12);
    EXPECT_EQ(s.with_deadline, 0);
    EXPECT_FALSE(s.mean_accuracy);
}

TEST_F(SummaryTest, EmptyRunHasNoPercentilesAndAllRunsComeInIdOrder) {
    rec->flush();
    const auto all = summarize(rec->handle());
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].run_id, a);
    EXPECT_EQ(all[1].run_id, b);
    const auto& e = all[1];
    EXPECT_EQ(e.status, "running");
    EXPECT_EQ(e.requests, 0);
    EXPECT_FALSE(e.p50_latency_s);
    EXPECT_FALSE(e.mean_accuracy);
    EXPECT_EQ(e.ok_pct, 0);
    EXPECT_EQ(e.devices_died, 1);
    EXPECT_THROW(summarize(rec->handle(), {b + 100}), std::runtime_error);
}

TEST_F(SummaryTest, TableHasUnitsAlignedColumnsAndMarksIncompleteRuns) {
    rec->flush();
    const std::string table = format_summary_table(summarize(rec->handle()));
    std::istringstream in(table);
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    ASSERT_EQ(lines.size(), 4u) << table;  // header, rule, two runs
    for (const char* h : {"p50 [ms]", "p95 [ms]", "p99 [ms]", "ok [%]", "deadline hit [%]",
                          "energy/req [J]", "sim [s]", "wall [s]"})
        EXPECT_NE(lines[0].find(h), std::string::npos) << h;
    EXPECT_NE(table.find("running (incomplete)"), std::string::npos);
    // The last column (wall [s]) is numeric, hence right-aligned: every line ends at one column.
    for (const auto& l : lines) EXPECT_EQ(l.size(), lines[0].size()) << table;
    // Columns line up: "p95 [ms]" ends where the run's p95 value (80.0) ends.
    const auto end_of_header = lines[0].find("p95 [ms]") + std::string("p95 [ms]").size();
    EXPECT_EQ(lines[2].substr(end_of_header - 4, 4), "80.0") << table;
    EXPECT_NE(lines[2].find("55.6"), std::string::npos);  // deadline hit %
    EXPECT_NE(lines[3].find(" - "), std::string::npos);   // empty run: no percentiles
}

}  // namespace
}  // namespace a2iot::analysis
