#pragma once
// Reads an input file (a scenario, a trace) without letting the file decide how long that takes
// or how much memory it costs: only regular files, opened without blocking, never on /proc or
// /sys (whose "regular" files report size 0 and may block or never end, e.g. /proc/kmsg), and at
// most `max_bytes`.
#include <cstdint>
#include <optional>
#include <string>

namespace a2iot::common {

struct BoundedRead {
    std::optional<std::string> bytes;  // the content, or nullopt with `problem` set
    std::string problem;               // e.g. "this is a FIFO", "larger than 16 MiB"
    bool is_directory = false;
};

BoundedRead read_bounded_file(const std::string& path, std::uint64_t max_bytes);

}  // namespace a2iot::common
