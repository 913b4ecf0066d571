#pragma once
// Reads a bandwidth trace in SimGrid's profile format:
//   # comment
//   0     20000000      <- "time_s value" per line, value in bit/s (NOT SimGrid's bytes/s:
//   30.5  2000000          sim/ divides by 8 when it builds the profile)
//   LOOPAFTER 60        <- optional: repeat the trace 60 s after its last point
#include <optional>
#include <string>

#include "scenarios/error_sink.hpp"
#include "scenarios/scenario_spec.hpp"

namespace a2iot::scenarios {

// `path` is already resolved. Problems inside the file are reported against the trace file and
// its line; a missing file is reported at (ref_line, ref_key) of the scenario. Returns nullopt
// when the trace is unusable.
std::optional<Trace> read_trace(const std::string& path, const std::string& as_written,
                                int ref_line, const std::string& ref_key, ErrorSink& sink);

}  // namespace a2iot::scenarios
