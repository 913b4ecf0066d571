#include "analysis/comparison.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "analysis/metric.hpp"
#include "analysis/recorder.hpp"
#include "analysis/text_table.hpp"
#include "common/input_error.hpp"
#include "tests/analysis/temp_dir.hpp"

namespace a2iot::analysis {
namespace {

using testing::TempDir;

// One run whose every request completes with `latency_s` and spends `energy_j`.
std::int64_t add_run(Recorder& rec, const std::string& scenario, const std::string& policy,
                     double latency_s, double energy_j, int n, const std::string& status) {
    RunInfo i;
    i.scenario = scenario;
    i.policy = policy;
    const auto id = rec.begin_run(i);
    for (int k = 0; k < n; ++k) {
        RequestRow r;
        r.request_id = k;
        r.status = "ok";
        r.submitted_s = k;
        r.latency_s = latency_s;
        r.completed_s = k + latency_s;
        r.deadline_s = 0.1;
        r.device_energy_j = energy_j;
        rec.add(r);
    }
    if (status == "running")
        rec.flush();
    else
        rec.finish_run(status, 10, 1);
    return id;
}

class ComparisonTest : public ::testing::Test {
  protected:
    void SetUp() override {
        rec = std::make_unique<Recorder>(dir.file("c.db"));
        old_local = add_run(*rec, "demo", "local", 0.400, 2.0, 4, "complete");
        cloud = add_run(*rec, "demo", "cloud", 0.050, 0.5, 4, "complete");
        local = add_run(*rec, "demo", "local", 0.200, 1.0, 4, "complete");  // supersedes old
        failed = add_run(*rec, "demo", "edge", 0.010, 0.1, 4, "failed");
        other = add_run(*rec, "walk", "cloud", 0.080, 0.25, 2, "complete");
        running = add_run(*rec, "demo", "dads", 0.020, 0.2, 3, "running");
    }
    TempDir dir;
    std::unique_ptr<Recorder> rec;
    std::int64_t old_local = 0, cloud = 0, local = 0, failed = 0, other = 0, running = 0;
};

TEST_F(ComparisonTest, DefaultPicksLatestCompleteRunPerScenarioAndPolicy) {
    EXPECT_EQ(latest_complete_runs(rec->handle()),
              (std::vector<std::int64_t>{cloud, local, other}));
}

TEST_F(ComparisonTest, DifferencesAreRelativeToTheFirstPolicyOfEachScenario) {
    const auto c = Comparison::build(rec->handle(),
                                     {{"p95_latency_s", "device_energy_per_request_j"}, "", {}});
    ASSERT_EQ(c.rows().size(), 3u);
    // demo: cloud (run 2) is the first run, hence the reference; local is 4x slower, 2x energy.
    EXPECT_EQ(c.rows()[0].run.run_id, cloud);
    EXPECT_TRUE(c.rows()[0].is_reference);
    EXPECT_EQ(c.rows()[1].run.run_id, local);
    EXPECT_FALSE(c.rows()[1].is_reference);
    EXPECT_NEAR(*c.rows()[1].values[0], 0.200, 1e-12);
    EXPECT_NEAR(*c.rows()[1].rel_pct[0], 300.0, 1e-9);
    EXPECT_NEAR(*c.rows()[1].rel_pct[1], 100.0, 1e-9);
    // walk has its own reference.
    EXPECT_EQ(c.rows()[2].run.scenario, "walk");
    EXPECT_TRUE(c.rows()[2].is_reference);
    EXPECT_NEAR(*c.rows()[2].rel_pct[0], 0.0, 1e-12);
}

TEST_F(ComparisonTest, NamedReferenceAndExplicitRunsIncludingIncompleteOnes) {
    const auto c =
        Comparison::build(rec->handle(), {{"p50_latency_s"}, "local", {running, cloud, local}});
    ASSERT_EQ(c.rows().size(), 3u);
    EXPECT_EQ(c.rows()[0].run.run_id, cloud);
    EXPECT_NEAR(*c.rows()[0].rel_pct[0], -75.0, 1e-9);  // 50 ms vs 200 ms
    EXPECT_TRUE(c.rows()[1].is_reference);
    EXPECT_EQ(c.rows()[2].run.status, "running");
    EXPECT_NEAR(*c.rows()[2].rel_pct[0], -90.0, 1e-9);
    const auto table = c.render_table();
    EXPECT_NE(table.find("local (ref)"), std::string::npos) << table;
    EXPECT_NE(table.find("50.0 (-75.0%)"), std::string::npos) << table;
    EXPECT_NE(table.find("running (incomplete)"), std::string::npos) << table;
}

TEST_F(ComparisonTest, BadInputIsAnInputError) {
    EXPECT_THROW(Comparison::build(rec->handle(), {{"p42_latency"}, "", {}}), common::InputError);
    EXPECT_THROW(Comparison::build(rec->handle(), {{}, "no-such-policy", {}}), common::InputError);
    TempDir empty_dir;
    Recorder empty(empty_dir.file("e.db"));
    EXPECT_THROW(Comparison::build(empty.handle(), {}), common::InputError);
}

TEST_F(ComparisonTest, CsvHasSiValuesAndRelativeColumns) {
    const auto c = Comparison::build(rec->handle(), {{"p95_latency_s"}, "", {}});
    std::istringstream in(c.render_csv());
    std::string header, l1, l2;
    std::getline(in, header);
    std::getline(in, l1);
    std::getline(in, l2);
    EXPECT_EQ(header,
              "scenario,policy,run_id,status,reference,p95_latency_s,p95_latency_s_rel_pct");
    EXPECT_EQ(l1, "demo,cloud," + std::to_string(cloud) + ",complete,1,0.05,0");
    EXPECT_EQ(l2, "demo,local," + std::to_string(local) + ",complete,0,0.2,300");
}

TEST(Metric, EveryMetricHasAnAccessorAndUnknownNamesAreRejected) {
    RunSummary s;
    s.requests = 4;
    s.with_deadline = 4;
    s.p50_latency_s = s.p95_latency_s = s.p99_latency_s = 0.1;
    s.mean_accuracy = 0.9;
    s.energy_known_requests = 4;
    s.device_energy_per_request_j = 0.25;
    for (const auto& m : all_metrics()) EXPECT_TRUE(metric_value(s, m.name)) << m.name;
    // Energy is unknown (not 0) when no request has a known energy.
    s.energy_known_requests = 0;
    s.device_energy_per_request_j.reset();
    EXPECT_FALSE(metric_value(s, "device_energy_per_request_j"));
    for (const auto& name : default_metrics()) EXPECT_NO_THROW(find_metric(name));
    EXPECT_THROW(metric_value(s, "nope"), common::InputError);
    RunSummary empty;  // no requests: rates and percentiles are undefined, not 0
    EXPECT_FALSE(metric_value(empty, "ok_pct"));
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
