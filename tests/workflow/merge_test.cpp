// merge_results on databases written by the Recorder: runs get fresh ids with all their rows,
// merging twice adds nothing, a failed merge changes nothing, bad input is an InputError.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include "analysis/merge_results.hpp"
#include "common/input_error.hpp"
#include "results/recorder.hpp"
#include "tests/workflow/workflow_util.hpp"

namespace a2iot::workflow_test {
namespace {

void write_runs(const std::string& path, const std::string& policy, int runs, int requests) {
    results::Recorder rec(path);
    results::RequestRow ok_row;
    ok_row.device = "d";
    ok_row.status = "ok";
    for (int k = 0; k < runs; ++k) {
        results::RunInfo info;
        info.scenario = "m";
        info.scenario_hash = fmt::format("h{}", k);
        info.policy = policy;
        rec.begin_run(info);
        for (int i = 0; i < requests; ++i) {
            results::RequestRow r = ok_row;
            r.request_id = i;
            r.submitted_s = i;
            r.completed_s = i + 0.5;
            r.latency_s = 0.5;
            rec.add(r);
        }
        rec.add(results::EventRow{1.0, "link", "a-b", "down"});
        rec.finish_run("complete", 10, 0.1);
    }
}

TEST(Merge, CopiesRunsWithTheirRowsUnderNewIds) {
    TempDir t;
    write_runs(t.file("a.db"), "local", 2, 3);
    write_runs(t.file("b.db"), "edge", 1, 5);
    auto r = analysis::merge_results(t.file("out.db"), t.file("a.db"));
    EXPECT_EQ(r.copied.size(), 2u);
    r = analysis::merge_results(t.file("out.db"), t.file("b.db"));
    ASSERT_EQ(r.copied.size(), 1u);
    EXPECT_EQ(r.copied[0].first, 1);
    EXPECT_EQ(r.copied[0].second, 3);
    const auto out = t.file("out.db");
    EXPECT_EQ(query_int(out, "SELECT count(*) FROM runs"), 3);
    EXPECT_EQ(query_int(out, "SELECT count(*) FROM requests WHERE run_id=3"), 5);
    EXPECT_EQ(query(out, "SELECT policy FROM runs WHERE run_id=3"), "edge");
    EXPECT_EQ(query_int(out, "SELECT count(*) FROM events"), 3);
    EXPECT_EQ(query(out, "SELECT status FROM runs WHERE run_id=2"), "complete");

    // Idempotent: the same file again adds nothing.
    r = analysis::merge_results(out, t.file("a.db"));
    EXPECT_TRUE(r.copied.empty());
    EXPECT_EQ(r.skipped, 2);
    EXPECT_EQ(query_int(out, "SELECT count(*) FROM runs"), 3);
}

TEST(Merge, SelectedRunsOnlyAndUnknownRunRollsBack) {
    TempDir t;
    write_runs(t.file("a.db"), "local", 3, 2);
    auto r = analysis::merge_results(t.file("out.db"), t.file("a.db"), {2});
    ASSERT_EQ(r.copied.size(), 1u);
    EXPECT_EQ(query(t.file("out.db"), "SELECT scenario_hash FROM runs"), "h1");
    EXPECT_THROW(analysis::merge_results(t.file("out.db"), t.file("a.db"), {3, 99}),
                 std::runtime_error);
    EXPECT_EQ(query_int(t.file("out.db"), "SELECT count(*) FROM runs"), 1);  // rolled back
}

TEST(Merge, NotAResultsDatabaseIsBadInput) {
    TempDir t;
    write_text(t.file("x.db"), "not sqlite at all, just text that is long enough to be a header");
    EXPECT_THROW(analysis::merge_results(t.file("out.db"), t.file("x.db")), common::InputError);
    EXPECT_THROW(analysis::merge_results(t.file("out.db"), t.file("none.db")), common::InputError);
}

TEST(Merge, Cli) {
    TempDir t;
    write_runs(t.file("a.db"), "local", 1, 2);
    write_runs(t.file("b.db"), "edge", 1, 2);
    auto r = a2iot("merge " + quote(t.file("o.db")) + " " + quote(t.file("a.db")) + " " +
                   quote(t.file("b.db")));
    EXPECT_EQ(r.rc, 0) << r.out;
    EXPECT_NE(r.out.find("2 run(s) merged from 2 file(s)"), std::string::npos) << r.out;
    EXPECT_EQ(a2iot("merge " + quote(t.file("o.db")) + " " + quote(t.file("nope.db"))).rc, 2);
    EXPECT_EQ(a2iot("merge " + quote(t.file("o.db")) + " " + quote(t.file("o.db"))).rc, 2);
    EXPECT_EQ(a2iot("merge --help").rc, 0);
}

}  // namespace
}  // namespace a2iot::workflow_test
