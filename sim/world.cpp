#include "sim/world.hpp"

#include <algorithm>
#include <limits>
#include <simgrid/s4u/Host.hpp>

namespace a2iot::sim {

double DeviceRuntime::core_speed(int state) const {
    if (state < 0 || static_cast<std::size_t>(state) >= type->pstates.size()) return 0.0;
    const auto& f = type->pstates[static_cast<std::size_t>(state)].flops_per_s;
    return f && *f > 0 ? *f / std::max(1, type->cores) : 0.0;
}

double DeviceRuntime::free_memory_bytes() const {
    return std::max(0.0, type->memory_bytes - resident_bytes);
}

double Route::latency_s() const {
    double s = 0;
    for (const auto* l : links) s += l->latency_s;
    return s;
}

double Route::bottleneck_bps() const {
    double b = std::numeric_limits<double>::infinity();
    for (const auto* l : links) b = std::min(b, l->bandwidth_bps);
    return links.empty() ? 0.0 : b;
}

bool Route::up() const {
    return std::all_of(links.begin(), links.end(), [](const LinkRuntime* l) { return l->up; }) &&
           !down_relay();
}

const DeviceRuntime* Route::down_relay() const {
    for (const DeviceRuntime* r : relays)
        if (r->state != "on") return r;
    return nullptr;
}

const Route* World::route(const std::string& from, const std::string& to) const {
    auto it = routes.find(from);
    if (it == routes.end()) return nullptr;
    auto jt = it->second.find(to);
    return jt == it->second.end() ? nullptr : &jt->second;
}

}  // namespace a2iot::sim
