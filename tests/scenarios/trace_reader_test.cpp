// The bandwidth trace reader on its own: SimGrid's profile format with values in bit/s.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "scenarios/error_sink.hpp"
#include "scenarios/trace_reader.hpp"
#include "test_files.hpp"

using namespace a2iot::scenarios;
using a2iot::scenarios::testing::scratch_dir;

namespace {

std::string write_trace(const std::string& name, const std::string& text) {
    const auto path = scratch_dir() / name;
    std::ofstream(path) << text;
    return path.string();
}

// Reads a trace and returns the error messages (empty when it read).
std::vector<std::string> errors_of(const std::string& path, std::optional<Trace>* out = nullptr) {
    ErrorSink sink("s.yaml");
    auto t = read_trace(path, "as-written.trace", 7, "links.0.trace", sink);
    EXPECT_EQ(t.has_value(), sink.empty());
    if (out) *out = t;
    std::vector<std::string> msgs;
    for (const auto& e : sink.take_sorted()) msgs.push_back(e.what());
    return msgs;
}

}  // namespace

TEST(TraceReader, CommentsBlankLinesWhitespaceAndLoop) {
    const std::string path = write_trace("ok.trace",
                                         "# header\n\n  0\t1e6   # start\n"
                                         "0.5 2500000\r\n12 7.5e5\n\nLOOPAFTER 3.5\n# end\n");
    std::optional<Trace> t;
    EXPECT_TRUE(errors_of(path, &t).empty());
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(t->path, path);
    ASSERT_EQ(t->points.size(), 3u);
    EXPECT_DOUBLE_EQ(t->points[0].value, 1e6);
    EXPECT_DOUBLE_EQ(t->points[1].t_s, 0.5);
    EXPECT_DOUBLE_EQ(t->points[1].value, 2.5e6);
    EXPECT_DOUBLE_EQ(t->points[2].t_s, 12.0);
    EXPECT_DOUBLE_EQ(t->points[2].value, 7.5e5);
    EXPECT_DOUBLE_EQ(*t->loop_after_s, 3.5);
}

TEST(TraceReader, EveryBadLineIsReportedAtItsLine) {
    const std::string path = write_trace("bad.trace",
                                         "0 1e6\n"         // 1 ok
                                         "5 1e6 9\n"       // 2 three fields
                                         "-1 1e6\n"        // 3 negative time
                                         "10 0\n"          // 4 zero bandwidth
                                         "x 1e6\n"         // 5 not a number
                                         "10 20Mbps\n"     // 6 units are not part of the format
                                         "0 1e6\n"         // 7 not after the previous point
                                         "LOOPAFTER -2\n"  // 8 negative loop
                                         "LOOPAFTER 5\n"   // 9 ok
                                         "LOOPAFTER 6\n"   // 10 twice
                                         "20 1e6\n");      // 11 after LOOPAFTER
    const auto errors = errors_of(path);
    const std::vector<std::string> want{
        path + ":2: trace: got '5 1e6 9', expected two fields per line",
        path + ":3: trace.time_s: got '-1', expected a time >= 0 in seconds",
        path + ":4: trace.bandwidth_bps: got '0', expected a bandwidth > 0 in bit/s",
        path + ":5: trace.time_s: got 'x', expected a plain number",
        path + ":6: trace.bandwidth_bps: got '20Mbps', expected a plain number",
        path + ":7: trace.time_s: got '0', expected times in increasing order",
        path + ":8: trace.LOOPAFTER: got '-2', expected a delay >= 0 in seconds",
        path + ":10: trace.LOOPAFTER: got '6', expected LOOPAFTER at most once",
        path + ":11: trace: got '20', expected LOOPAFTER after the last point"};
    ASSERT_EQ(errors.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i)
        EXPECT_EQ(errors[i].rfind(want[i], 0), 0u) << errors[i] << "\nwant prefix: " << want[i];
}

TEST(TraceReader, MissingEmptyAndFolderAreErrorsAtTheReference) {
    const auto missing = errors_of((scratch_dir() / "nope.trace").string());
    ASSERT_EQ(missing.size(), 1u);
    EXPECT_EQ(missing[0].rfind("s.yaml:7: links.0.trace: got 'as-written.trace', expected a "
                               "readable trace file (",
                               0),
              0u)
        << missing[0];
    EXPECT_NE(missing[0].find("No such file or directory"), std::string::npos);

    const auto empty = errors_of(write_trace("empty.trace", "# nothing\n\n"));
    ASSERT_EQ(empty.size(), 1u);
    EXPECT_NE(empty[0].find("expected at least one 'time_s bandwidth_bps' line"),
              std::string::npos);

    const auto folder = errors_of(scratch_dir().string());
    ASSERT_EQ(folder.size(), 1u);
    EXPECT_NE(folder[0].find("is not a regular file"), std::string::npos) << folder[0];
}
