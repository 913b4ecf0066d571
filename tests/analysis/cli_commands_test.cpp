// The compare/export/report subcommands end to end, through the a2iot binary of this build
// tree (A2IOT_BIN): exit codes, output files and messages as a user sees them.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/analysis/synthetic_db.hpp"
#include "tests/analysis/temp_dir.hpp"

namespace a2iot::analysis {
namespace {

using testing::TempDir;

struct Result {
    int code;
    std::string out;  // stdout and stderr together
};

Result shell(const std::string& command) {
    const std::string cmd = command + " 2>&1";
    Result r{-1, {}};
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    char buf[4096];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    const int status = pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

Result run(const std::string& args) {
    return shell(std::string(A2IOT_BIN) + " " + args);
}

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

class CliTest : public ::testing::Test {
  protected:
    void SetUp() override {
        // Every test executable depends on the a2iot target, so a missing binary is a failure.
        ASSERT_TRUE(std::filesystem::exists(A2IOT_BIN)) << A2IOT_BIN << " not built (target a2iot)";
        db = dir.file("r.db");
        testing::write_synthetic_runs(db, 200);
    }
    TempDir dir;
    std::string db;
};

TEST_F(CliTest, CompareTableCsvAndBadInput) {
    auto r = run("compare " + db + " --metric p95_latency_s --metric ok_pct");
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("p95 [ms]"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("local (ref)"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("dads"), std::string::npos)
        << "the running run is not compared by default";
    r = run("compare " + db + " --csv --reference cloud --run 1 --run 2");
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_EQ(
        r.out.rfind("scenario,scenario_hash,overrides,policy,seeds,run_ids,status,reference,", 0),
        0u)
        << r.out;
    EXPECT_NE(r.out.find("cloud,1,2,complete,1,"), std::string::npos) << r.out;
    EXPECT_EQ(run("compare " + db + " --metric nope").code, 2);
    EXPECT_EQ(run("compare " + db + " --reference nope").code, 2);
    EXPECT_EQ(run("compare " + dir.file("missing.db")).code, 2);
    EXPECT_EQ(run("compare").code, 2);
    EXPECT_EQ(run("compare --help").code, 0);
}

TEST_F(CliTest, ExportWritesFilesAndRejectsUnknownTables) {
    const auto csv = dir.file("req.csv");
    auto r = run("export " + db + " --table requests --csv -o " + csv);
    ASSERT_EQ(r.code, 0) << r.out;
    const auto text = slurp(csv);
    EXPECT_EQ(text.rfind("run_id,request_id,device,model,variant,submitted_s,", 0), 0u);
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1 + 4 * 200);
    r = run("export " + db + " -t runs");
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 4);  // JSON Lines, one per run
    EXPECT_NE(r.out.find("\"status\":\"running\""), std::string::npos);
    EXPECT_EQ(run("export " + db + " --table sqlite_master").code, 2);
    EXPECT_EQ(run("export " + db).code, 2);  // --table is required
    // A file that is not a database is bad input, named in the message.
    r = run("export " + csv + " --table runs");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find("not a database"), std::string::npos) << r.out;
}

// Real runs of one scenario, one of them with an override: the overridden run gets its own
// section and is never given a difference against the plain runs' reference.
TEST_F(CliTest, CompareKeepsConfigurationsApart) {
    const auto scenario = std::string(A2IOT_SOURCE_DIR) + "/tests/regression/two-tier.yaml";
    const auto real = dir.file("real.db");
    auto r = run("run " + scenario + " --quiet --db " + real + " --policy local --policy edge");
    ASSERT_EQ(r.code, 0) << r.out;
    r = run("run " + scenario + " --quiet --db " + real +
            " --policy edge --set workload.0.rate=1/s");
    ASSERT_EQ(r.code, 0) << r.out;
    r = run("compare " + real + " --reference local --metric p50_latency_s");
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("overrides: none; reference: local"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("overrides: workload.0.rate=1/s; reference: none"), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("warning: reference policy 'local' has no run in configuration "
                         "two-tier with workload.0.rate=1/s"),
              std::string::npos)
        << r.out;
    // Three rows, only one of them (plain edge) with a relative difference.
    r = run("compare " + real + " --reference local --metric p50_latency_s --csv");
    ASSERT_EQ(r.code, 0) << r.out;
    std::istringstream lines(r.out);
    std::string line;
    int rows = 0, with_rel = 0;
    while (std::getline(lines, line)) {
        if (line.rfind("two-tier,", 0) != 0) continue;  // the header, the warning
        ++rows;
        std::vector<std::string> f;
        std::stringstream fields(line);
        for (std::string x; std::getline(fields, x, ',');) f.push_back(x);
        // ...,p50_latency_s,p50_latency_s_ci95,p50_latency_s_rel_pct,p50_latency_s_tie
        ASSERT_EQ(f.size(), 12u) << line;
        with_rel += f[10].empty() ? 0 : 1;
    }
    EXPECT_EQ(rows, 3) << r.out;
    EXPECT_EQ(with_rel, 1) << r.out;
}

// Every reader opens the file through ResultsDb: the same exit code 2 and one clear message for
// each kind of bad database, never SQLite's wording, never a hang.
TEST_F(CliTest, EveryReaderRefusesBadDatabasesTheSameWay) {
    auto edited = [&](const std::string& name, const std::string& sql) {
        const auto path = dir.file(name);
        std::filesystem::copy_file(db, path);
        const auto r = shell("sqlite3 " + path + " \"" + sql + "\"");
        EXPECT_EQ(r.code, 0) << r.out;
        return path;
    };
    if (std::system("command -v sqlite3 >/dev/null 2>&1") != 0) GTEST_SKIP() << "no sqlite3 CLI";
    const auto fifo = dir.file("fifo");
    ASSERT_EQ(std::system(("mkfifo " + fifo).c_str()), 0);
    const auto folder = dir.file("folder");
    std::filesystem::create_directory(folder);
    const auto foreign = dir.file("foreign.db");
    ASSERT_EQ(std::system(("sqlite3 " + foreign + " 'CREATE TABLE runs(a)'").c_str()), 0);
    struct Case {
        std::string path, message;
    };
    const std::vector<Case> cases = {
        {folder, "is a folder"},
        {fifo, "FIFO"},
        {"/dev/null", "device file"},
        {foreign, "has no requests table"},
        {edited("newer.db", "INSERT INTO schema_version VALUES (99)"), "newer a2iot"},
        {edited("text.db", "UPDATE requests SET latency_s='abc' WHERE rowid=5"),
         "requests.latency_s: got 'abc'"},
        {edited("inf.db", "UPDATE requests SET latency_s=9e999 WHERE rowid=5"),
         "requests.latency_s: got 'inf'"},
        {edited("ninf.db", "UPDATE runs SET sim_time_s=-9e999 WHERE run_id=2"),
         "runs.sim_time_s: got '-inf'"},
    };
    const std::vector<std::string> readers = {"compare {}", "export {} --table runs",
                                              "report {} -o " + dir.file("x.html"),
                                              "merge " + dir.file("m.db") + " {}"};
    for (const auto& c : cases) {
        for (const auto& reader : readers) {
            std::string args = reader;
            args.replace(args.find("{}"), 2, c.path);
            // `timeout`: a reader that opened the FIFO would block forever.
            const auto r = shell("timeout 20 " + std::string(A2IOT_BIN) + " " + args);
            EXPECT_EQ(r.code, 2) << args << "\n" << r.out;
            EXPECT_NE(r.out.find(c.message), std::string::npos) << args << "\n" << r.out;
            EXPECT_EQ(r.out.find("sqlite"), std::string::npos) << args << "\n" << r.out;
            EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << args << "\n" << r.out;
        }
    }
}

TEST_F(CliTest, ReportWritesHtmlAndNeedsGnuplot) {
    if (std::system("command -v gnuplot >/dev/null 2>&1") != 0) GTEST_SKIP() << "no gnuplot";
    const auto html = dir.file("out.html");
    auto r = run("report " + db + " -o " + html);
    ASSERT_EQ(r.code, 0) << r.out;
    const auto page = slurp(html);
    EXPECT_NE(page.find("<svg"), std::string::npos);
    EXPECT_EQ(page.find("http"), std::string::npos);
    r = run("report " + db + " -o " + html + " --gnuplot " + dir.file("no-gnuplot"));
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find("gnuplot-nox"), std::string::npos) << r.out;
    EXPECT_EQ(run("report " + db + " --run 77 -o " + html).code, 2);
}

}  // namespace
}  // namespace a2iot::analysis
