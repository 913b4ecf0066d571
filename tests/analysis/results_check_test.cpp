// ResultsDb's integrity checks, shared by every reader: foreign schemas, newer schema versions,
// v1 files, non-regular paths, text and infinities in REAL columns. Each damage is made by hand
// in a real results file, the way a user's editor or another tool would.
#include "results/results_check.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "analysis/comparison.hpp"
#include "analysis/run_summary.hpp"
#include "common/input_error.hpp"
#include "results/recorder.hpp"
#include "results/results_db.hpp"
#include "results/schema.hpp"
#include "results/statement.hpp"
#include "tests/analysis/temp_dir.hpp"

namespace a2iot::analysis {
namespace {

using testing::TempDir;

void write_runs(const std::string& path) {
    results::Recorder rec(path);
    for (const char* policy : {"local", "edge"}) {
        results::RunInfo i;
        i.scenario = "s";
        i.scenario_hash = "h";
        i.policy = policy;
        i.duration_s = 10;
        rec.begin_run(i);
        for (int k = 0; k < 5; ++k) {
            results::RequestRow r;
            r.request_id = k;
            r.status = "ok";
            r.submitted_s = k;
            r.latency_s = 0.1 * (k + 1);
            r.completed_s = k + *r.latency_s;
            rec.add(r);
        }
        rec.add(results::EventRow{1, "link", "a", "b"});
        results::DecisionRow d;
        d.t_s = 1;
        d.est_bandwidth_bps = 1e6;
        d.battery_frac = 0.5;
        rec.add(d);
        rec.add(results::DeviceSampleRow{1, "cam", 0.9, 2.0, 1.5, 0, "on"});
        rec.finish_run("complete", 10, 1);
    }
}

void edit(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(
        sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr),
        SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    const std::string msg = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << msg;
}

// The InputError message of opening `path`, or "" when it opens.
std::string open_error(const std::string& path) {
    try {
        results::ResultsDb db(path);
    } catch (const common::InputError& e) {
        return e.what();
    }
    return "";
}

void expect_no_sqlite_text(const std::string& msg) {
    for (const char* raw : {"sqlite3", "SQLITE", "no such column", "near \"", "syntax error"})
        EXPECT_EQ(msg.find(raw), std::string::npos) << msg;
}

class ResultsCheck : public ::testing::Test {
  protected:
    void SetUp() override {
        db = dir.file("r.db");
        write_runs(db);
    }
    TempDir dir;
    std::string db;
};

TEST_F(ResultsCheck, AGoodFileOpens) {
    EXPECT_EQ(open_error(db), "");
}

TEST_F(ResultsCheck, ForeignSchemaIsRefused) {
    const auto other = dir.file("other.db");
    edit(other, "CREATE TABLE runs(a, b); CREATE TABLE t(x)");
    auto msg = open_error(other);
    EXPECT_NE(msg.find("has no requests table"), std::string::npos) << msg;
    const auto no_runs = dir.file("no-runs.db");
    edit(no_runs, "CREATE TABLE t(x)");
    msg = open_error(no_runs);
    EXPECT_NE(msg.find("has no runs table"), std::string::npos) << msg;
    // All tables there but a column the readers need is missing.
    edit(db, "ALTER TABLE requests DROP COLUMN latency_s");
    msg = open_error(db);
    EXPECT_NE(msg.find("its table requests has no column latency_s"), std::string::npos) << msg;
    expect_no_sqlite_text(msg);
    // A text column the readers select is required too.
    const auto copy = dir.file("no-reason.db");
    write_runs(copy);
    edit(copy, "ALTER TABLE events DROP COLUMN detail");
    msg = open_error(copy);
    EXPECT_NE(msg.find("its table events has no column detail"), std::string::npos) << msg;
    // A v2 file (by its schema_version) must have the v2 columns.
    const auto v2 = dir.file("v2.db");
    write_runs(v2);
    edit(v2, "ALTER TABLE runs DROP COLUMN error");
    msg = open_error(v2);
    EXPECT_NE(msg.find("its table runs has no column error"), std::string::npos) << msg;
}

TEST_F(ResultsCheck, NewerSchemaVersionIsRefused) {
    edit(db, "INSERT INTO schema_version VALUES (" +
                 std::to_string(results::Recorder::kSchemaVersion + 1) + ")");
    const auto msg = open_error(db);
    EXPECT_NE(
        msg.find("schema_version: got '" + std::to_string(results::Recorder::kSchemaVersion + 1)),
        std::string::npos)
        << msg;
    EXPECT_NE(msg.find("newer a2iot"), std::string::npos) << msg;
}

// A file written by a v1 a2iot: no runs.duration_s / runs.error. Readers see them as NULL.
TEST(ResultsCheckV1, AVersion1FileIsReadWithNullDurationAndError) {
    TempDir dir;
    const auto path = dir.file("v1.db");
    std::string sql(results::schema_migrations().at(0));
    sql +=
        "CREATE TABLE schema_version(version INTEGER NOT NULL); INSERT INTO schema_version "
        "VALUES (1);"
        "INSERT INTO runs(run_id, scenario, scenario_hash, policy, seed, status, sim_time_s, "
        "wall_s, overrides) VALUES (1, 's', 'h', 'local', 1, 'complete', 10, 1, '');"
        "INSERT INTO requests(run_id, request_id, submitted_s, completed_s, latency_s, status) "
        "VALUES (1, 0, 0, 0.5, 0.5, 'ok'), (1, 1, 1, 1.25, 0.25, 'ok');";
    edit(path, sql);
    results::ResultsDb db(path);
    EXPECT_EQ(results::results_schema_version(db.get()), 1);
    results::Statement q(db.get(), "SELECT duration_s IS NULL, error IS NULL, policy FROM runs",
                         path);
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.get_int(0), 1);
    EXPECT_EQ(q.get_int(1), 1);
    EXPECT_EQ(q.get_text(2), "local");
    const auto s = summarize(db.get());
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].requests, 2);
    EXPECT_NO_THROW(Comparison::build(db.get(), {}));
    // Read-only: the file itself is untouched (no column added).
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    EXPECT_FALSE(results::has_column(raw, "runs", "duration_s"));
    sqlite3_close(raw);
}

