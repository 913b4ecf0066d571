#include "results/recorder.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/input_error.hpp"
#include "results/statement.hpp"
#include "tests/analysis/temp_dir.hpp"

namespace a2iot::results {
namespace {

using analysis::testing::TempDir;

// An independent read connection, as report/compare (or another process) would have.
class Reader {
  public:
    explicit Reader(const std::string& path) {
        if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
            throw std::runtime_error("open " + path);
        sqlite3_busy_timeout(db_, 10000);
    }
    ~Reader() { sqlite3_close_v2(db_); }
    std::int64_t count(const std::string& sql) {
        Statement q(db_, sql, "reader");
        EXPECT_TRUE(q.step());
        return q.get_int(0);
    }
    std::string text(const std::string& sql) {
        Statement q(db_, sql, "reader");
        if (!q.step()) return "<no row>";
        return q.is_null(0) ? "<null>" : q.get_text(0);
    }
    std::vector<std::string> columns(const std::string& table) {
        std::vector<std::string> names;
        Statement q(db_, "SELECT name FROM pragma_table_info('" + table + "') ORDER BY cid",
                    "reader");
        while (q.step()) names.push_back(q.get_text(0));
        return names;
    }
    sqlite3* db() const { return db_; }

  private:
    sqlite3* db_ = nullptr;
};

RunInfo info(const std::string& policy) {
    RunInfo i;
    i.scenario = "factory-inspection";
    i.scenario_file = "scenarios/factory.yaml";
    i.scenario_hash = "abc123";
    i.policy = policy;
    i.seed = 42;
    i.version = "0.1.0";
    i.overrides = "devices.cam.count=10;seed=42";
    return i;
}

RequestRow request(std::int64_t id) {
    RequestRow r;
    r.request_id = id;
    r.device = "cam-" + std::to_string(id % 3);
    r.model = "vgg16";
    r.variant = "l1-50";
    r.submitted_s = 0.5 * static_cast<double>(id);
    r.completed_s = r.submitted_s + 0.125;
    r.latency_s = 0.125;
    r.deadline_s = 0.3;
    r.status = "ok";
    r.split = "conv3|fc";
    r.target = "edge";
    r.bytes_sent = 1000 + id;
    r.device_energy_j = 0.75;
    r.accuracy = 0.9;
    return r;
}

TEST(Recorder, SchemaHasTheDocumentedColumnsInOrderAndAVersion) {
    TempDir dir;
    const auto path = dir.file("r.db");
    Recorder rec(path);
    Reader rd(path);
    EXPECT_EQ(rd.columns("runs"),
              (std::vector<std::string>{"run_id", "scenario", "scenario_hash", "policy", "seed",
                                        "runtime", "network_model", "status", "started_at",
                                        "finished_at", "sim_time_s", "wall_s", "version",
                                        "scenario_file", "overrides", "duration_s", "error"}));
    EXPECT_EQ(rd.columns("requests"),
              (std::vector<std::string>{"run_id", "request_id", "device", "model", "variant",
                                        "submitted_s", "completed_s", "latency_s", "deadline_s",
                                        "status", "split", "target", "bytes_sent",
                                        "device_energy_j", "accuracy", "reason"}));
    EXPECT_EQ(rd.columns("decisions"),
              (std::vector<std::string>{"run_id", "t_s", "device", "policy", "variant", "split",
                                        "target", "est_bandwidth_bps", "battery_frac", "reason"}));
    EXPECT_EQ(rd.columns("device_samples"),
              (std::vector<std::string>{"run_id", "t_s", "device", "battery_frac", "energy_j",
                                        "power_w", "dvfs_state", "state"}));
    EXPECT_EQ(rd.columns("events"),
              (std::vector<std::string>{"run_id", "t_s", "kind", "subject", "detail"}));
    EXPECT_EQ(rd.count("SELECT max(version) FROM schema_version"), Recorder::kSchemaVersion);
    EXPECT_EQ(rd.count("SELECT count(*) FROM schema_version"), Recorder::kSchemaVersion);
    for (const char* table : {"requests", "decisions", "device_samples", "events"}) {
        EXPECT_EQ(rd.count(std::string("SELECT count(*) FROM pragma_index_list('") + table +
                           "') il JOIN pragma_index_info(il.name) ii WHERE ii.name='run_id'"),
                  1)
            << table;
    }
    EXPECT_EQ(rd.text("PRAGMA journal_mode"), "wal");
}

TEST(Recorder, RequestRoundTripsWithValuesAndNulls) {
    TempDir dir;
    const auto path = dir.file("r.db");
    Recorder rec(path);
    const auto id = rec.begin_run(info("neurosurgeon"));
    RequestRow full = request(7);
    full.reason = "";
    RequestRow missing;
    missing.request_id = 8;
    missing.device = "cam-1";
    missing.model = "lenet";
    missing.variant = "base";
    missing.submitted_s = 3.25;
    missing.status = "failed";
    missing.bytes_sent = 0;
    missing.device_energy_j = 0.5;
    missing.reason = "battery_dead";
    rec.add(full);
    rec.add(missing);
    rec.flush();

    Statement q(rec.handle(),
                "SELECT run_id, request_id, device, model, variant, submitted_s, completed_s, "
                "latency_s, deadline_s, status, split, target, bytes_sent, device_energy_j, "
                "accuracy, reason FROM requests ORDER BY request_id",
                path);
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.get_int(0), id);
    EXPECT_EQ(q.get_int(1), 7);
    EXPECT_EQ(q.get_text(2), "cam-1");
    EXPECT_EQ(q.get_text(3), "vgg16");
    EXPECT_EQ(q.get_text(4), "l1-50");
    EXPECT_DOUBLE_EQ(q.get_double(5), 3.5);
    EXPECT_DOUBLE_EQ(q.get_double(6), 3.625);
    EXPECT_DOUBLE_EQ(q.get_double(7), 0.125);
    EXPECT_DOUBLE_EQ(q.get_double(8), 0.3);
    EXPECT_EQ(q.get_text(9), "ok");
    EXPECT_EQ(q.get_text(10), "conv3|fc");
    EXPECT_EQ(q.get_text(11), "edge");
    EXPECT_EQ(q.get_int(12), 1007);
    EXPECT_DOUBLE_EQ(q.get_double(13), 0.75);
    EXPECT_DOUBLE_EQ(q.get_double(14), 0.9);
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.get_int(1), 8);
    EXPECT_TRUE(q.is_null(6));   // completed_s
    EXPECT_TRUE(q.is_null(7));   // latency_s
    EXPECT_TRUE(q.is_null(8));   // deadline_s
    EXPECT_TRUE(q.is_null(14));  // accuracy
    EXPECT_EQ(q.get_text(9), "failed");
    EXPECT_EQ(q.get_text(15), "battery_dead");
    EXPECT_FALSE(q.step());
}

