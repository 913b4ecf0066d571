#include "analysis/run_summary.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <sstream>

#include "analysis/percentile.hpp"
#include "results/recorder.hpp"
#include "results/schema.hpp"
#include "results/statement.hpp"
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

results::RequestRow req(std::int64_t id, const std::string& status, std::optional<double> latency_s,
                        std::optional<double> deadline_s, double energy_j,
                        std::optional<double> acc) {
    results::RequestRow r;
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
        rec = std::make_unique<results::Recorder>(dir.file("s.db"));
        results::RunInfo i;
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
        rec->add(results::DeviceSampleRow{5, "cam-1", 0.0, 10, 0, 0, "dead"});
        rec->add(results::DeviceSampleRow{6, "cam-1", 0.0, 10, 0, 0, "dead"});
        rec->add(results::DeviceSampleRow{6, "cam-0", 0.5, 10, 1, 0, "on"});
        rec->add(results::EventRow{5, "battery_dead", "cam-1", ""});
        rec->add(results::EventRow{7, "battery_dead", "cam-2", ""});
        rec->add(results::EventRow{8, "device_off", "cam-0", ""});
        rec->finish_run("complete", 600, 1.25);

        i.policy = "local";
        b = rec->begin_run(i);
        rec->add(results::EventRow{1, "battery_dead", "cam-9", ""});
        // left running: an interrupted run
    }
    TempDir dir;
    std::unique_ptr<results::Recorder> rec;
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
    EXPECT_EQ(s.timed_out, 0);
    EXPECT_EQ(s.completed, 8);
    EXPECT_DOUBLE_EQ(s.ok_pct, 50.0);
    EXPECT_DOUBLE_EQ(s.served_pct, 80.0);
    EXPECT_EQ(s.with_deadline, 9);
    EXPECT_DOUBLE_EQ(s.deadline_hit_pct, 100.0 * 5 / 9);
    // 10 submitted: 10..80 ms, then 2 unfinished ranked last. Ranks ceil(5)=5 -> 50 ms,
    // ceil(9.5)=10 and ceil(9.9)=10 -> unfinished.
    ASSERT_TRUE(s.p50_latency_s && s.p95_latency_s && s.p99_latency_s);
    EXPECT_NEAR(*s.p50_latency_s, 0.050, 1e-12);
    EXPECT_TRUE(std::isinf(*s.p95_latency_s) && *s.p95_latency_s > 0);
    EXPECT_TRUE(std::isinf(*s.p99_latency_s) && *s.p99_latency_s > 0);
    EXPECT_NEAR(s.mean_latency_s, 0.045, 1e-12);  // over the 8 completed
    ASSERT_TRUE(s.device_energy_per_request_j);
    EXPECT_NEAR(*s.device_energy_per_request_j, (8 * 0.5 + 0.25) / 10, 1e-12);
    EXPECT_EQ(s.energy_known_requests, 10);
    ASSERT_TRUE(s.mean_accuracy);
    EXPECT_NEAR(*s.mean_accuracy, (5 * 0.9 + 3 * 0.8) / 8, 1e-12);
    EXPECT_EQ(s.devices_died, 2);  // cam-1 (samples + event, counted once) and cam-2
    EXPECT_DOUBLE_EQ(s.sim_time_s, 600);
    EXPECT_DOUBLE_EQ(s.wall_s, 1.25);
    EXPECT_FALSE(s.duration_s);  // begin_run was given none
    EXPECT_FALSE(s.offered_per_s);
    EXPECT_FALSE(s.served_per_s);
    EXPECT_FALSE(s.drained);
    EXPECT_EQ(s.status_detail, "");
}

