#include "analysis/comparison.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "analysis/metric.hpp"
#include "analysis/text_table.hpp"
#include "common/input_error.hpp"
#include "results/recorder.hpp"
#include "tests/analysis/temp_dir.hpp"

namespace a2iot::analysis {
namespace {

using testing::TempDir;

struct RunSpec {
    std::string scenario = "demo";
    std::string policy;
    double latency_s = 0.1;
    double energy_j = 1.0;
    int n = 4;
    std::string status = "complete";
    std::int64_t seed = 1;
    std::string overrides = "";
    std::string hash = "";  // default: "h-" + scenario (+ overrides), as the loader would differ
};

// One run whose every request completes with `latency_s` (so every percentile is latency_s)
// and spends `energy_j`.
std::int64_t add_run(results::Recorder& rec, const RunSpec& s) {
    results::RunInfo i;
    i.scenario = s.scenario;
    i.policy = s.policy;
    i.seed = s.seed;
    i.overrides = s.overrides;
    i.scenario_hash = s.hash.empty() ? "h-" + s.scenario + s.overrides : s.hash;
    const auto id = rec.begin_run(i);
    for (int k = 0; k < s.n; ++k) {
        results::RequestRow r;
        r.request_id = k;
        r.status = "ok";
        r.submitted_s = k;
        r.latency_s = s.latency_s;
        r.completed_s = k + s.latency_s;
        r.deadline_s = 0.1;
        r.device_energy_j = s.energy_j;
        rec.add(r);
    }
    if (s.status == "running")
        rec.flush();
    else
        rec.finish_run(s.status, 10, 1);
    return id;
}

class ComparisonTest : public ::testing::Test {
  protected:
    void SetUp() override {
        rec = std::make_unique<results::Recorder>(dir.file("c.db"));
        old_local = add_run(*rec, {.policy = "local", .latency_s = 0.400, .energy_j = 2.0});
        cloud = add_run(*rec, {.policy = "cloud", .latency_s = 0.050, .energy_j = 0.5});
        // Supersedes old_local: same configuration, policy and seed.
        local = add_run(*rec, {.policy = "local", .latency_s = 0.200, .energy_j = 1.0});
        failed = add_run(*rec, {.policy = "edge", .latency_s = 0.010, .status = "failed"});
        other = add_run(*rec, {.scenario = "walk", .policy = "cloud", .latency_s = 0.080, .n = 2});
        running =
            add_run(*rec, {.policy = "dads", .latency_s = 0.020, .n = 3, .status = "running"});
    }
    // A second writer for runs added by a test: `rec` keeps its run open (`running`).
    results::Recorder& more() {
        if (!second) second = std::make_unique<results::Recorder>(dir.file("c.db"));
        return *second;
    }
    TempDir dir;
    std::unique_ptr<results::Recorder> rec, second;
    std::int64_t old_local = 0, cloud = 0, local = 0, failed = 0, other = 0, running = 0;
};

TEST_F(ComparisonTest, DefaultPicksLatestCompleteRunPerConfigurationPolicyAndSeed) {
    EXPECT_EQ(latest_complete_runs(rec->handle()),
              (std::vector<std::int64_t>{cloud, local, other}));
    // Another seed of local is a replication, not a replacement: both are picked.
    const auto seed2 = add_run(more(), {.policy = "local", .latency_s = 0.2, .seed = 2});
    EXPECT_EQ(latest_complete_runs(rec->handle()),
              (std::vector<std::int64_t>{cloud, local, other, seed2}));
}

TEST_F(ComparisonTest, DifferencesAreRelativeToTheFirstPolicyOfEachConfiguration) {
    const auto c = Comparison::build(rec->handle(),
                                     {{"p95_latency_s", "device_energy_per_request_j"}, "", {}});
    ASSERT_EQ(c.sections().size(), 2u);
    const auto& demo = c.sections()[0];
    ASSERT_EQ(demo.rows.size(), 2u);
    // demo: cloud (run 2) is the first run, hence the reference; local is 4x slower, 2x energy.
    EXPECT_EQ(demo.reference, "cloud");
    EXPECT_EQ(demo.rows[0].runs.at(0).run_id, cloud);
    EXPECT_TRUE(demo.rows[0].is_reference);
    EXPECT_EQ(demo.rows[1].runs.at(0).run_id, local);
    EXPECT_FALSE(demo.rows[1].is_reference);
    EXPECT_NEAR(*demo.rows[1].stats[0].value, 0.200, 1e-12);
    EXPECT_NEAR(*demo.rows[1].stats[0].rel_pct, 300.0, 1e-9);
    EXPECT_NEAR(*demo.rows[1].stats[1].rel_pct, 100.0, 1e-9);
    EXPECT_FALSE(demo.rows[1].stats[0].ci95);  // one seed: point values
    // walk has its own reference.
    EXPECT_EQ(c.sections()[1].scenario, "walk");
    EXPECT_TRUE(c.sections()[1].rows[0].is_reference);
    const auto table = c.render_table();
    EXPECT_NE(table.find("one seed per policy"), std::string::npos) << table;
}

TEST_F(ComparisonTest, NamedReferenceAndExplicitRunsIncludingIncompleteOnes) {
    const auto c =
        Comparison::build(rec->handle(), {{"p50_latency_s"}, "local", {running, cloud, local}});
    ASSERT_EQ(c.sections().size(), 1u);
    const auto& rows = c.sections()[0].rows;
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].policy, "cloud");
    EXPECT_NEAR(*rows[0].stats[0].rel_pct, -75.0, 1e-9);  // 50 ms vs 200 ms
    EXPECT_TRUE(rows[1].is_reference);
    EXPECT_EQ(rows[2].status(), "running (incomplete)");
    EXPECT_NEAR(*rows[2].stats[0].rel_pct, -90.0, 1e-9);
    const auto table = c.render_table();
    EXPECT_NE(table.find("local (ref)"), std::string::npos) << table;
    EXPECT_NE(table.find("50.0 (-75.0%)"), std::string::npos) << table;
    EXPECT_NE(table.find("running (incomplete)"), std::string::npos) << table;
}