TEST(Recorder, DecisionSampleAndEventRoundTrip) {
    TempDir dir;
    const auto path = dir.file("r.db");
    Recorder rec(path);
    const auto id = rec.begin_run(info("dads"));
    rec.add(DecisionRow{1.5, "cam-0", "dads", "base", "conv5", "edge", 2e7, 0.8, "bw high"});
    rec.add(DecisionRow{2.5, "cam-1", "dads", "l1-50", "", "cam-1", 1e6, std::nullopt, ""});
    // A local decision: no remote target, so no bandwidth (NULL, not 0).
    rec.add(DecisionRow{3.5, "cam-1", "dads", "base", "", "", std::nullopt, 0.7, "local"});
    rec.add(DeviceSampleRow{10.0, "cam-0", 0.55, 120.5, 3.25, 2, "on"});
    rec.add(DeviceSampleRow{10.0, "edge", std::nullopt, 900.0, 15.0, 0, "on"});
    rec.add(EventRow{120.0, "link", "cam->edge", "bandwidth=2Mbps"});
    rec.finish_run("complete", 600, 1.5);

    Statement d(rec.handle(),
                "SELECT run_id, t_s, device, policy, variant, split, target, est_bandwidth_bps, "
                "battery_frac, reason FROM decisions ORDER BY t_s",
                path);
    ASSERT_TRUE(d.step());
    EXPECT_EQ(d.get_int(0), id);
    EXPECT_DOUBLE_EQ(d.get_double(1), 1.5);
    EXPECT_EQ(d.get_text(2), "cam-0");
    EXPECT_EQ(d.get_text(3), "dads");
    EXPECT_EQ(d.get_text(4), "base");
    EXPECT_EQ(d.get_text(5), "conv5");
    EXPECT_EQ(d.get_text(6), "edge");
    EXPECT_DOUBLE_EQ(d.get_double(7), 2e7);
    EXPECT_DOUBLE_EQ(d.get_double(8), 0.8);
    EXPECT_EQ(d.get_text(9), "bw high");
    ASSERT_TRUE(d.step());
    EXPECT_TRUE(d.is_null(8));
    EXPECT_DOUBLE_EQ(d.get_double(7), 1e6);
    ASSERT_TRUE(d.step());
    EXPECT_TRUE(d.is_null(7));
    EXPECT_EQ(d.get_opt_double(7), std::nullopt);
    EXPECT_DOUBLE_EQ(d.get_double(8), 0.7);
    EXPECT_FALSE(d.step());

    Statement s(rec.handle(),
                "SELECT run_id, t_s, device, battery_frac, energy_j, power_w, dvfs_state, state "
                "FROM device_samples ORDER BY device",
                path);
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.get_int(0), id);
    EXPECT_EQ(s.get_text(2), "cam-0");
    EXPECT_DOUBLE_EQ(s.get_double(3), 0.55);
    EXPECT_DOUBLE_EQ(s.get_double(4), 120.5);
    EXPECT_DOUBLE_EQ(s.get_double(5), 3.25);
    EXPECT_EQ(s.get_int(6), 2);
    EXPECT_EQ(s.get_text(7), "on");
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.get_text(2), "edge");
    EXPECT_TRUE(s.is_null(3));  // mains-powered: no battery
    EXPECT_FALSE(s.step());

    Statement e(rec.handle(), "SELECT run_id, t_s, kind, subject, detail FROM events", path);
    ASSERT_TRUE(e.step());
    EXPECT_EQ(e.get_int(0), id);
    EXPECT_DOUBLE_EQ(e.get_double(1), 120.0);
    EXPECT_EQ(e.get_text(2), "link");
    EXPECT_EQ(e.get_text(3), "cam->edge");
    EXPECT_EQ(e.get_text(4), "bandwidth=2Mbps");
    EXPECT_FALSE(e.step());
}