// The factory-inspection case: 10 requests, 4 never completed. The old summary took p50 over
// the 6 completed (rank 3 -> 30 ms); over all 10 it is rank 5, the 5th smallest completed.
TEST_F(SummaryTest, PercentilesRankUnfinishedRequestsLast) {
    rec->finish_run("complete", 1, 1);
    results::RunInfo i;
    i.policy = "edge";
    const auto c = rec->begin_run(i);
    const double lat[] = {0.060, 0.010, 0.050, 0.020, 0.040, 0.030};  // out of order on purpose
    for (int k = 0; k < 6; ++k) rec->add(req(k, "ok", lat[k], std::nullopt, 0.1, 0.9));
    rec->add(req(6, "failed", std::nullopt, std::nullopt, 0.1, std::nullopt));
    rec->add(req(7, "dropped", std::nullopt, std::nullopt, 0.1, std::nullopt));
    rec->add(req(8, "timed_out", std::nullopt, std::nullopt, 0.1, std::nullopt));
    rec->add(req(9, "timed_out", std::nullopt, std::nullopt, 0.1, std::nullopt));
    rec->finish_run("complete", 10, 1);
    const auto s = summarize(rec->handle(), {c}).at(0);
    EXPECT_EQ(s.requests, 10);
    EXPECT_EQ(s.completed, 6);
    EXPECT_EQ(s.timed_out, 2);
    EXPECT_EQ(s.dropped, 1);
    EXPECT_EQ(s.failed, 1);
    EXPECT_DOUBLE_EQ(s.served_pct, 60.0);
    ASSERT_TRUE(s.p50_latency_s && s.p95_latency_s && s.p99_latency_s);
    EXPECT_DOUBLE_EQ(*s.p50_latency_s, 0.050);
    EXPECT_EQ(*s.p95_latency_s, std::numeric_limits<double>::infinity());
    EXPECT_EQ(*s.p99_latency_s, std::numeric_limits<double>::infinity());
    EXPECT_NEAR(s.mean_latency_s, 0.035, 1e-12);

    // 20 submitted, 19 completed at 1..19 ms: p50 rank 10, p95 rank 19 (still a completed one),
    // p99 rank ceil(19.8) = 20, the unfinished one.
    const auto d = rec->begin_run(i);
    for (int k = 1; k <= 19; ++k) rec->add(req(k, "ok", 0.001 * k, std::nullopt, 0.1, 0.9));
    rec->add(req(20, "failed", std::nullopt, std::nullopt, 0.1, std::nullopt));
    rec->finish_run("complete", 30, 1);
    const auto t = summarize(rec->handle(), {d}).at(0);
    EXPECT_NEAR(*t.p50_latency_s, 0.010, 1e-12);
    EXPECT_NEAR(*t.p95_latency_s, 0.019, 1e-12);
    EXPECT_TRUE(std::isinf(*t.p99_latency_s));
    EXPECT_DOUBLE_EQ(t.served_pct, 95.0);

    // Nothing completed: every percentile is unfinished, not absent.
    const auto e = rec->begin_run(i);
    for (int k = 0; k < 3; ++k)
        rec->add(req(k, "dropped", std::nullopt, std::nullopt, 0.0, std::nullopt));
    rec->finish_run("complete", 3, 1);
    const auto u = summarize(rec->handle(), {e}).at(0);
    ASSERT_TRUE(u.p50_latency_s);
    EXPECT_TRUE(std::isinf(*u.p50_latency_s));
    EXPECT_DOUBLE_EQ(u.served_pct, 0.0);
    EXPECT_EQ(u.completed, 0);
}

// Brute force over random mixes: the summary's percentile is the smallest value x among the
// completed latencies and +inf (one per unfinished request) with #{v <= x} >= p/100 * N.
TEST(SummaryBruteForce, PercentilesMatchTheDefinitionOverAllSubmittedRequests) {
    TempDir dir;
    results::Recorder rec(dir.file("b.db"));
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> u(0.001, 1);
    for (int trial = 0; trial < 40; ++trial) {
        results::RunInfo i;
        i.policy = "p" + std::to_string(trial);
        const auto id = rec.begin_run(i);
        const int n = 1 + trial % 23;
        const int unfinished = static_cast<int>(rng() % static_cast<unsigned>(n + 1));
        std::vector<double> all;
        for (int k = 0; k < n; ++k) {
            if (k < unfinished) {
                rec.add(req(k, k % 2 ? "timed_out" : "failed", std::nullopt, std::nullopt, 0,
                            std::nullopt));
                all.push_back(std::numeric_limits<double>::infinity());
            } else {
                const double v = u(rng);
                rec.add(req(k, "ok", v, std::nullopt, 0, std::nullopt));
                all.push_back(v);
            }
        }
        rec.finish_run("complete", 1, 1);
        const auto s = summarize(rec.handle(), {id}).at(0);
        EXPECT_EQ(s.completed, n - unfinished);
        EXPECT_DOUBLE_EQ(s.served_pct, 100.0 * (n - unfinished) / n);
        EXPECT_EQ(*s.p50_latency_s, brute_nearest_rank(all, 50)) << n << " " << unfinished;
        EXPECT_EQ(*s.p95_latency_s, brute_nearest_rank(all, 95)) << n << " " << unfinished;
        EXPECT_EQ(*s.p99_latency_s, brute_nearest_rank(all, 99)) << n << " " << unfinished;
    }
}

