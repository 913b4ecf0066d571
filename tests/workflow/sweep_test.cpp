// `a2iot sweep`: the cross product in parallel processes into one database, resuming (complete
// points skipped, running/failed ones re-run), and the Slurm array script run by hand.
#include <gtest/gtest.h>

#include "tests/workflow/workflow_util.hpp"

namespace a2iot::workflow_test {
namespace {

// --replications N: every point with N seeds, each its own resumable point; the seeds of one
// (configuration, policy) share its hash, so compare reports them as replications.
TEST(Sweep, ReplicationsRunEveryPointWithNSeeds) {
    TempDir t;
    const auto sc = t.file("tiny.yaml");
    write_text(sc, tiny_sweep_scenario());
    const auto db = t.file("r.db");
    auto r = a2iot("sweep " + quote(sc) + " --db " + quote(db) + " --jobs 2 --replications 3");
    ASSERT_EQ(r.rc, 0) << r.out;
    EXPECT_EQ(query_int(db, "SELECT count(*) FROM runs WHERE status='complete'"), 12);
    EXPECT_EQ(query_int(db, "SELECT count(DISTINCT seed) FROM runs"), 3);
    EXPECT_EQ(query_int(db, "SELECT min(seed) FROM runs"), 3);
    EXPECT_EQ(query_int(db, "SELECT count(DISTINCT scenario_hash || policy) FROM runs"), 4);
    r = a2iot("sweep " + quote(sc) + " --db " + quote(db) + " --jobs 2 --replications 3");
    ASSERT_EQ(r.rc, 0) << r.out;
    EXPECT_NE(r.out.find("12 skipped"), std::string::npos) << r.out;
    const auto c = a2iot("compare " + quote(db));
    EXPECT_EQ(c.rc, 0) << c.out;
    EXPECT_NE(c.out.find("95% CI"), std::string::npos) << c.out;
}

TEST(Sweep, RunsTheCrossProductInParallelAndResumes) {
    TempDir t;
    const auto sc = t.file("tiny.yaml");
    write_text(sc, tiny_sweep_scenario());
    const auto db = t.file("s.db");
    auto r = a2iot("sweep " + quote(sc) + " --db " + quote(db) + " --jobs 4");
    ASSERT_EQ(r.rc, 0) << r.out;
    EXPECT_EQ(query_int(db, "SELECT count(*) FROM runs WHERE status='complete'"), 4);
    // Two configurations (the camera counts), each run under both policies: the policy is
    // runs.policy, not part of the configuration, so compare puts the policies side by side.
    EXPECT_EQ(query_int(db, "SELECT count(DISTINCT scenario_hash) FROM runs"), 2);
    EXPECT_EQ(query_int(db, "SELECT count(DISTINCT scenario_hash || policy) FROM runs"), 4);
    EXPECT_EQ(query_int(db,
                        "SELECT count(*) FROM runs WHERE policy='edge' AND "
                        "overrides='devices.cam.count=2'"),
              1);
    // More cameras, more requests: the points really differ.
    EXPECT_GT(query_int(db,
                        "SELECT count(*) FROM requests JOIN runs USING(run_id) WHERE "
                        "policy='local' AND overrides='devices.cam.count=2'"),
              query_int(db,
                        "SELECT count(*) FROM requests JOIN runs USING(run_id) WHERE "
                        "policy='local' AND overrides='devices.cam.count=1'"));

    r = a2iot("sweep " + quote(sc) + " --db " + quote(db) + " --jobs 2");
    ASSERT_EQ(r.rc, 0) << r.out;
    EXPECT_NE(r.out.find("4 skipped"), std::string::npos) << r.out;
    EXPECT_EQ(query_int(db, "SELECT count(*) FROM runs"), 4);

    // A point left `running` (killed) and one `failed` are run again; the others are not.
    ASSERT_EQ(sh("sqlite3 " + quote(db) +
                 " \"UPDATE runs SET status='running' WHERE run_id=1; UPDATE runs SET "
                 "status='failed' WHERE run_id=2\"")
                  .rc,
              0);
    r = a2iot("sweep " + quote(sc) + " --db " + quote(db) + " --jobs 2");
    ASSERT_EQ(r.rc, 0) << r.out;
    EXPECT_NE(r.out.find("2 skipped (already complete), 2 ran"), std::string::npos) << r.out;
    EXPECT_EQ(query_int(db, "SELECT count(*) FROM runs"), 6);
    EXPECT_EQ(query_int(db,
                        "SELECT count(DISTINCT scenario_hash || policy) FROM runs WHERE "
                        "status='complete'"),
              4);
}

TEST(Sweep, BaseOverridesApplyToEveryPoint) {
    TempDir t;
    const auto sc = t.file("tiny.yaml");
    write_text(sc, tiny_sweep_scenario());
    const auto db = t.file("s.db");
    const auto r =
        a2iot("sweep " + quote(sc) + " --db " + quote(db) + " --set duration=4s --quiet");
    ASSERT_EQ(r.rc, 0) << r.out;
    EXPECT_EQ(query_int(db, "SELECT count(*) FROM runs WHERE sim_time_s <= 4.5"), 4);
    EXPECT_EQ(query_int(db, "SELECT count(*) FROM runs WHERE overrides LIKE 'duration=4s;%'"), 4);
}

TEST(Sweep, BadInputExits2AndWritesNothing) {
    TempDir t;
    const auto sc = t.file("tiny.yaml");
    write_text(sc, tiny_sweep_scenario());
    EXPECT_EQ(a2iot("sweep " + quote(t.file("none.yaml")) + " --db " + quote(t.file("a.db"))).rc,
              2);
    EXPECT_EQ(a2iot("sweep " + quote(sc) + " --db " + quote(t.file("a.db")) + " --jobs 0").rc, 2);
    EXPECT_EQ(a2iot("sweep " + quote(sc) + " --db " + quote(t.file("a.db")) +
                    " --set devices.cam.count=-3")
                  .rc,
              2);
    EXPECT_FALSE(fs::exists(t.file("a.db")));
    EXPECT_EQ(a2iot("sweep --help").rc, 0);
}

TEST(Sweep, SlurmArrayScriptReproducesTheSweep) {
    TempDir t;
    const auto sc = t.file("tiny.yaml");
    write_text(sc, tiny_sweep_scenario());
    const auto dir = t.file("slurm");
    const auto merged = t.file("merged.db");
    auto r = a2iot("sweep " + quote(sc) + " --db " + quote(merged) + " --emit-slurm " + quote(dir));
    ASSERT_EQ(r.rc, 0) << r.out;
    const auto script = read_text(dir + "/sweep.sbatch");
    EXPECT_NE(script.find("#SBATCH --array=0-3"), std::string::npos) << script;
    EXPECT_FALSE(fs::exists(merged));  // emitting runs nothing

    // Run the array tasks as Slurm would (the #SBATCH lines are comments to bash), then the
    // merge step, and compare with a direct sweep.
    for (int i = 0; i < 4; ++i) {
        r = sh("SLURM_ARRAY_TASK_ID=" + std::to_string(i) + " bash " +
               quote(dir + "/sweep.sbatch"));
        ASSERT_EQ(r.rc, 0) << r.out;
    }
    EXPECT_NE(sh("SLURM_ARRAY_TASK_ID=4 bash " + quote(dir + "/sweep.sbatch")).rc, 0);
    r = sh("bash " + quote(dir + "/merge.sbatch"));
    ASSERT_EQ(r.rc, 0) << r.out;
    EXPECT_EQ(sh("bash -n " + quote(dir + "/submit.sh")).rc, 0);

    const auto direct = t.file("direct.db");
    ASSERT_EQ(a2iot("sweep " + quote(sc) + " --db " + quote(direct) + " --jobs 2").rc, 0);
    const std::string per_point =
        "SELECT group_concat(x, '|') FROM (SELECT scenario_hash || ',' || policy || ',' || "
        "status || ',' || (SELECT count(*) FROM requests q WHERE q.run_id = r.run_id) || ',' || "
        "(SELECT round(sum(latency_s), 9) FROM requests q WHERE q.run_id = r.run_id) AS x FROM "
        "runs r ORDER BY scenario_hash, policy)";
    EXPECT_EQ(query(merged, per_point), query(direct, per_point));
    EXPECT_EQ(query_int(merged, "SELECT count(*) FROM runs"), 4);

    // The merged database resumes like any other: nothing left to run.
    r = a2iot("sweep " + quote(sc) + " --db " + quote(merged));
    EXPECT_NE(r.out.find("4 skipped"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace a2iot::workflow_test

namespace a2iot::workflow_test {
namespace {

TEST(Sweep, ProgressBarOnATerminal) {
    // util-linux `script` gives the sweep a pseudo-terminal, as an interactive shell would.
    if (sh("command -v script").rc != 0) GTEST_SKIP() << "no `script` to make a terminal";
    TempDir t;
    const auto sc = t.file("tiny.yaml");
    write_text(sc, tiny_sweep_scenario());
    const auto r = sh("script -qec " +
                      quote(quote(A2IOT_BIN) + " sweep " + quote(sc) + " --db " +
                            quote(t.file("s.db")) + " --jobs 2") +
                      " /dev/null");
    ASSERT_EQ(r.rc, 0) << r.out;
    EXPECT_NE(r.out.find("\rsweep [##############################] 4/4 points"), std::string::npos)
        << r.out;
    // Without a terminal: one plain line per point, no carriage returns.
    const auto plain = a2iot("sweep " + quote(sc) + " --db " + quote(t.file("p.db")));
    EXPECT_EQ(plain.out.find('\r'), std::string::npos) << plain.out;
    EXPECT_NE(plain.out.find("4/4 point"), std::string::npos) << plain.out;
}

}  // namespace
}  // namespace a2iot::workflow_test