TEST(Recorder, RowsBecomeVisibleOnlyPerBatchFlushOrFinish) {
    TempDir dir;
    const auto path = dir.file("r.db");
    Recorder rec(path, 3);
    Reader rd(path);
    rec.begin_run(info("local"));
    rec.add(request(1));
    rec.add(EventRow{1, "k", "s", "d"});
    EXPECT_EQ(rec.pending_rows(), 2u);
    EXPECT_EQ(rd.count("SELECT count(*) FROM requests"), 0);
    rec.add(request(2));  // third row of any type fills the batch
    EXPECT_EQ(rec.pending_rows(), 0u);
    EXPECT_EQ(rd.count("SELECT count(*) FROM requests"), 2);
    EXPECT_EQ(rd.count("SELECT count(*) FROM events"), 1);
    rec.add(request(3));
    EXPECT_EQ(rd.count("SELECT count(*) FROM requests"), 2);
    rec.flush();
    EXPECT_EQ(rd.count("SELECT count(*) FROM requests"), 3);
    rec.add(request(4));
    rec.finish_run("complete", 10, 0.1);
    EXPECT_EQ(rd.count("SELECT count(*) FROM requests"), 4);
}

// Requests and decisions go in as multi-row INSERTs (32 rows a statement) plus single-row ones
// for the remainder: every row must arrive once, in order, with its own values, whatever the
// batch size does to the split.
TEST(Recorder, MultiRowInsertsKeepEveryRowInOrder) {
    for (std::size_t batch : {1u, 7u, 33u, 100u, 5000u}) {
        TempDir dir;
        const auto path = dir.file("r.db");
        Recorder rec(path, batch);
        rec.begin_run(info("local"));
        const int n = 70;  // 2 x 32 + 6
        for (int i = 1; i <= n; ++i) {
            RequestRow r = request(i);
            if (i % 5 == 0) r.completed_s.reset();  // NULLs at scattered positions
            r.reason = i % 2 ? "" : "reason " + std::to_string(i);
            rec.add(r);
            DecisionRow d;
            d.t_s = 0.25 * i;
            d.device = "cam-" + std::to_string(i);
            d.policy = "local";
            d.target = i % 3 ? "edge" : "";
            d.est_bandwidth_bps = 1e6 * i;
            if (i % 4) d.battery_frac = 0.01 * i;
            d.reason = std::string(static_cast<std::size_t>(i), 'x');  // long strings too
            rec.add(d);
        }
        rec.finish_run("complete", 1, 1);
        Reader rd(path);
        Statement q(rd.db(),
                    "SELECT request_id, completed_s, reason, bytes_sent FROM requests ORDER BY "
                    "rowid",
                    "reader");
        for (int i = 1; i <= n; ++i) {
            ASSERT_TRUE(q.step()) << "batch " << batch << " row " << i;
            EXPECT_EQ(q.get_int(0), i);
            EXPECT_EQ(q.is_null(1), i % 5 == 0);
            EXPECT_EQ(q.get_text(2), i % 2 ? "" : "reason " + std::to_string(i));
            EXPECT_EQ(q.get_int(3), 1000 + i);
        }
        EXPECT_FALSE(q.step());
        Statement d(rd.db(),
                    "SELECT t_s, device, target, battery_frac, reason, est_bandwidth_bps FROM "
                    "decisions ORDER "
                    "BY rowid",
                    "reader");
        for (int i = 1; i <= n; ++i) {
            ASSERT_TRUE(d.step()) << "batch " << batch << " decision " << i;
            EXPECT_DOUBLE_EQ(d.get_double(0), 0.25 * i);
            EXPECT_EQ(d.get_text(1), "cam-" + std::to_string(i));
            EXPECT_EQ(d.get_text(2), i % 3 ? "edge" : "");
            EXPECT_EQ(d.is_null(3), i % 4 == 0);
            EXPECT_EQ(d.get_text(4).size(), static_cast<std::size_t>(i));
            EXPECT_DOUBLE_EQ(d.get_double(5), 1e6 * i);
        }
        EXPECT_FALSE(d.step());
    }
}

