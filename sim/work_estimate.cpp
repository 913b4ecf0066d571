#include "sim/work_estimate.hpp"

#include <algorithm>
#include <cmath>

namespace a2iot::sim {

WorkEstimate WorkEstimate::of(const scenarios::ScenarioSpec& spec) {
    WorkEstimate e;
    const double duration = spec.duration_s;
    for (const auto& w : spec.workloads) {
        const double stop = std::min(w.stop_s.value_or(duration), duration);
        for (const auto& id : w.device_ids) {
            const auto* d = spec.find_device(id);
            const double from = std::max(w.start_s, d && d->join_at_s ? *d->join_at_s : 0.0);
            const double window = std::max(0.0, stop - from);
            // Periodic arrivals include the one at the window's start.
            e.requests += w.arrival == scenarios::WorkloadSpec::Arrival::Periodic
                              ? std::floor(window * w.rate_per_s) + 1
                              : window * w.rate_per_s;
        }
    }
    const double interval =
        spec.record.sample_interval_s > 0 ? spec.record.sample_interval_s : duration;
    e.samples = static_cast<double>(spec.devices.size()) * (std::floor(duration / interval) + 2);
    for (const auto& l : spec.links) {
        if (!l.trace) continue;
        const double points = static_cast<double>(l.trace->points.size());
        // A looping profile repeats LOOPAFTER seconds after its last point: one period is the
        // last point's time plus LOOPAFTER (a trace of points at 0 and 1 us with LOOPAFTER 0
        // loops every microsecond).
        const double period = l.trace->loop_after_s && !l.trace->points.empty()
                                  ? l.trace->points.back().t_s + *l.trace->loop_after_s
                                  : 0.0;
        if (l.trace->loop_after_s && period > 0)
            e.trace_changes += points * (std::floor(duration / period) + 1);
        else
            e.trace_changes += points;
    }
    e.db_bytes = e.requests * kBytesPerRequest + e.samples * kBytesPerSample +
                 static_cast<double>(spec.events.size() + spec.devices.size()) * kBytesPerEvent;
    return e;
}

}  // namespace a2iot::sim