// 1,210 requests with 10 energies known used to print the mean of those 10 (0.0002 J) as the
// run's energy per request.
TEST_F(SummaryTest, EnergyIsUnknownAsSoonAsOneRequestLacksIt) {
    rec->finish_run("complete", 1, 1);
    results::RunInfo i;
    i.policy = "edge";
    const auto c = rec->begin_run(i);
    for (int k = 0; k < 1210; ++k) {
        auto r = req(k, "ok", 0.01, std::nullopt, 0.0002, std::nullopt);
        if (k >= 10) r.device_energy_j.reset();
        rec->add(r);
    }
    rec->finish_run("complete", 1, 1);
    const auto s = summarize(rec->handle(), {c}).at(0);
    EXPECT_FALSE(s.device_energy_per_request_j);
    EXPECT_EQ(s.energy_known_requests, 10);
    const std::string table = format_summary_table({s});
    EXPECT_NE(table.find("unknown"), std::string::npos) << table;
    EXPECT_NE(table.find("only 10 of 1210 requests have a device energy"), std::string::npos)
        << table;
    EXPECT_EQ(table.find("0.0002"), std::string::npos) << table;

    // One unknown among many known is still unknown; none unknown gives the plain mean.
    const auto d = rec->begin_run(i);
    for (int k = 0; k < 5; ++k) {
        auto r = req(k, "ok", 0.01, std::nullopt, 0.2 * (k + 1), std::nullopt);
        if (k == 4) r.device_energy_j.reset();
        rec->add(r);
    }
    rec->finish_run("complete", 1, 1);
    EXPECT_FALSE(summarize(rec->handle(), {d}).at(0).device_energy_per_request_j);
    const auto e = rec->begin_run(i);
    for (int k = 0; k < 4; ++k)
        rec->add(req(k, "ok", 0.01, std::nullopt, 0.2 * (k + 1), std::nullopt));
    rec->finish_run("complete", 1, 1);
    const auto known = summarize(rec->handle(), {e}).at(0).device_energy_per_request_j;
    ASSERT_TRUE(known);
    EXPECT_NEAR(*known, (0.2 + 0.4 + 0.6 + 0.8) / 4, 1e-12);
}

TEST_F(SummaryTest, OfferedServedLoadAndDrainComeFromTheScenarioDuration) {
    rec->finish_run("complete", 1, 1);
    results::RunInfo i;
    i.policy = "edge";
    i.duration_s = 300;
    const auto c = rec->begin_run(i);
    for (int k = 0; k < 30; ++k)
        rec->add(req(k, k < 18 ? "ok" : "timed_out",
                     k < 18 ? std::optional<double>(0.01) : std::nullopt, std::nullopt, 0.1,
                     std::nullopt));
    rec->finish_run("complete", 360, 2);
    const auto s = summarize(rec->handle(), {c}).at(0);
    ASSERT_TRUE(s.duration_s && s.offered_per_s && s.served_per_s);
    EXPECT_DOUBLE_EQ(*s.duration_s, 300);
    EXPECT_DOUBLE_EQ(*s.offered_per_s, 30.0 / 300);
    EXPECT_DOUBLE_EQ(*s.served_per_s, 18.0 / 300);
    EXPECT_DOUBLE_EQ(s.served_pct, 60.0);
    EXPECT_EQ(s.timed_out, 12);
    EXPECT_TRUE(s.drained);
    EXPECT_EQ(format_sim_time(s), "360.0 (drain +60.0)");
    RunSummary small = s;
    small.sim_time_s = 300.018;
    EXPECT_EQ(format_sim_time(small), "300.0 (drain +0.018)");

    // Ending exactly at the duration (up to float noise) is not a drain.
    for (double end_s : {300.0, 300.0000000001, 120.0}) {
        const auto d = rec->begin_run(i);
        rec->finish_run("complete", end_s, 1);
        const auto t = summarize(rec->handle(), {d}).at(0);
        EXPECT_FALSE(t.drained) << end_s;
        EXPECT_DOUBLE_EQ(*t.offered_per_s, 0);
        EXPECT_FALSE(t.p50_latency_s);  // no requests
        EXPECT_FALSE(t.device_energy_per_request_j);
    }
}