TEST(Recorder, StatusGoesFromRunningToCompleteOrFailed) {
    TempDir dir;
    const auto path = dir.file("r.db");
    Recorder rec(path);
    Reader rd(path);
    const auto a = rec.begin_run(info("local"));
    const std::string where = " FROM runs WHERE run_id=" + std::to_string(a);
    EXPECT_EQ(rd.text("SELECT status" + where), "running");
    EXPECT_EQ(rd.text("SELECT finished_at" + where), "<null>");
    EXPECT_EQ(rd.text("SELECT sim_time_s" + where), "<null>");
    EXPECT_NE(rd.text("SELECT started_at" + where), "<null>");
    EXPECT_EQ(rd.text("SELECT scenario_file" + where), "scenarios/factory.yaml");
    EXPECT_EQ(rd.text("SELECT overrides" + where), "devices.cam.count=10;seed=42");
    EXPECT_EQ(rd.count("SELECT seed" + where), 42);
    EXPECT_EQ(rd.text("SELECT runtime" + where), "sim");
    EXPECT_EQ(rd.text("SELECT network_model" + where), "flow");
    EXPECT_THROW(rec.finish_run("done", 1, 1), std::invalid_argument);
    rec.finish_run("complete", 600.5, 2.25);
    EXPECT_EQ(rd.text("SELECT status" + where), "complete");
    EXPECT_NE(rd.text("SELECT finished_at" + where), "<null>");
    EXPECT_EQ(rd.text("SELECT sim_time_s" + where), "600.5");
    EXPECT_EQ(rd.text("SELECT wall_s" + where), "2.25");
    EXPECT_THROW(rec.add(request(1)), std::logic_error);  // no run open any more
    EXPECT_THROW(rec.finish_run("complete", 1, 1), std::logic_error);

    const auto b = rec.begin_run(info("cloud"));
    EXPECT_THROW(rec.begin_run(info("edge")), std::logic_error);
    rec.finish_run("failed", 12, 0.5);
    EXPECT_EQ(rd.text("SELECT status FROM runs WHERE run_id=" + std::to_string(b)), "failed");
}

