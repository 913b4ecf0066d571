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

Result run(const std::string& args) {
    const std::string cmd = std::string(A2IOT_BIN) + " " + args + " 2>&1";
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
    EXPECT_EQ(r.out.rfind("scenario,policy,run_id,status,reference,", 0), 0u) << r.out;
    EXPECT_NE(r.out.find("cloud,2,complete,1,"), std::string::npos) << r.out;
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