TEST_F(SummaryTest, StatusDetailIsTheRunsError) {
    rec->flush();
    rec->finish_run("complete", 1, 1);
    results::exec_sql(
        rec->handle(),
        "UPDATE runs SET status='interrupted', error='SIGINT at t=42 s' WHERE run_id=1", "s.db");
    const auto s = summarize(rec->handle(), {1}).at(0);
    EXPECT_EQ(s.status, "interrupted");
    EXPECT_EQ(s.status_detail, "SIGINT at t=42 s");
    const auto table = format_summary_table({s});
    EXPECT_NE(table.find("run 1 interrupted: SIGINT at t=42 s"), std::string::npos) << table;
}

// A schema-v1 file has no runs.duration_s / runs.error: summarize must still read it.
TEST(SummaryV1, FileWithoutV2ColumnsIsRead) {
    TempDir dir;
    const auto path = dir.file("v1.db");
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    results::exec_sql(db, std::string(results::schema_migrations().at(0)).c_str(), path);
    results::exec_sql(
        db,
        "INSERT INTO runs(run_id, scenario, policy, seed, status, sim_time_s, wall_s) "
        "VALUES (1, 'old', 'local', 1, 'complete', 400, 1);"
        "INSERT INTO requests(run_id, request_id, submitted_s, completed_s, latency_s, "
        "status, device_energy_j) VALUES (1, 1, 0, 0.1, 0.1, 'ok', 1), "
        "(1, 2, 1, NULL, NULL, 'failed', 1);",
        path);
    const auto s = summarize(db, {}).at(0);
    sqlite3_close(db);
    EXPECT_EQ(s.requests, 2);
    EXPECT_FALSE(s.duration_s);
    EXPECT_FALSE(s.offered_per_s);
    EXPECT_FALSE(s.drained);
    EXPECT_EQ(s.status_detail, "");
    EXPECT_DOUBLE_EQ(s.served_pct, 50);
    EXPECT_NEAR(*s.p50_latency_s, 0.1, 1e-12);
    EXPECT_TRUE(std::isinf(*s.p95_latency_s));
    EXPECT_DOUBLE_EQ(*s.device_energy_per_request_j, 1.0);
}