// The bug this grouping fixes: a run with `--set workload.0.rate=1/s` was compared against the
// plain run of the same scenario name as if it were the same experiment.
TEST_F(ComparisonTest, RunWithOverridesIsNeverComparedAgainstARunWithout) {
    const auto fast =
        add_run(more(), {.policy = "edge", .latency_s = 0.030, .overrides = "workload.0.rate=1/s"});
    auto c = Comparison::build(rec->handle(), {{"p95_latency_s"}, "", {cloud, local, fast}});
    ASSERT_EQ(c.sections().size(), 2u);
    EXPECT_EQ(c.sections()[0].overrides, "");
    EXPECT_EQ(c.sections()[1].overrides, "workload.0.rate=1/s");
    ASSERT_EQ(c.sections()[1].rows.size(), 1u);
    EXPECT_TRUE(c.sections()[1].rows[0].is_reference);  // its own reference, not cloud's
    EXPECT_TRUE(c.warnings().empty());

    // Asking for a reference the overridden configuration lacks: a warning, and no difference
    // computed against the other configuration's local.
    c = Comparison::build(rec->handle(), {{"p95_latency_s"}, "local", {cloud, local, fast}});
    ASSERT_EQ(c.sections().size(), 2u);
    EXPECT_EQ(c.sections()[1].reference, "");
    EXPECT_FALSE(c.sections()[1].rows[0].is_reference);
    EXPECT_FALSE(c.sections()[1].rows[0].stats[0].rel_pct);
    ASSERT_EQ(c.warnings().size(), 1u);
    EXPECT_NE(c.warnings()[0].find("'local' has no run in configuration demo with "
                                   "workload.0.rate=1/s"),
              std::string::npos)
        << c.warnings()[0];
    const auto table = c.render_table();
    EXPECT_EQ(table.find("30.0 ("), std::string::npos) << table;

    // Same hash but other overrides (a hand-edited file) still stays apart.
    const auto same_hash = add_run(
        more(), {.policy = "edge", .latency_s = 0.030, .overrides = "x=1", .hash = "h-demo"});
    c = Comparison::build(rec->handle(), {{"p95_latency_s"}, "", {cloud, same_hash}});
    EXPECT_EQ(c.sections().size(), 2u);
}

TEST_F(ComparisonTest, TwoRunsOfOneSeedAreOneReplication) {
    // old_local and local: same configuration, policy and seed (a re-run), picked explicitly.
    const auto c = Comparison::build(rec->handle(), {{"p95_latency_s"}, "", {old_local, local}});
    ASSERT_EQ(c.sections().size(), 1u);
    ASSERT_EQ(c.sections()[0].rows.size(), 1u);
    ASSERT_EQ(c.sections()[0].rows[0].runs.size(), 1u);
    EXPECT_EQ(c.sections()[0].rows[0].runs[0].run_id, local);  // the later one
    EXPECT_FALSE(c.sections()[0].rows[0].stats[0].ci95);
    ASSERT_EQ(c.warnings().size(), 1u);
    EXPECT_NE(c.warnings()[0].find("have the same seed 1"), std::string::npos) << c.warnings()[0];
}