TEST(Recorder, DestroyedWithoutFinishLeavesRunRunningAndWritesNoMore) {
    TempDir dir;
    const auto path = dir.file("r.db");
    std::int64_t id = 0;
    {
        Recorder rec(path, 100);
        id = rec.begin_run(info("local"));
        rec.add(request(1));
        rec.flush();
        rec.add(request(2));  // buffered, never flushed
    }
    Reader rd(path);
    EXPECT_EQ(rd.text("SELECT status FROM runs WHERE run_id=" + std::to_string(id)), "running");
    EXPECT_EQ(rd.count("SELECT count(*) FROM requests"), 1);
}

TEST(Recorder, TwoRunsInOneDatabaseKeepTheirRowsApart) {
    TempDir dir;
    const auto path = dir.file("r.db");
    Recorder rec(path);
    const auto a = rec.begin_run(info("local"));
    for (int i = 0; i < 5; ++i) rec.add(request(i));
    rec.finish_run("complete", 10, 0.1);
    const auto b = rec.begin_run(info("cloud"));
    for (int i = 0; i < 3; ++i) rec.add(request(i));
    rec.add(EventRow{2, "battery_dead", "cam-0", ""});
    rec.finish_run("complete", 10, 0.1);
    EXPECT_NE(a, b);
    EXPECT_EQ(rec.run_id(), b);
    Reader rd(path);
    EXPECT_EQ(rd.count("SELECT count(*) FROM requests WHERE run_id=" + std::to_string(a)), 5);
    EXPECT_EQ(rd.count("SELECT count(*) FROM requests WHERE run_id=" + std::to_string(b)), 3);
    EXPECT_EQ(rd.count("SELECT count(*) FROM events WHERE run_id=" + std::to_string(a)), 0);
    EXPECT_EQ(rd.count("SELECT count(*) FROM events WHERE run_id=" + std::to_string(b)), 1);
    EXPECT_EQ(rd.text("SELECT policy FROM runs WHERE run_id=" + std::to_string(b)), "cloud");
}

TEST(Recorder, ReopeningAnExistingDatabaseKeepsRunsAndDoesNotRemigrate) {
    TempDir dir;
    const auto path = dir.file("r.db");
    std::int64_t a = 0;
    {
        Recorder rec(path);
        a = rec.begin_run(info("local"));
        rec.add(request(1));
        rec.finish_run("complete", 10, 0.1);
    }
    Recorder rec(path);
    const auto b = rec.begin_run(info("edge"));
    rec.add(request(2));
    rec.finish_run("complete", 10, 0.1);
    EXPECT_GT(b, a);
    Reader rd(path);
    EXPECT_EQ(rd.count("SELECT count(*) FROM runs WHERE status='complete'"), 2);
    EXPECT_EQ(rd.count("SELECT count(*) FROM requests"), 2);
    EXPECT_EQ(rd.count("SELECT count(*) FROM schema_version"), Recorder::kSchemaVersion);
}