TEST_F(SummaryTest, LatencyFallsBackToCompletedMinusSubmitted) {
    results::RunInfo i;
    i.policy = "cloud";
    rec->finish_run("failed", 1, 1);
    const auto c = rec->begin_run(i);
    results::RequestRow r = req(1, "ok", 0.2, std::nullopt, 0, std::nullopt);
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

std::vector<std::string> lines_of(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    return lines;
}

TEST_F(SummaryTest, TableHasUnitsAlignedColumnsAndMarksIncompleteRuns) {
    rec->flush();
    const std::string table = format_summary_table(summarize(rec->handle()));
    const auto lines = lines_of(table);
    // scenario line; load header, rule, 2 runs; blank; outcome header, rule, 2 runs; blank; note.
    ASSERT_GE(lines.size(), 11u) << table;
    EXPECT_EQ(lines[0], "scenario demo");
    for (const char* h :
         {"requests", "offered/s", "served [%]", "timed out", "dropped", "failed", "sim [s]"})
        EXPECT_NE(lines[1].find(h), std::string::npos) << h << "\n" << table;
    for (const char* h :
         {"p50 [ms]", "p95 [ms]", "p99 [ms]", "ok [%]", "hit [%]", "energy/req [J]", "wall [s]"})
        EXPECT_NE(lines[6].find(h), std::string::npos) << h << "\n" << table;
    EXPECT_NE(table.find("running (incomplete)"), std::string::npos);
    // The last columns (sim [s], wall [s]) are numeric, hence right-aligned: every line of a
    // table ends at one column.
    for (int l : {2, 3, 4}) EXPECT_EQ(lines[l].size(), lines[1].size()) << table;
    for (int l : {7, 8, 9}) EXPECT_EQ(lines[l].size(), lines[6].size()) << table;
    // Columns line up: p50 (50.0) and p95 (unfinished) end where their headers end.
    const auto p50_end = lines[6].find("p50 [ms]") + std::string("p50 [ms]").size();
    EXPECT_EQ(lines[8].substr(p50_end - 4, 4), "50.0") << table;
    const auto p95_end = lines[6].find("p95 [ms]") + std::string("p95 [ms]").size();
    EXPECT_EQ(lines[8].substr(p95_end - 10, 10), "unfinished") << table;
    EXPECT_NE(lines[8].find("55.6"), std::string::npos);  // deadline hit %
    EXPECT_NE(lines[3].find("80.0"), std::string::npos);  // served %
    EXPECT_NE(lines[9].find(" - "), std::string::npos);   // empty run: no percentiles
    EXPECT_NE(table.find("unfinished: the percentile's rank falls on a request that never"),
              std::string::npos)
        << table;
    EXPECT_EQ(table.find("drain"), std::string::npos) << table;  // no duration, no drain note
}

// The factory-inspection shape: offered vs served load, losses, unfinished percentiles,
// unknown energy and the drain, in lines a 120-column terminal shows whole.
TEST(SummaryTable, ShowsLoadLossesUnknownEnergyAndDrainWithin120Columns) {
    RunSummary s;
    s.run_id = 12;
    s.scenario = "factory-inspection";
    s.policy = "adaptive-compression";  // the longest registered policy name
    s.status = "interrupted";
    s.requests = 38400;
    s.completed = 21504;
    s.served_pct = 56.0;
    s.timed_out = 16000;
    s.dropped = 896;
    s.failed = 0;
    s.ok = 20000;
    s.ok_pct = 52.1;
    s.with_deadline = 38400;
    s.deadline_hit_pct = 52.1;
    s.duration_s = 300;
    s.offered_per_s = 128;
    s.served_per_s = 71.68;
    s.sim_time_s = 360;
    s.drained = true;
    s.p50_latency_s = 0.012;
    s.p95_latency_s = s.p99_latency_s = std::numeric_limits<double>::infinity();
    s.energy_known_requests = 10;
    s.mean_accuracy = 0.912;
    s.wall_s = 31.5;
    s.status_detail = "SIGINT";
    RunSummary t = s;
    t.status_detail = "";
    t.run_id = 13;
    t.policy = "neurosurgeon";
    t.status = "complete";
    t.drained = false;
    t.sim_time_s = 300;
    t.device_energy_per_request_j = 0.0123;
    t.energy_known_requests = t.requests;
    const auto table = format_summary_table({s, t});
    for (const auto& l : lines_of(table)) EXPECT_LE(l.size(), 120u) << l << "\n" << table;
    const auto lines = lines_of(table);
    EXPECT_NE(lines[3].find("128.00"), std::string::npos) << table;
    EXPECT_NE(lines[3].find("56.0"), std::string::npos) << table;
    EXPECT_NE(lines[3].find("16000"), std::string::npos) << table;
    EXPECT_NE(lines[3].find("896"), std::string::npos) << table;
    EXPECT_NE(lines[3].find("360.0 (drain +60.0)"), std::string::npos) << table;
    EXPECT_NE(lines[4].find("300.0"), std::string::npos) << table;
    EXPECT_EQ(lines[4].find("drain"), std::string::npos) << table;
    EXPECT_NE(lines[8].find("12.0"), std::string::npos) << table;
    EXPECT_NE(lines[8].find("unfinished"), std::string::npos) << table;
    EXPECT_NE(lines[8].find("unknown"), std::string::npos) << table;
    EXPECT_NE(lines[9].find("0.0123"), std::string::npos) << table;
    EXPECT_NE(table.find("drain +N: arrivals stop at the scenario's duration"), std::string::npos)
        << table;
    EXPECT_NE(table.find("run 12: energy unknown: only 10 of 38400"), std::string::npos) << table;
    EXPECT_NE(table.find("run 12 interrupted: SIGINT"), std::string::npos) << table;
    EXPECT_EQ(format_latency_ms(std::nullopt), "-");
    EXPECT_EQ(format_latency_ms(0.0125), "12.5");
    EXPECT_EQ(format_energy_j(std::nullopt), "unknown");
}

}  // namespace
}  // namespace a2iot::analysis
