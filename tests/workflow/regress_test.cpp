// `a2iot regress` end to end: the committed baselines in tests/regression/ pass, a deliberately
// worsened configuration fails with a readable diff, improvements pass, bad input exits 2.
#include <gtest/gtest.h>

#include "tests/workflow/workflow_util.hpp"

namespace a2iot::workflow_test {
namespace {

const std::string kTwoTier = src("tests/regression/two-tier.yaml");
const std::string kTwoTierDb = src("tests/regression/two-tier.db");

std::string regress(const std::string& scenario, const std::string& baseline,
                    const std::string& extra) {
    return "regress " + quote(scenario) + " --baseline " + quote(baseline) + " " + extra;
}

TEST(Regress, CommittedTwoTierBaselinePasses) {
    const auto r = a2iot(regress(
        kTwoTier, kTwoTierDb, "--policy local --policy edge --policy cloud --policy neurosurgeon"));
    EXPECT_EQ(r.rc, 0) << r.out;
    EXPECT_NE(r.out.find("4 run(s) checked"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("0 regressed"), std::string::npos) << r.out;
}

// Golden tests of the teaching scenarios (same list as tests/regression/update-baselines.sh).
TEST(Regress, GoldenSmartCityLte) {
    const auto r =
        a2iot(regress(src("scenarios/smart-city-lte.yaml"),
                      src("tests/regression/smart-city-lte.db"), "--policy neurosurgeon"));
    EXPECT_EQ(r.rc, 0) << r.out;
}

TEST(Regress, GoldenWearableBle) {
    const auto r =
        a2iot(regress(src("scenarios/wearable-ble.yaml"), src("tests/regression/wearable-ble.db"),
                      "--policy local --policy neurosurgeon"));
    EXPECT_EQ(r.rc, 0) << r.out;
}

TEST(Regress, GoldenMultiEdgeJoinLeave) {
    const auto r =
        a2iot(regress(src("scenarios/multi-edge-join-leave.yaml"),
                      src("tests/regression/multi-edge-join-leave.db"), "--policy least-loaded"));
    EXPECT_EQ(r.rc, 0) << r.out;
}

TEST(Regress, GoldenBatteryCriticalFleet) {
    // The scenario's own policy (battery-aware): no --policy.
    const auto r = a2iot(regress(src("scenarios/battery-critical-fleet.yaml"),
                                 src("tests/regression/battery-critical-fleet.db"), ""));
    EXPECT_EQ(r.rc, 0) << r.out;
}

TEST(Regress, SlowerLinkIsARegression) {
    // Same scenario and policy, the camera WiFi made 10x slower: latency must regress.
    const auto r =
        a2iot(regress(kTwoTier, kTwoTierDb, "--policy edge --set links.0.bandwidth=2Mbps"));
    EXPECT_EQ(r.rc, 1) << r.out;
    EXPECT_NE(r.out.find("REGRESSION"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("p95 [ms]"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("1 regressed"), std::string::npos) << r.out;
}

TEST(Regress, WorseOfSeveralPoliciesFailsTheWholeCheck) {
    // Only the offloading policies suffer from a slow uplink; `local` does not, yet the exit
    // code is 1 because one pair regressed.
    const auto r = a2iot(regress(kTwoTier, kTwoTierDb,
                                 "--policy local --policy edge --set links.0.bandwidth=2Mbps"));
    EXPECT_EQ(r.rc, 1) << r.out;
    EXPECT_NE(r.out.find("1 regressed, 1 within tolerance"), std::string::npos) << r.out;
}

TEST(Regress, FasterLinkIsAnImprovementNotARegression) {
    const auto r = a2iot(regress(kTwoTier, kTwoTierDb, "--policy edge --set links.0.latency=1ms"));
    EXPECT_EQ(r.rc, 0) << r.out;
    EXPECT_NE(r.out.find("improved"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("REGRESSION"), std::string::npos) << r.out;
}

TEST(Regress, ToleranceOverrideAcceptsTheChange) {
    std::string tol;
    for (const char* m : {"ok_pct", "deadline_hit_pct", "p50_latency_s", "p95_latency_s",
                          "p99_latency_s", "mean_latency_s", "device_energy_per_request_j"})
        tol += std::string(" --tolerance ") + m + "=100000";
    const auto r =
        a2iot(regress(kTwoTier, kTwoTierDb, "--policy edge --set links.0.bandwidth=2Mbps" + tol));
    EXPECT_EQ(r.rc, 0) << r.out;
}

TEST(Regress, MissingBaselineRunExits2WithAHint) {
    // smart-city-lte.db holds neurosurgeon only.
    const auto r = a2iot(regress(src("scenarios/smart-city-lte.yaml"),
                                 src("tests/regression/smart-city-lte.db"), "--policy edge"));
    EXPECT_EQ(r.rc, 2) << r.out;
    EXPECT_NE(r.out.find("no complete baseline run for smart-city-lte / edge"), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("--update-baseline"), std::string::npos) << r.out;
}

TEST(Regress, BadInputExits2) {
    TempDir t;
    EXPECT_EQ(a2iot(regress(kTwoTier, t.file("none.db"), "")).rc, 2);
    EXPECT_EQ(a2iot(regress(kTwoTier, kTwoTierDb, "--tolerance p95_latency_s")).rc, 2);
    EXPECT_EQ(a2iot(regress(kTwoTier, kTwoTierDb, "--tolerance nope=3")).rc, 2);
    EXPECT_EQ(a2iot(regress(kTwoTier, kTwoTierDb, "--tolerance p95_latency_s=-4")).rc, 2);
    EXPECT_EQ(a2iot(regress(kTwoTier, kTwoTierDb, "--policy no-such-policy")).rc, 2);
    EXPECT_EQ(a2iot(regress(t.file("missing.yaml"), kTwoTierDb, "")).rc, 2);
    EXPECT_EQ(a2iot("regress --help").rc, 0);
}

TEST(Regress, UpdateBaselineReplacesOnlyThatPolicy) {
    TempDir t;
    const std::string db = t.file("base.db");
    fs::copy_file(kTwoTierDb, db);
    ASSERT_EQ(query_int(db, "SELECT count(*) FROM runs"), 4);
    const long other_requests =
        query_int(db, "SELECT count(*) FROM requests JOIN runs USING(run_id) WHERE policy='local'");

    auto r = a2iot(
        regress(kTwoTier, db, "--policy edge --set links.0.bandwidth=2Mbps --update-baseline"));
    ASSERT_EQ(r.rc, 0) << r.out;
    EXPECT_EQ(query_int(db, "SELECT count(*) FROM runs"), 4);
    EXPECT_EQ(query_int(db, "SELECT count(*) FROM runs WHERE policy='edge'"), 1);
    EXPECT_EQ(query(db, "SELECT overrides FROM runs WHERE policy='edge'"),
              "links.0.bandwidth=2Mbps");
    EXPECT_EQ(
        query_int(db, "SELECT count(*) FROM requests JOIN runs USING(run_id) WHERE policy='local'"),
        other_requests);
    // No orphan rows of the replaced run.
    EXPECT_EQ(query_int(db,
                        "SELECT count(*) FROM requests WHERE run_id NOT IN (SELECT run_id "
                        "FROM runs)"),
              0);
    // Stored compactly for git: rollback journal, no WAL side file.
    EXPECT_EQ(query(db, "PRAGMA journal_mode"), "delete");
    EXPECT_FALSE(fs::exists(db + "-wal"));

    // The slow link is now the reference: it passes, and the original link is an improvement.
    r = a2iot(regress(kTwoTier, db, "--policy edge --set links.0.bandwidth=2Mbps"));
    EXPECT_EQ(r.rc, 0) << r.out;
    r = a2iot(regress(kTwoTier, db, "--policy edge"));
    EXPECT_EQ(r.rc, 0) << r.out;
    EXPECT_NE(r.out.find("improved"), std::string::npos) << r.out;
}

TEST(Regress, FreshRunsCanBeKept) {
    TempDir t;
    const auto r = a2iot(regress(kTwoTier, kTwoTierDb, "--policy local --db " + t.file("f.db")));
    ASSERT_EQ(r.rc, 0) << r.out;
    EXPECT_EQ(query(t.file("f.db"), "SELECT status FROM runs"), "complete");
}

}  // namespace
}  // namespace a2iot::workflow_test

namespace a2iot::workflow_test {
namespace {

TEST(Regress, GoldenFactoryInspectionReduced) {
    const auto r = a2iot(regress(src("scenarios/factory-inspection.yaml"),
                                 src("tests/regression/factory-inspection.db"),
                                 "--policy neurosurgeon --set devices.cam.count=4 --set "
                                 "workload.0.rate=0.5/s --set duration=130s"));
    EXPECT_EQ(r.rc, 0) << r.out;
}

}  // namespace
}  // namespace a2iot::workflow_test

namespace a2iot::workflow_test {
namespace {

// The paper-shaped scenarios need model cards built with LibTorch (`a2iot models build`). Until
// the card and a recorded baseline (tests/regression/update-baselines.sh) are both committed,
// these skip, saying which is missing.
bool have(const std::string& card, const std::string& baseline) {
    return fs::exists(src("models/cards/" + card + ".json")) &&
           fs::exists(src("tests/regression/" + baseline + ".db"));
}

TEST(Regress, GoldenDadsMincut) {
    // The card and the baseline are committed: a missing one is a broken tree, not a skip.
    ASSERT_TRUE(have("googlenet", "dads-mincut"))
        << "needs models/cards/googlenet.json and tests/regression/dads-mincut.db";
    const auto r =
        a2iot(regress(src("scenarios/dads-mincut.yaml"), src("tests/regression/dads-mincut.db"),
                      "--policy dads --policy neurosurgeon"));
    EXPECT_EQ(r.rc, 0) << r.out;
}

TEST(Regress, GoldenNeurosurgeonBandwidthSweep) {
    ASSERT_TRUE(have("alexnet", "neurosurgeon-bandwidth-sweep"))
        << "needs models/cards/alexnet.json and tests/regression/neurosurgeon-bandwidth-sweep.db";
    const auto r = a2iot(regress(src("scenarios/neurosurgeon-bandwidth-sweep.yaml"),
                                 src("tests/regression/neurosurgeon-bandwidth-sweep.db"),
                                 "--policy neurosurgeon --set workload.0.rate=1/s"));
    EXPECT_EQ(r.rc, 0) << r.out;
}

}  // namespace
}  // namespace a2iot::workflow_test
