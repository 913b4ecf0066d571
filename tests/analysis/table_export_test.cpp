#include "analysis/table_export.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analysis/csv.hpp"
#include "common/input_error.hpp"
#include "results/recorder.hpp"
#include "tests/analysis/temp_dir.hpp"

namespace a2iot::analysis {
namespace {

using testing::TempDir;

TEST(Csv, QuotesOnlyWhenNeededAndDoublesQuotes) {
    EXPECT_EQ(csv_escape("plain"), "plain");
    EXPECT_EQ(csv_escape(""), "");
    EXPECT_EQ(csv_escape("a,b"), "\"a,b\"");
    EXPECT_EQ(csv_escape("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(csv_escape("two\nlines"), "\"two\nlines\"");
    EXPECT_EQ(csv_escape(" padded"), "\" padded\"");
    EXPECT_EQ(csv_line({"a", "b,c", ""}), "a,\"b,c\",\n");
}

class ExportTest : public ::testing::Test {
  protected:
    void SetUp() override {
        path = dir.file("x.db");
        rec = std::make_unique<results::Recorder>(path);
        results::RunInfo i;
        i.scenario = "demo";
        i.policy = "local";
        a = rec->begin_run(i);
        results::RequestRow r;
        r.request_id = 1;
        r.device = "cam-0";
        r.split = "conv1,conv2 \"fused\"\nfc";  // every CSV special character at once
        r.status = "ok";
        r.submitted_s = 0.1;  // not exact in binary: must round-trip anyway
        r.completed_s = 0.30000000000000004;
        r.latency_s = 0.2;
        r.bytes_sent = 123456789012;
        r.device_energy_j = 1.0 / 3.0;
        rec->add(r);
        results::RequestRow f;
        f.request_id = 2;
        f.device = "cam-1";
        f.status = "failed";
        f.reason = "battery_dead";
        rec->add(f);
        rec->finish_run("complete", 1, 1);
        i.policy = "cloud";
        b = rec->begin_run(i);
        f.request_id = 3;
        rec->add(f);
        rec->finish_run("complete", 1, 1);
    }
    TempDir dir;
    std::string path;
    std::unique_ptr<results::Recorder> rec;
    std::int64_t a = 0, b = 0;
};

TEST_F(ExportTest, JsonLinesRoundTripsValuesAndNulls) {
    std::ostringstream out;
    EXPECT_EQ(export_table(rec->handle(), "requests", ExportFormat::JsonLines, out), 3);
    std::istringstream in(out.str());
    std::string line;
    std::getline(in, line);
    const auto first = nlohmann::json::parse(line);
    EXPECT_EQ(first["run_id"], a);
    EXPECT_EQ(first["split"], "conv1,conv2 \"fused\"\nfc");
    EXPECT_EQ(first["submitted_s"].get<double>(), 0.1);
    EXPECT_EQ(first["completed_s"].get<double>(), 0.30000000000000004);
    EXPECT_EQ(first["bytes_sent"].get<std::int64_t>(), 123456789012);
    EXPECT_EQ(first["device_energy_j"].get<double>(), 1.0 / 3.0);
    std::getline(in, line);
    const auto second = nlohmann::json::parse(line);
    EXPECT_TRUE(second["completed_s"].is_null());
    EXPECT_TRUE(second["accuracy"].is_null());
    EXPECT_EQ(second["reason"], "battery_dead");
    // Keys come in schema order.
    EXPECT_EQ(line.rfind("{\"run_id\":", 0), 0u);
}

TEST_F(ExportTest, RunFilterAndTableCheck) {
    std::ostringstream out;
    EXPECT_EQ(export_table(rec->handle(), "requests", ExportFormat::Csv, out, {b}), 1);
    EXPECT_EQ(export_table(rec->handle(), "runs", ExportFormat::Csv, out), 2);
    EXPECT_EQ(export_table(rec->handle(), "events", ExportFormat::Csv, out), 0);
    EXPECT_THROW(export_table(rec->handle(), "sqlite_master", ExportFormat::Csv, out),
                 common::InputError);
}

// The CSV is read back by an independent reader, the sqlite3 shell's RFC 4180 importer, and
// every value must come back identical.
TEST_F(ExportTest, CsvReadsBackThroughTheSqlite3Shell) {
    if (std::system("command -v sqlite3 >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "sqlite3 shell not installed (Debian package sqlite3)";
    const auto csv = dir.file("requests.csv");
    {
        std::ofstream out(csv, std::ios::binary);
        export_table(rec->handle(), "requests", ExportFormat::Csv, out);
    }
    const auto back = dir.file("back.db");
    const auto check = dir.file("check.txt");
    const auto script = dir.file("check.sql");
    {
        // A script file, not a shell argument, so no shell quoting touches the SQL.
        std::ofstream sql(script);
        sql << ".import --csv " << csv << " r\n"
            << "SELECT count(*), sum(split = 'conv1,conv2 \"fused\"' || char(10) || 'fc'), "
               "sum(CAST(completed_s AS REAL) = 0.30000000000000004), "
               "sum(CAST(device_energy_j AS REAL) = 1.0/3.0), "
               "sum(bytes_sent = '123456789012'), sum(completed_s = ''), "
               "sum(reason = 'battery_dead') FROM r;\n";
    }
    const std::string cmd = "sqlite3 " + back + " < " + script + " > " + check;
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    std::ifstream in(check);
    std::string result;
    std::getline(in, result);
    EXPECT_EQ(result, "3|1|1|1|1|2|2");
}

}  // namespace
}  // namespace a2iot::analysis
