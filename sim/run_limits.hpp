#pragma once
// The caps that keep one run bounded (--max-requests, --max-db-size). Validation compares a
// scenario's expected work against them before anything runs; the runtime enforces them again
// while it runs (Poisson arrivals can exceed their mean; SQLite's max_page_count stops the file).
#include <cstdint>
#include <string>

namespace a2iot::sim {

struct RunLimits {
    // Requests one run may submit. Default: min(kDefaultMaxRequests, available memory / 512 B):
    // the summary and the report hold every latency in memory, and SQLite's sorter needs room.
    std::uint64_t max_requests = 0;
    // Bytes the results database may grow to. Default: min(kDefaultMaxDbBytes, half the free
    // space of the folder that holds it).
    std::uint64_t max_db_bytes = 0;

    // 20 M requests take about 4 minutes on one core and about 5 GB of results.
    static constexpr std::uint64_t kDefaultMaxRequests = 20'000'000;
    static constexpr std::uint64_t kDefaultMaxDbBytes = std::uint64_t{4} << 30;

    // The defaults for a database at `db_path` (its folder's free space; this machine's memory).
    static RunLimits defaults(const std::string& db_path);

    // Parses --max-requests ("5000000", "5e6") and --max-db-size ("2GB", "500MiB"); an empty text
    // keeps the default. Throws common::InputError naming the option.
    void set_from_options(const std::string& max_requests, const std::string& max_db_size);
};

}  // namespace a2iot::sim