TEST_F(ComparisonTest, BadInputIsAnInputError) {
    EXPECT_THROW(Comparison::build(rec->handle(), {{"p42_latency"}, "", {}}), common::InputError);
    EXPECT_THROW(Comparison::build(rec->handle(), {{}, "no-such-policy", {}}), common::InputError);
    EXPECT_THROW(Comparison::build(rec->handle(), {{}, "", {9999}}), common::InputError);
    TempDir empty_dir;
    results::Recorder empty(empty_dir.file("e.db"));
    EXPECT_THROW(Comparison::build(empty.handle(), {}), common::InputError);
}

TEST_F(ComparisonTest, CsvHasSiValuesIntervalsAndRelativeColumns) {
    const auto c = Comparison::build(rec->handle(), {{"p95_latency_s"}, "", {}});
    std::istringstream in(c.render_csv());
    std::string header, l1, l2;
    std::getline(in, header);
    std::getline(in, l1);
    std::getline(in, l2);
    EXPECT_EQ(header,
              "scenario,scenario_hash,overrides,policy,seeds,run_ids,status,reference,"
              "p95_latency_s,p95_latency_s_ci95,p95_latency_s_rel_pct,p95_latency_s_tie");
    EXPECT_EQ(l1, "demo,h-demo,,cloud,1," + std::to_string(cloud) + ",complete,1,0.05,,,0");
    EXPECT_EQ(l2, "demo,h-demo,,local,1," + std::to_string(local) + ",complete,0,0.2,,300,0");
}

// Replications: three seeds per policy, each seed's p95 known exactly.
TEST(ComparisonReplications, MeanConfidenceIntervalAndTies) {
    TempDir dir;
    results::Recorder rec(dir.file("r.db"));
    const double local[] = {0.10, 0.12, 0.14};
    const double edge[] = {0.20, 0.22, 0.24};   // clearly slower: +83.3%, not a tie
    const double cloud[] = {0.11, 0.13, 0.15};  // +8.3% but the intervals say: tie
    for (int s = 0; s < 3; ++s) {
        add_run(rec, {.scenario = "r", .policy = "local", .latency_s = local[s], .seed = s + 1});
        add_run(rec, {.scenario = "r", .policy = "edge", .latency_s = edge[s], .seed = s + 1});
        add_run(rec, {.scenario = "r", .policy = "cloud", .latency_s = cloud[s], .seed = s + 1});
    }
    const auto c = Comparison::build(rec.handle(), {{"p95_latency_s", "requests"}, "", {}});
    ASSERT_EQ(c.sections().size(), 1u);
    const auto& rows = c.sections()[0].rows;
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].policy, "local");
    EXPECT_EQ(rows[0].runs.size(), 3u);
    // mean 0.12, sd 0.02, t(0.975, 2) = 4.3027: half width 4.3027 * 0.02 / sqrt(3).
    EXPECT_NEAR(*rows[0].stats[0].value, 0.12, 1e-12);
    EXPECT_NEAR(*rows[0].stats[0].ci95, 4.3027 * 0.02 / std::sqrt(3.0), 1e-6);
    EXPECT_EQ(rows[1].policy, "edge");
    EXPECT_NEAR(*rows[1].stats[0].rel_pct, 100.0 * 0.1 / 0.12, 1e-9);
    EXPECT_FALSE(rows[1].stats[0].tie);
    EXPECT_EQ(rows[2].policy, "cloud");
    EXPECT_TRUE(rows[2].stats[0].tie);
    // Identical counts without spread: a zero-width interval, equal means, a tie.
    EXPECT_TRUE(rows[2].stats[1].tie);
    const auto table = c.render_table();
    EXPECT_NE(table.find("130.0 ±49.7 (tie)"), std::string::npos) << table;
    EXPECT_NE(table.find("220.0 ±49.7 (+83.3%)"), std::string::npos) << table;
    EXPECT_NE(table.find("Welch 95% CI"), std::string::npos) << table;
    EXPECT_EQ(table.find("one seed per policy"), std::string::npos) << table;
}

RunConfig config(const std::string& policy, std::int64_t id) {
    RunConfig c;
    c.run_id = id;
    c.scenario = "s";
    c.scenario_hash = "h";
    c.policy = policy;
    c.seed = 1;
    c.status = "complete";
    return c;
}

RunSummary summary(const std::string& policy, std::int64_t id) {
    RunSummary s;
    s.run_id = id;
    s.scenario = "s";
    s.policy = policy;
    s.status = "complete";
    s.requests = 10;
    s.completed = 10;
    s.served_pct = 100;
    s.p50_latency_s = s.p95_latency_s = s.p99_latency_s = 0.1;
    s.device_energy_per_request_j = 0.5;
    s.energy_known_requests = 10;
    s.duration_s = 5;
    s.offered_per_s = 2;
    s.served_per_s = 2;
    return s;
}

