#include "sim/run_limits.hpp"

#include <sys/statvfs.h>
#include <sys/sysinfo.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "common/input_error.hpp"
#include "common/unit_error.hpp"
#include "common/units.hpp"

namespace a2iot::sim {

RunLimits RunLimits::defaults(const std::string& db_path) {
    RunLimits l;
    l.max_requests = kDefaultMaxRequests;
    struct sysinfo si {};
    if (::sysinfo(&si) == 0) {
        const std::uint64_t avail =
            (static_cast<std::uint64_t>(si.freeram) + si.bufferram) * si.mem_unit;
        l.max_requests = std::min(l.max_requests, std::max<std::uint64_t>(avail / 512, 1000));
    }
    l.max_db_bytes = kDefaultMaxDbBytes;
    std::error_code ec;
    std::filesystem::path folder = std::filesystem::absolute(db_path, ec).parent_path();
    struct statvfs vs {};
    if (!folder.empty() && ::statvfs(folder.c_str(), &vs) == 0) {
        const std::uint64_t free_bytes = static_cast<std::uint64_t>(vs.f_bavail) * vs.f_frsize;
        l.max_db_bytes = std::min(l.max_db_bytes, free_bytes / 2);
    }
    return l;
}

void RunLimits::set_from_options(const std::string& max_requests, const std::string& max_db_size) {
    if (!max_requests.empty()) {
        double n = -1;
        try {
            n = common::parse_quantity(max_requests, common::Quantity::Count);
        } catch (const common::UnitError&) {
        }
        if (!(n >= 1) || n > 1e15 || std::floor(n) != n)
            throw common::InputError("", 0, "--max-requests", max_requests,
                                     "a whole number of requests of at least 1, such as 5e6");
        this->max_requests = static_cast<std::uint64_t>(n);
    }
    if (!max_db_size.empty()) {
        double b = -1;
        try {
            b = common::parse_quantity(max_db_size, common::Quantity::DataSize);
        } catch (const common::UnitError&) {
        }
        // SQLite needs a few pages for the schema alone.
        if (!(b >= 65536) || b > 1e15)
            throw common::InputError("", 0, "--max-db-size", max_db_size,
                                     "a data size of at least 64KiB, such as 2GB or 500MiB");
        this->max_db_bytes = static_cast<std::uint64_t>(b);
    }
}

}  // namespace a2iot::sim
