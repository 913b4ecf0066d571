// One validation path: what `validate` rejects, `run` and `sweep` reject too, with exit 2 and
// nothing written; bounds that would hang or exhaust the machine are refused at validation; bad
// --db paths are refused before SQLite sees them; Ctrl-C and SIGTERM leave an `interrupted` run
// behind; a run's child dies with its parent.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace fs = std::filesystem;

namespace {

struct Result {
    int rc = -1;
    std::string out, err;
};

fs::path scratch() {
    static const fs::path dir = [] {
        auto d = fs::temp_directory_path() / ("a2iot-one-path-" + std::to_string(getpid()));
        fs::create_directories(d);
        return d;
    }();
    return dir;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Runs `a2iot ARGS` from the source folder, bounded by `timeout` so that a regression that
// hangs fails the test instead of the CI job.
Result a2iot(const std::string& args, int timeout_s = 60) {
    const auto out = scratch() / "out.txt";
    const auto err = scratch() / "err.txt";
    const std::string cmd = "cd '" + std::string(A2IOT_SOURCE_DIR) + "' && timeout " +
                            std::to_string(timeout_s) + " '" + A2IOT_BIN + "' " + args + " >'" +
                            out.string() + "' 2>'" + err.string() + "' </dev/null";
    const int st = std::system(cmd.c_str());
    Result r;
    r.rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

std::string data(const std::string& name) {
    return "tests/data/one-path/" + name;
}

std::string query(const fs::path& db, const std::string& sql) {
    sqlite3* h = nullptr;
    std::string out;
    if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK) {
            while (sqlite3_step(st) == SQLITE_ROW) {
                if (!out.empty()) out += "\n";
                for (int c = 0; c < sqlite3_column_count(st); ++c) {
                    if (c) out += "|";
                    const auto* t = sqlite3_column_text(st, c);
                    out += t ? reinterpret_cast<const char*>(t) : "NULL";
                }
            }
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return out;
}

struct Rejected {
    const char* file;
    const char* fragment;  // in the one message every command prints
};

class OnePath : public ::testing::TestWithParam<Rejected> {};

// Each of these was accepted by one command and rejected by another, or rejected only after a
// `failed` row had been written.
TEST_P(OnePath, ValidateRunAndSweepRejectAlikeAndWriteNothing) {
    const auto [file, fragment] = GetParam();
    const fs::path db = scratch() / (std::string(file) + ".db");
    const Result v = a2iot("validate " + data(file));
    EXPECT_EQ(v.rc, 2) << v.out << v.err;
    EXPECT_NE(v.err.find(fragment), std::string::npos) << v.err;
    const Result r = a2iot("run " + data(file) + " --db '" + db.string() + "'");
    EXPECT_EQ(r.rc, 2) << r.err;
    EXPECT_EQ(r.err, v.err);
    EXPECT_FALSE(fs::exists(db)) << "run wrote " << db;
    const Result s = a2iot("sweep " + data(file) + " --db '" + db.string() + "'");
    EXPECT_EQ(s.rc, 2) << s.err;
    EXPECT_NE(s.err.find(fragment), std::string::npos) << s.err;
    EXPECT_FALSE(fs::exists(db)) << "sweep wrote " << db;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, OnePath,
    ::testing::Values(
        Rejected{"ns3.yaml", "ns3.yaml:4: network.model: got 'ns3', expected flow"},
        Rejected{"missing-variant.yaml",
                 "missing-variant.yaml:5: models.lenet.variants: got 'admm-99'"},
        Rejected{"no-cpu-states.yaml",
                 "no-cpu-states.yaml:7: devices.band.type: got 'huawei-band-b5', expected a "
                 "device type that can compute"},
        Rejected{"sweep-unknown-policy.yaml",
                 "sweep-unknown-policy.yaml:10: sweep.policy.1: got 'neurosurgeno', expected a "
                 "registered policy (did you mean 'neurosurgeon'?)"}));

TEST(CommandLine, PolicyErrorsAreBlamedOnTheCommandLine) {
    const Result r = a2iot("run " + data("small.yaml") + " --policy neurosurgeno --db '" +
                           (scratch() / "p.db").string() + "'");
    EXPECT_EQ(r.rc, 2);
    EXPECT_EQ(r.err.rfind("--policy neurosurgeno: policy: got 'neurosurgeno', expected a "
                          "registered policy (did you mean 'neurosurgeon'?)",
                          0),
              0u)
        << r.err;
}

TEST(CommandLine, ReplicationsRunSeedAfterSeedUnderOneConfiguration) {
    const fs::path db = scratch() / "reps.db";
    const Result r = a2iot("run " + data("small.yaml") +
                           " --policy local --seed 7 --replications 3"
                           " --db '" +
                           db.string() + "'");
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(query(db, "SELECT group_concat(seed) FROM runs"), "7,8,9");
    EXPECT_EQ(query(db, "SELECT count(DISTINCT scenario_hash) FROM runs"), "1");
    EXPECT_EQ(query(db, "SELECT count(DISTINCT overrides) FROM runs WHERE overrides = ''"), "1");
    EXPECT_EQ(a2iot("run " + data("small.yaml") + " --replications 0").rc, 2);
}

TEST(CommandLine, AMisspeltSubcommandGetsASuggestion) {
    const Result r = a2iot("rnu " + data("small.yaml"));
    EXPECT_EQ(r.rc, 2);
    EXPECT_NE(r.err.find("unknown command 'rnu' (did you mean 'run'?)"), std::string::npos)
        << r.err;
}

// Absurd values used to pass validation and then run for hours or fill the disk.
TEST(Bounds, AbsurdWorkIsRefusedAtValidationNamingTheLimit) {
    const fs::path db = scratch() / "bounds.db";
    struct Case {
        std::string set, extra, fragment;
    } cases[] = {
        {"workload.0.rate=4294967296/s", "", "expected at most"},
        {"duration=100000000s", "", "--max-requests"},
        {"record.sample_interval=1us", "", "device samples per run"},
        // Also past --max-db-size (128 GB of samples): still one error, the samples'.
        {"record.sample_interval=1us", "--set duration=2000s", "device samples per run"},
        {"workload.0.rate=1000/s", "--max-db-size 1MB", "this one would write about 5.7 MiB"},
    };
    for (const auto& c : cases) {
        const auto t0 = std::chrono::steady_clock::now();
        const Result r = a2iot("run " + data("small.yaml") + " --set " + c.set + " " + c.extra +
                               " --db '" + db.string() + "'");
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        EXPECT_EQ(r.rc, 2) << c.set << ": " << r.err;
        EXPECT_NE(r.err.find(c.fragment), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("--set " + c.set), std::string::npos) << r.err;
        EXPECT_LT(s, 10.0) << c.set;
        EXPECT_FALSE(fs::exists(db));
        // One bound per cause: too many samples is not also reported as too many bytes.
        EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one error: " << r.err;
        const Result v =
            a2iot("validate " + data("small.yaml") + " --set " + c.set + " " + c.extra);
        EXPECT_EQ(v.rc, 2) << c.set;
    }
    // The caps are the user's to raise, and are checked the same way.
    const Result ok = a2iot("validate " + data("small.yaml") +
                            " --set workload.0.rate=1000/s --max-requests 30000");
    EXPECT_EQ(ok.rc, 0) << ok.err;
    const Result low = a2iot("validate " + data("small.yaml") +
                             " --set workload.0.rate=1000/s --max-requests 10000");
    EXPECT_EQ(low.rc, 2) << low.err;
    const Result bad = a2iot("validate " + data("small.yaml") + " --max-db-size 12parsecs");
    EXPECT_EQ(bad.rc, 2);
    EXPECT_NE(bad.err.find("--max-db-size: got '12parsecs'"), std::string::npos) << bad.err;
}

TEST(Bounds, AFifoScenarioDoesNotHang) {
    const fs::path fifo = scratch() / "scenario.yaml";
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    for (const char* cmd : {"validate ", "run "}) {
        const Result r =
            a2iot(cmd + fifo.string() + " --db '" + (scratch() / "f.db").string() + "'", 20);
        EXPECT_EQ(r.rc, 2) << cmd << r.err;
        EXPECT_NE(r.err.find("this is a FIFO"), std::string::npos) << r.err;
    }
    fs::remove(fifo);
}

TEST(Bounds, BadDatabasePathsAreInputErrors) {
    const fs::path fifo = scratch() / "results.fifo";
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    struct Case {
        std::string path, fragment;
    } cases[] = {{fifo.string(), "this is a FIFO"},
                 {"/dev/null", "this is a device"},
                 {scratch().string(), "this is a folder"},
                 {(scratch() / "no" / "such" / "r.db").string(), "does not exist"}};
    for (const auto& c : cases) {
        const Result r = a2iot("run " + data("small.yaml") + " --db '" + c.path + "'", 20);
        EXPECT_EQ(r.rc, 2) << c.path << ": " << r.err;
        EXPECT_EQ(r.err.rfind("--db: got '" + c.path + "', expected a results database file (", 0),
                  0u)
            << r.err;
        EXPECT_NE(r.err.find(c.fragment), std::string::npos) << r.err;
        EXPECT_EQ(r.err.find("SQLite"), std::string::npos) << r.err;
        EXPECT_EQ(r.err.find("disk I/O"), std::string::npos) << r.err;
    }
    fs::remove(fifo);
}

TEST(Bounds, ADatabaseThatIsNotOneIsBadInput) {
    const fs::path notes = scratch() / "notes.db";
    {
        std::ofstream out(notes);
        for (int i = 0; i < 100; ++i) out << "not a database\n";
    }
    const Result r = a2iot("run " + data("small.yaml") + " --db '" + notes.string() + "'");
    EXPECT_EQ(r.rc, 2) << r.err;
    EXPECT_EQ(r.err.rfind("--db: got '" + notes.string() + "', expected a results database", 0), 0u)
        << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
}

// Starts `a2iot run long.yaml` in the background and returns its pid once its run row exists.
pid_t start_long_run(const fs::path& db) {
    const pid_t pid = fork();
    if (pid == 0) {
        if (chdir(A2IOT_SOURCE_DIR) != 0) _exit(127);
        const std::string dbs = db.string();
        execl(A2IOT_BIN, A2IOT_BIN, "run", "tests/data/one-path/long.yaml", "--db", dbs.c_str(),
              "--quiet", static_cast<char*>(nullptr));
        _exit(127);
    }
    for (int i = 0; i < 200; ++i) {
        if (fs::exists(db) && query(db, "SELECT count(*) FROM runs") == "1") break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    // Let it write a batch or two.
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    return pid;
}

int wait_exit_code(pid_t pid) {
    int st = 0;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

TEST(Hygiene, SigintAndSigtermMarkTheRunInterrupted) {
    for (int sig : {SIGINT, SIGTERM}) {
        const fs::path db = scratch() / ("sig" + std::to_string(sig) + ".db");
        const pid_t pid = start_long_run(db);
        ASSERT_EQ(query(db, "SELECT status FROM runs"), "running");
        kill(pid, sig);
        EXPECT_EQ(wait_exit_code(pid), 128 + sig);
        EXPECT_EQ(
            query(db, "SELECT status, finished_at IS NOT NULL, error FROM runs"),
            std::string("interrupted|1|interrupted by ") + (sig == SIGINT ? "SIGINT" : "SIGTERM"));
        // What was written stays readable.
        EXPECT_NE(query(db, "SELECT count(*) > 0 FROM requests"), "0");
        EXPECT_EQ(query(db, "PRAGMA integrity_check"), "ok");
    }
}

std::vector<pid_t> children_of(pid_t pid) {
    std::vector<pid_t> out;
    std::ifstream in("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children");
    for (pid_t c; in >> c;) out.push_back(c);
    return out;
}

TEST(Hygiene, TheRunChildDiesWithItsParent) {
    const fs::path db = scratch() / "orphan.db";
    const pid_t pid = start_long_run(db);
    const auto kids = children_of(pid);
    ASSERT_EQ(kids.size(), 1u);
    kill(pid, SIGKILL);  // no handler runs: only PR_SET_PDEATHSIG can stop the child
    wait_exit_code(pid);
    bool gone = false;
    for (int i = 0; i < 100 && !gone; ++i) {
        std::ifstream stat("/proc/" + std::to_string(kids[0]) + "/stat");
        std::string line;
        std::getline(stat, line);
        // Gone, or a zombie waiting for init to reap it: either way no longer running.
        gone = line.empty() || line.find(") Z") != std::string::npos;
        if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_TRUE(gone) << "child " << kids[0] << " outlived its parent";
    if (!gone) kill(kids[0], SIGKILL);
}

// A sweep killed with SIGKILL runs no handler: its points' `a2iot run` processes get SIGTERM
// from PR_SET_PDEATHSIG, mark their runs interrupted and end.
TEST(Hygiene, ASweepsPointsEndWithTheSweep) {
    const fs::path db = scratch() / "sweep-orphans.db";
    const pid_t pid = fork();
    if (pid == 0) {
        if (chdir(A2IOT_SOURCE_DIR) != 0) _exit(127);
        const std::string dbs = db.string();
        execl(A2IOT_BIN, A2IOT_BIN, "sweep", "tests/data/one-path/long-sweep.yaml", "--db",
              dbs.c_str(), "--jobs", "2", "--quiet", static_cast<char*>(nullptr));
        _exit(127);
    }
    for (int i = 0; i < 300; ++i) {
        if (fs::exists(db) && query(db, "SELECT count(*) FROM runs WHERE status='running'") == "2")
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_EQ(query(db, "SELECT count(*) FROM runs WHERE status='running'"), "2");
    const auto points = children_of(pid);
    ASSERT_EQ(points.size(), 2u);
    kill(pid, SIGKILL);
    wait_exit_code(pid);
    for (int i = 0; i < 200; ++i) {
        if (query(db, "SELECT count(*) FROM runs WHERE status='interrupted'") == "2") break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(query(db, "SELECT group_concat(status || ':' || error) FROM runs"),
              "interrupted:interrupted by SIGTERM,interrupted:interrupted by SIGTERM");
    for (pid_t p : points) {
        std::ifstream stat("/proc/" + std::to_string(p) + "/stat");
        std::string line;
        std::getline(stat, line);
        EXPECT_TRUE(line.empty() || line.find(") Z") != std::string::npos) << "point " << p;
        if (!line.empty() && line.find(") Z") == std::string::npos) kill(p, SIGKILL);
    }
}

}  // namespace
