// `a2iot regress` end to end: the committed baselines in tests/regression/ pass, a deliberately
// worsened configuration fails with a readable diff, improvements pass, bad input exits 2.
#include <gtest/gtest.h>

#include <algorithm>

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

// The three paper-shaped scenarios of docs/policies.md at reduced size (same list and arguments
// as tests/regression/update-baselines.sh). They use the committed model cards, so a re-built
// zoo moves their numbers: re-record the baselines then (the shape tests below must still pass).
bool have(const std::string& card, const std::string& baseline) {
    return fs::exists(src("models/cards/" + card + ".json")) &&
           fs::exists(src("tests/regression/" + baseline + ".db"));
}

const char* const kSweepArgs =
    "--policy local --policy edge --policy neurosurgeon --set workload.0.rate=0.5/s";
const char* const kDadsArgs = "--policy dads --policy neurosurgeon --set workload.0.rate=0.5/s";
const char* const kCompressionArgs = "--set duration=10s";

TEST(Regress, GoldenDeepThingsTiles) {
    // VGG-16 at 3x224x224 tiled over Raspberry Pis; 70 s keeps the two helpers going off at 60 s.
    ASSERT_TRUE(have("vgg16", "deepthings-tiles"))
        << "needs models/cards/vgg16.json and tests/regression/deepthings-tiles.db";
    const auto r = a2iot(regress(src("scenarios/deepthings-tiles.yaml"),
                                 src("tests/regression/deepthings-tiles.db"),
                                 "--policy local --policy deepthings --set duration=70s"));
    EXPECT_EQ(r.rc, 0) << r.out;
}

TEST(Regress, GoldenDadsMincut) {
    // The card and the baseline are committed: a missing one is a broken tree, not a skip.
    ASSERT_TRUE(have("googlenet", "dads-mincut"))
        << "needs models/cards/googlenet.json and tests/regression/dads-mincut.db";
    const auto r = a2iot(regress(src("scenarios/dads-mincut.yaml"),
                                 src("tests/regression/dads-mincut.db"), kDadsArgs));
    EXPECT_EQ(r.rc, 0) << r.out;
}

TEST(Regress, GoldenNeurosurgeonBandwidthSweep) {
    ASSERT_TRUE(have("alexnet", "neurosurgeon-bandwidth-sweep"))
        << "needs models/cards/alexnet.json and tests/regression/neurosurgeon-bandwidth-sweep.db";
    const auto r =
        a2iot(regress(src("scenarios/neurosurgeon-bandwidth-sweep.yaml"),
                      src("tests/regression/neurosurgeon-bandwidth-sweep.db"), kSweepArgs));
    EXPECT_EQ(r.rc, 0) << r.out;
}

TEST(Regress, GoldenCompressionSplit) {
    for (const char* m :
         {"alexnet", "vgg16", "resnet18", "mobilenet_v2", "shufflenet_v2", "googlenet"})
        ASSERT_TRUE(have(m, "compression-split"))
            << "needs models/cards/" << m << ".json and tests/regression/compression-split.db";
    // Both halves of the experiment against one baseline: pruning alone (local) and x-admm.
    const auto r =
        a2iot("regress " + quote(src("scenarios/compression-split.yaml")) + " " +
              quote(src("scenarios/compression-split-joint.yaml")) + " --baseline " +
              quote(src("tests/regression/compression-split.db")) + " " + kCompressionArgs);
    EXPECT_EQ(r.rc, 0) << r.out;
    EXPECT_NE(r.out.find("2 run(s) checked"), std::string::npos) << r.out;
}

// p50 latency of POLICY's requests submitted in [t0, t1), unfinished ones counted as slower than
// any finished one; -1 when the median request did not finish.
double p50_s(const std::string& db, const std::string& policy, double t0, double t1) {
    const std::string q =
        query(db,
              "WITH r AS (SELECT q.latency_s, ROW_NUMBER() OVER (ORDER BY q.latency_s IS NULL, "
              "q.latency_s) AS k, COUNT(*) OVER () AS n FROM requests q JOIN runs USING (run_id) "
              "WHERE policy = '" +
                  policy + "' AND submitted_s >= " + std::to_string(t0) + " AND submitted_s < " +
                  std::to_string(t1) + ") SELECT latency_s FROM r WHERE k = (n + 1) / 2");
    return q.empty() ? -1.0 : std::stod(q);
}

