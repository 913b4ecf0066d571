#include "scenarios/trace_reader.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/bounded_file.hpp"
#include "common/unit_error.hpp"
#include "common/units.hpp"

namespace a2iot::scenarios {
namespace {

std::optional<double> number(const std::string& token, const std::string& path, int line,
                             const std::string& key, ErrorSink& sink) {
    try {
        return common::parse_quantity(token, common::Quantity::Count);
    } catch (const common::UnitError& e) {
        sink.add_in(path, line, key, e.value(), e.expected());
        return std::nullopt;
    }
}

}  // namespace

std::optional<Trace> read_trace(const std::string& path, const std::string& as_written,
                                int ref_line, const std::string& ref_key, ErrorSink& sink) {
    // A day at 10 ms resolution is ~200 MB; beyond that the path is surely wrong.
    constexpr std::uint64_t kMaxTraceBytes = std::uint64_t{256} << 20;
    const common::BoundedRead read = common::read_bounded_file(path, kMaxTraceBytes);
    if (!read.bytes) {
        sink.add(
            ref_line, ref_key, as_written,
            read.problem.rfind("larger than", 0) == 0
                ? "a trace file of at most 256 MiB (" + path + " is " + read.problem + ")"
            : read.problem.rfind("this is", 0) == 0 || read.problem.rfind("a kernel", 0) == 0
                ? "a readable trace file (" + path + " is not a regular file: " + read.problem + ")"
                : "a readable trace file (" + path + ": " + read.problem + ")");
        return std::nullopt;
    }
    std::istringstream in(*read.bytes);
    Trace trace;
    trace.path = path;
    const std::size_t errors_before = sink.size();
    std::string text;
    int line_no = 0;
    while (std::getline(in, text)) {
        ++line_no;
        if (const auto hash = text.find('#'); hash != std::string::npos) text.resize(hash);
        std::istringstream fields(text);
        std::string first, second, extra;
        if (!(fields >> first)) continue;  // blank or comment-only line
        fields >> second >> extra;
        if (second.empty() || !extra.empty()) {
            sink.add_in(path, line_no, "trace", ErrorSink::escape(text),
                        "two fields per line, 'time_s bandwidth_bps', or 'LOOPAFTER seconds'");
            continue;
        }
        if (first == "LOOPAFTER") {
            auto v = number(second, path, line_no, "trace.LOOPAFTER", sink);
            if (!v) continue;
            if (*v < 0) {
                sink.add_in(path, line_no, "trace.LOOPAFTER", second, "a delay >= 0 in seconds");
                continue;
            }
            if (trace.loop_after_s) {
                sink.add_in(path, line_no, "trace.LOOPAFTER", second, "LOOPAFTER at most once");
                continue;
            }
            trace.loop_after_s = *v;
            continue;
        }
        if (trace.loop_after_s) {
            sink.add_in(path, line_no, "trace", first,
                        "LOOPAFTER after the last point (points may not follow it)");
            continue;
        }
        auto t = number(first, path, line_no, "trace.time_s", sink);
        auto v = number(second, path, line_no, "trace.bandwidth_bps", sink);
        if (!t || !v) continue;
        if (*t < 0) {
            sink.add_in(path, line_no, "trace.time_s", first, "a time >= 0 in seconds");
            continue;
        }
        if (!trace.points.empty() && *t <= trace.points.back().t_s) {
            sink.add_in(
                path, line_no, "trace.time_s", first,
                "times in increasing order (the previous point is at " +
                    common::format_quantity(trace.points.back().t_s, common::Quantity::Time) + ")");
            continue;
        }
        // Zero bandwidth would stall every flow forever; a link outage is a `state: down`
        // event instead.
        if (!(*v > 0)) {
            sink.add_in(path, line_no, "trace.bandwidth_bps", second,
                        "a bandwidth > 0 in bit/s (use a link event with state: down for "
                        "an outage)");
            continue;
        }
        trace.points.push_back({*t, *v});
    }
    if (in.bad()) {
        sink.add(ref_line, ref_key, as_written,
                 "a readable trace file (read error in " + path + ")");
        return std::nullopt;
    }
    if (trace.points.empty() && sink.size() == errors_before) {
        sink.add_in(path, line_no > 0 ? line_no : 1, "trace", "",
                    "at least one 'time_s bandwidth_bps' line");
        return std::nullopt;
    }
    if (sink.size() != errors_before) return std::nullopt;
    return trace;
}

}  // namespace a2iot::scenarios