TEST_F(ResultsCheck, FoldersFifosAndDevicesAreRefusedBeforeSqliteOpensThem) {
    auto msg = open_error(dir.path().string());
    EXPECT_NE(msg.find("is a folder"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("no such file"), std::string::npos) << msg;
    const auto fifo = dir.file("fifo");
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    msg = open_error(fifo);  // would block in SQLite's first read
    EXPECT_NE(msg.find("FIFO"), std::string::npos) << msg;
    msg = open_error("/dev/null");
    EXPECT_NE(msg.find("device file"), std::string::npos) << msg;
    msg = open_error(dir.file("missing.db"));
    EXPECT_NE(msg.find("no such file"), std::string::npos) << msg;
    const auto text = dir.file("text.db");
    std::ofstream(text) << "hello\n";
    msg = open_error(text);
    EXPECT_NE(msg.find("not a database"), std::string::npos) << msg;
    expect_no_sqlite_text(msg);
}

TEST_F(ResultsCheck, AnUnreadableFileIsNamedAsSuch) {
    if (::geteuid() == 0) GTEST_SKIP() << "root reads any file";
    ASSERT_EQ(::chmod(db.c_str(), 0), 0);
    const auto msg = open_error(db);
    ::chmod(db.c_str(), 0600);
    EXPECT_NE(msg.find("it cannot be read (Permission denied)"), std::string::npos) << msg;
}

TEST_F(ResultsCheck, TextInARealColumnNamesTableColumnRunAndValue) {
    edit(db, "UPDATE requests SET latency_s = 'abc' WHERE run_id = 2 AND request_id = 3");
    const auto msg = open_error(db);
    EXPECT_NE(msg.find("requests.latency_s"), std::string::npos) << msg;
    EXPECT_NE(msg.find("got 'abc'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("run 2"), std::string::npos) << msg;
    EXPECT_NE(msg.find("not text"), std::string::npos) << msg;
    expect_no_sqlite_text(msg);
}

TEST_F(ResultsCheck, EveryCheckedColumnIsChecked) {
    // Class of input, not one example: text in each checked column of each table is refused.
    for (const auto& c : results::checked_columns()) {
        // run_id: changing it would only orphan the rows; text columns take any value.
        if (c.column == "run_id" || c.kind == results::ColumnKind::text) continue;
        const auto copy = dir.file("copy.db");
        std::filesystem::copy_file(db, copy, std::filesystem::copy_options::overwrite_existing);
        edit(copy, "UPDATE " + std::string(c.table) + " SET " + std::string(c.column) +
                       " = 'x1y' WHERE rowid = (SELECT min(rowid) FROM " + std::string(c.table) +
                       ")");
        const std::string rows_sql = "SELECT count(*) FROM " + std::string(c.table);
        sqlite3* raw = nullptr;
        sqlite3_open_v2(copy.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
        results::Statement n(raw, rows_sql, copy);
        n.step();
        const bool has_rows = n.get_int(0) > 0;
        n = results::Statement();
        sqlite3_close(raw);
        ASSERT_TRUE(has_rows) << c.table;
        const auto msg = open_error(copy);
        EXPECT_NE(msg.find(std::string(c.table) + "." + std::string(c.column)), std::string::npos)
            << c.table << "." << c.column << ": " << msg;
    }
}

TEST_F(ResultsCheck, InfinitiesAreRefusedNamingTheColumn) {
    for (const char* v : {"9e999", "-9e999"}) {
        const auto copy = dir.file("inf.db");
        std::filesystem::copy_file(db, copy, std::filesystem::copy_options::overwrite_existing);
        edit(copy, std::string("UPDATE runs SET wall_s = ") + v + " WHERE run_id = 1");
        const auto msg = open_error(copy);
        EXPECT_NE(msg.find("runs.wall_s"), std::string::npos) << msg;
        EXPECT_NE(msg.find(v[0] == '-' ? "got '-inf'" : "got 'inf'"), std::string::npos) << msg;
        EXPECT_NE(msg.find("finite"), std::string::npos) << msg;
    }
    // NaN cannot be stored: SQLite makes it NULL, which readers treat as missing.
    edit(db, "UPDATE requests SET latency_s = 9e999 - 9e999 WHERE request_id = 0");
    EXPECT_EQ(open_error(db), "");
    edit(db, "UPDATE requests SET device_energy_j = -9e999 WHERE request_id = 1 AND run_id = 2");
    const auto msg = open_error(db);
    EXPECT_NE(msg.find("requests.device_energy_j: got '-inf'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("run 2"), std::string::npos) << msg;
}

TEST_F(ResultsCheck, IntegerColumnsRejectFractions) {
    edit(db, "UPDATE runs SET seed = 1.5 WHERE run_id = 1");
    const auto msg = open_error(db);
    EXPECT_NE(msg.find("runs.seed: got '1.5'"), std::string::npos) << msg;
}

}  // namespace
}  // namespace a2iot::analysis