TEST(ComparisonSummaries, UnfinishedPercentilesAndUnknownEnergyGetNoRelativeDifference) {
    auto ref = summary("local", 1);
    auto slow = summary("edge", 2);
    slow.completed = 8;
    slow.served_pct = 80;
    slow.served_per_s = 1.6;
    slow.p99_latency_s = INFINITY;          // the rank fell on a request that never finished
    slow.device_energy_per_request_j = {};  // unknown (nullopt, or 0 with no known request)
    slow.energy_known_requests = 0;
    const auto c =
        Comparison::from_runs({config("local", 1), config("edge", 2)}, {ref, slow},
                              {{"served_pct", "offered_per_s", "served_per_s", "p95_latency_s",
                                "p99_latency_s", "device_energy_per_request_j"},
                               "",
                               {}});
    const auto& edge = c.sections().at(0).rows.at(1);
    EXPECT_NEAR(*edge.stats[0].rel_pct, -20.0, 1e-9);
    EXPECT_NEAR(*edge.stats[1].value, 2.0, 1e-12);
    EXPECT_NEAR(*edge.stats[2].rel_pct, -20.0, 1e-9);
    EXPECT_TRUE(edge.stats[4].unfinished);
    EXPECT_FALSE(edge.stats[4].rel_pct);
    EXPECT_FALSE(edge.stats[5].value);
    EXPECT_FALSE(edge.stats[5].rel_pct);
    const auto table = c.render_table();
    EXPECT_NE(table.find("unfinished"), std::string::npos) << table;
    EXPECT_NE(table.find("unknown"), std::string::npos) << table;
    EXPECT_NE(table.find("served [%]"), std::string::npos) << table;
    EXPECT_NE(table.find("offered [1/s]"), std::string::npos) << table;
    EXPECT_EQ(table.find("inf"), std::string::npos) << table;
    EXPECT_EQ(table.find("nan"), std::string::npos) << table;
    // An unfinished reference gives no relative difference either.
    const auto rev = Comparison::from_runs({config("edge", 2), config("local", 1)}, {slow, ref},
                                           {{"p99_latency_s"}, "", {}});
    EXPECT_FALSE(rev.sections()[0].rows[1].stats[0].rel_pct);
    EXPECT_NE(rev.render_csv().find(",inf,"), std::string::npos) << rev.render_csv();
}

TEST(ComparisonSummaries, OneUnfinishedSeedMakesTheGroupUnfinished) {
    auto a = summary("local", 1), b = summary("local", 2);
    b.p95_latency_s = INFINITY;
    auto ca = config("local", 1), cb = config("local", 2);
    cb.seed = 2;
    const auto c = Comparison::from_runs({ca, cb}, {a, b}, {{"p95_latency_s"}, "", {}});
    const auto& st = c.sections().at(0).rows.at(0).stats.at(0);
    EXPECT_TRUE(st.unfinished);
    EXPECT_FALSE(st.ci95);
}

TEST(Metric, EveryMetricHasAnAccessorAndUnknownNamesAreRejected) {
    RunSummary s;
    s.requests = 4;
    s.with_deadline = 4;
    s.p50_latency_s = s.p95_latency_s = s.p99_latency_s = 0.1;
    s.mean_accuracy = 0.9;
    s.energy_known_requests = 4;
    s.device_energy_per_request_j = 0.25;
    s.offered_per_s = s.served_per_s = 1;
    for (const auto& m : all_metrics()) EXPECT_TRUE(metric_value(s, m.name)) << m.name;
    // Energy is unknown (not 0) when no request has a known energy.
    s.energy_known_requests = 0;
    s.device_energy_per_request_j.reset();
    EXPECT_FALSE(metric_value(s, "device_energy_per_request_j"));
    for (const auto& name : default_metrics()) EXPECT_NO_THROW(find_metric(name));
    EXPECT_THROW(metric_value(s, "nope"), common::InputError);
    RunSummary empty;  // no requests: rates and percentiles are undefined, not 0
    EXPECT_FALSE(metric_value(empty, "ok_pct"));
    EXPECT_FALSE(metric_value(empty, "served_pct"));
    EXPECT_FALSE(metric_value(empty, "offered_per_s"));  // a v1 file: no duration
    EXPECT_FALSE(metric_value(empty, "p95_latency_s"));
    EXPECT_FALSE(metric_value(empty, "deadline_hit_pct"));
    EXPECT_EQ(*metric_value(empty, "requests"), 0);
}

TEST(TextTable, AlignsTextLeftAndNumbersRight) {
    TextTable t({"name", "value"});
    t.add_row({"a", "1.5 (+3.0%)"});
    t.add_row({"longer", "10"});
    EXPECT_EQ(t.render(),
              "name          value\n"
              "------  -----------\n"
              "a       1.5 (+3.0%)\n"
              "longer           10\n");
    EXPECT_THROW(t.add_row({"x"}), std::invalid_argument);
}

}  // namespace
}  // namespace a2iot::analysis