// The split most of POLICY's requests submitted in [t0, t1) took.
std::string main_split(const std::string& db, const std::string& policy, double t0, double t1) {
    return query(db, "SELECT split FROM requests JOIN runs USING (run_id) WHERE policy = '" +
                         policy + "' AND submitted_s >= " + std::to_string(t0) +
                         " AND submitted_s < " + std::to_string(t1) +
                         " GROUP BY split ORDER BY COUNT(*) DESC LIMIT 1");
}

// Neurosurgeon's paper shape (issue 5): the cut moves toward the device as the bandwidth falls,
// it is never worse than the best static placement at any step, and >= 2x better at some step.
TEST(PaperShape, NeurosurgeonBandwidthSweep) {
    TempDir t;
    const std::string db = t.file("sweep.db");
    const auto r = a2iot("run " + quote(src("scenarios/neurosurgeon-bandwidth-sweep.yaml")) +
                         " --quiet --db " + quote(db) + " " + kSweepArgs);
    ASSERT_EQ(r.rc, 0) << r.out;
    // Steps of 60 s: 200, 50, 15, 5, 1 Mbit/s. The first 10 s of a step are left out: the
    // bandwidth estimate (an EWMA of finished transfers) needs a few requests to follow a drop.
    double best_gain = 0;
    for (int step = 0; step < 5; ++step) {
        const double t0 = 60.0 * step + 10, t1 = 60.0 * (step + 1);
        const double ns = p50_s(db, "neurosurgeon", t0, t1);
        const double local = p50_s(db, "local", t0, t1);
        const double edge = p50_s(db, "edge", t0, t1);
        ASSERT_GT(ns, 0) << "step " << step;
        ASSERT_GT(local, 0) << "step " << step;
        const double best_static = edge > 0 ? std::min(local, edge) : local;  // edge may overflow
        EXPECT_LE(ns, best_static * 1.0001) << "step " << step << ": neurosurgeon " << ns
                                            << " s, local " << local << " s, edge " << edge;
        best_gain = std::max(best_gain, best_static / ns);
    }
    EXPECT_GE(best_gain, 2.0);
    // Toward the device: everything remote on fast WiFi, conv1+pool1 on the Pi in between,
    // everything on the Pi on 3G.
    EXPECT_EQ(main_split(db, "neurosurgeon", 10, 60), "remote");
    EXPECT_EQ(main_split(db, "neurosurgeon", 130, 180), "after:pool1");
    EXPECT_EQ(main_split(db, "neurosurgeon", 250, 300), "local");
}

// DADS on the real GoogLeNet card: the min-cut is never worse than Neurosurgeon's best prefix
// (same cost model), and it follows the link from all-remote (30 Mbit/s) to all-local (300 kbit/s).
// On this card the two tie: no intermediate cut ever wins (docs/policies.md says why).
TEST(PaperShape, DadsNeverWorseThanTheChainCut) {
    TempDir t;
    const std::string db = t.file("dads.db");
    const auto r = a2iot("run " + quote(src("scenarios/dads-mincut.yaml")) + " --quiet --db " +
                         quote(db) + " " + kDadsArgs);
    ASSERT_EQ(r.rc, 0) << r.out;
    for (int step = 0; step < 3; ++step) {
        const double t0 = 100.0 * step + 20, t1 = 100.0 * (step + 1);
        const double dads = p50_s(db, "dads", t0, t1);
        const double ns = p50_s(db, "neurosurgeon", t0, t1);
        ASSERT_GT(dads, 0) << "step " << step;
        EXPECT_LE(dads, ns * 1.0001) << "step " << step;
    }
    EXPECT_EQ(main_split(db, "dads", 20, 100), "remote");
    EXPECT_EQ(main_split(db, "dads", 220, 300), "local");
}

}  // namespace
}  // namespace a2iot::workflow_test
