// kill -9 during a run: the database stays openable and consistent, earlier runs are intact,
// the killed run stays `running`, `report` shows it as incomplete and `sweep` runs it again.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "tests/workflow/workflow_util.hpp"

namespace a2iot::workflow_test {
namespace {

// Long enough (tens of thousands of requests) that the kill lands mid-run, and a sweep over
// the policy so that `sweep` can resume the killed point.
const char* kLong = R"(# Durability test scenario.
name: wf-long
seed: 9
duration: 150s
devices:
  - {id: edge, type: edge-server}
  - {id: cam, type: raspberry-pi-4, count: 40}
links:
  - {from: cam, to: edge, bandwidth: 50Mbps, latency: 2ms, kind: wifi}
models:
  - {name: task, synthetic: {flops: 1e8, input: 10kB, output: 1kB}}
workload:
  - {devices: cam, model: task, arrival: poisson, rate: 5/s, deadline: 300ms}
policy: local
sweep:
  policy: [local]
)";

TEST(Durability, Kill9MidRunLeavesAConsistentDatabaseThatSweepResumes) {
    TempDir t;
    const auto sc = t.file("long.yaml");
    write_text(sc, kLong);
    const auto db = t.file("d.db");

    // An earlier, short, complete run (a different input: its hash differs from the sweep's).
    auto r = a2iot("run " + quote(sc) + " --db " + quote(db) + " --set duration=5s --quiet");
    ASSERT_EQ(r.rc, 0) << r.out;
    const std::string fingerprint =
        "SELECT count(*) || ',' || round(sum(latency_s), 9) FROM requests WHERE run_id=1";
    const auto before = query(db, fingerprint);

    // The sweep's only point, started by hand and killed with SIGKILL, parent and child (`run`
    // forks one child per policy), while it is writing.
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        setpgid(0, 0);
        execl(A2IOT_BIN, A2IOT_BIN, "run", sc.c_str(), "--db", db.c_str(), "--set", "policy=local",
              "--quiet", static_cast<char*>(nullptr));
        _exit(127);
    }
    setpgid(pid, pid);
    // Kill as soon as the run has committed its first batch of rows: mid-run by construction,
    // however fast the machine is.
    const auto t0 = std::chrono::steady_clock::now();
    bool started = false;
    while (std::chrono::steady_clock::now() - t0 < std::chrono::seconds(30)) {
        if (query(db, "SELECT count(*) FROM runs WHERE run_id=2") == "1" &&
            query(db, "SELECT count(*) FROM requests WHERE run_id=2") != "0") {
            started = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    kill(-pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(started);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the run finished before it could be killed; make "
                                        "kLong longer";

    EXPECT_EQ(query(db, "PRAGMA integrity_check"), "ok");
    EXPECT_EQ(query(db, "SELECT status FROM runs WHERE run_id=1"), "complete");
    EXPECT_EQ(query(db, fingerprint), before);
    EXPECT_EQ(query(db, "SELECT status FROM runs WHERE run_id=2"), "running");

    r = a2iot("report " + quote(db) + " -o " + quote(t.file("r.html")));
    ASSERT_EQ(r.rc, 0) << r.out;
    EXPECT_NE(read_text(t.file("r.html")).find("incomplete"), std::string::npos);

    r = a2iot("sweep " + quote(sc) + " --db " + quote(db));
    ASSERT_EQ(r.rc, 0) << r.out;
    EXPECT_NE(r.out.find("0 skipped (already complete), 1 ran"), std::string::npos) << r.out;
    EXPECT_EQ(query(db, "SELECT status FROM runs WHERE run_id=3"), "complete");
    EXPECT_EQ(query(db, "SELECT status FROM runs WHERE run_id=2"), "running");  // history kept
    EXPECT_EQ(query(db, "SELECT scenario_hash FROM runs WHERE run_id=3"),
              query(db, "SELECT scenario_hash FROM runs WHERE run_id=2"));
    // The killed run kept the rows it had committed, fewer than the complete re-run has.
    EXPECT_GT(query_int(db, "SELECT count(*) FROM requests WHERE run_id=2"), 0);
    EXPECT_LT(query_int(db, "SELECT count(*) FROM requests WHERE run_id=2"),
              query_int(db, "SELECT count(*) FROM requests WHERE run_id=3"));
    EXPECT_EQ(query(db, fingerprint), before);
}

}  // namespace
}  // namespace a2iot::workflow_test