TEST(Recorder, ANonDatabaseFileGivesAClearError) {
    TempDir dir;
    const auto path = dir.file("notes.db");
    {
        std::ofstream out(path);
        for (int i = 0; i < 200; ++i) out << "this is a text file, not SQLite\n";
    }
    try {
        Recorder rec(path);
        FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find(path), std::string::npos) << msg;
        EXPECT_NE(msg.find("not a database"), std::string::npos) << msg;
    }
}

TEST(Recorder, AMissingFolderGivesAClearError) {
    TempDir dir;
    const auto path = dir.file("no/such/folder/r.db");
    try {
        Recorder rec(path);
        FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
}

TEST(Recorder, ANewerSchemaIsRefused) {
    TempDir dir;
    const auto path = dir.file("r.db");
    { Recorder rec(path); }
    {
        Reader rd(path);
        exec_sql(rd.db(), "INSERT INTO schema_version VALUES (99)", path);
    }
    try {
        Recorder rec(path);
        FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
    }
}

// A writer killed with SIGKILL mid-run (after some committed batches, with more rows buffered
// and possibly mid-transaction) must leave a consistent file: earlier runs intact, the killed run
// `running` with only whole batches.
TEST(Recorder, SigkillMidRunLeavesAConsistentDatabase) {
    TempDir dir;
    const auto path = dir.file("r.db");
    std::int64_t earlier = 0;
    {
        Recorder rec(path);
        earlier = rec.begin_run(info("local"));
        for (int i = 0; i < 1000; ++i) rec.add(request(i));
        rec.add(EventRow{1, "battery_dead", "cam-2", ""});
        rec.finish_run("complete", 600, 1.0);
    }

    int ready[2];
    ASSERT_EQ(pipe(ready), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    constexpr int kBatch = 500;
    if (child == 0) {
        close(ready[0]);
        try {
            Recorder rec(path, kBatch);
            rec.begin_run(info("cloud"));
            for (std::int64_t i = 0;; ++i) {
                rec.add(request(i));
                // Tell the parent once three batches are committed, then keep writing so that
                // the kill lands while rows are buffered or a transaction is open.
                if (i == 3 * kBatch) {
                    const char c = 'x';
                    if (write(ready[1], &c, 1) != 1) _exit(3);
                }
            }
        } catch (...) {
            _exit(2);
        }
    }
    close(ready[1]);
    char c = 0;
    ASSERT_EQ(read(ready[0], &c, 1), 1) << "child failed before writing three batches";
    close(ready[0]);
    usleep(20000);  // let it get well into later batches
    ASSERT_EQ(kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status));
    EXPECT_EQ(WTERMSIG(status), SIGKILL);

    Recorder after(path);  // opening runs recovery and must not re-migrate
    Reader rd(path);
    EXPECT_EQ(rd.text("PRAGMA integrity_check"), "ok");
    EXPECT_EQ(rd.text("SELECT status FROM runs WHERE run_id=" + std::to_string(earlier)),
              "complete");
    EXPECT_EQ(rd.count("SELECT count(*) FROM requests WHERE run_id=" + std::to_string(earlier)),
              1000);
    EXPECT_EQ(rd.count("SELECT count(*) FROM events WHERE run_id=" + std::to_string(earlier)), 1);
    EXPECT_EQ(rd.text("SELECT status FROM runs WHERE policy='cloud'"), "running");
    EXPECT_EQ(rd.text("SELECT finished_at FROM runs WHERE policy='cloud'"), "<null>");
    const auto killed_rows = rd.count(
        "SELECT count(*) FROM requests r JOIN runs USING(run_id) WHERE runs.policy='cloud'");
    EXPECT_GE(killed_rows, 3 * kBatch);
    EXPECT_EQ(killed_rows % kBatch, 0) << "a partial batch was committed";
}

// Sweeps run several processes against one file; busy_timeout + IMMEDIATE transactions must
// serialise them without SQLITE_BUSY errors or lost rows.
TEST(Recorder, ConcurrentWritersFromSeveralProcessesLoseNothing) {
    TempDir dir;
    const auto path = dir.file("r.db");
    // Eight processes opening one new file at once: this is what caught SQLite answering BUSY
    // to `PRAGMA journal_mode=WAL` without waiting (about 1 run in 50 with four processes).
    constexpr int kProcs = 8;
    constexpr int kRows = 1500;
    std::vector<pid_t> kids;
    for (int p = 0; p < kProcs; ++p) {
        const pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            try {
                Recorder rec(path, 250);  // every child may also be the one that migrates
                rec.begin_run(info("p" + std::to_string(p)));
                for (int i = 0; i < kRows; ++i) rec.add(request(i));
                rec.finish_run("complete", 1, 1);
            } catch (const std::exception& e) {
                fprintf(stderr, "child %d: %s\n", p, e.what());
                _exit(1);
            }
            _exit(0);
        }
        kids.push_back(pid);
    }
    for (pid_t pid : kids) {
        int status = 0;
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    Reader rd(path);
    EXPECT_EQ(rd.count("SELECT count(*) FROM runs WHERE status='complete'"), kProcs);
    EXPECT_EQ(rd.count("SELECT count(*) FROM requests"), kProcs * kRows);
    EXPECT_EQ(rd.count("SELECT count(*) FROM schema_version"), Recorder::kSchemaVersion);
}

// --max-db-size: SQLite's max_page_count stops the file; the failing batch is rolled back whole,
// the message names the option, and what was committed before stays readable and consistent.
TEST(Recorder, TheSizeCapStopsWritesCleanly) {
    TempDir dir;
    const auto path = dir.file("capped.db");
    Recorder rec(path, 100);
    rec.set_max_bytes(256 * 1024);
    const auto id = rec.begin_run(info("edge"));
    std::string message;
    std::int64_t added = 0;
    try {
        for (; added < 100000; ++added) rec.add(request(added));
        rec.flush();
    } catch (const std::runtime_error& e) {
        message = e.what();
    }
    ASSERT_FALSE(message.empty()) << "100000 rows fit in 256 KiB?";
    EXPECT_NE(message.find("--max-db-size"), std::string::npos) << message;
    EXPECT_EQ(message.find("INSERT"), std::string::npos) << message;
    Recorder::mark_unfinished(path, id, "failed", message);
    Reader rd(path);
    EXPECT_LE(std::filesystem::file_size(path), 256u * 1024 + 64 * 1024);
    const auto kept = rd.count("SELECT count(*) FROM requests");
    EXPECT_GT(kept, 0);
    EXPECT_EQ(kept % 100, 0) << "a partial batch was committed";
    EXPECT_LT(kept, added);
    EXPECT_EQ(rd.count("SELECT count(*) FROM runs WHERE status='failed' AND error IS NOT NULL"), 1);
}

TEST(Recorder, BadPathsAreInputErrors) {
    TempDir dir;
    EXPECT_THROW(Recorder::check_path(dir.file("")), a2iot::common::InputError);
    EXPECT_THROW(Recorder::check_path("/dev/null"), a2iot::common::InputError);
    EXPECT_THROW(Recorder::check_path(dir.file("no/such/r.db")), a2iot::common::InputError);
    EXPECT_NO_THROW(Recorder::check_path(dir.file("new.db")));
}

}  // namespace
}  // namespace a2iot::results
