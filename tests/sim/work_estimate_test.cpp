// What validation expects a run to do, in closed form: the bounds (--max-requests, sample and
// trace caps) are only as good as this estimate.
#include <gtest/gtest.h>

#include "sim/work_estimate.hpp"

namespace a2iot::sim {
namespace {

scenarios::ScenarioSpec spec_with(int devices, double duration_s) {
    scenarios::ScenarioSpec s;
    s.duration_s = duration_s;
    s.record.sample_interval_s = 1.0;
    for (int i = 0; i < devices; ++i) {
        scenarios::DeviceSpec d;
        d.id = "d-" + std::to_string(i);
        s.devices.push_back(d);
    }
    return s;
}

TEST(WorkEstimate, RequestsAreRateTimesWindowTimesDevices) {
    auto s = spec_with(10, 100);
    scenarios::WorkloadSpec w;
    w.rate_per_s = 2;
    for (const auto& d : s.devices) w.device_ids.push_back(d.id);
    s.workloads.push_back(w);
    EXPECT_DOUBLE_EQ(WorkEstimate::of(s).requests, 2000);
    // A window [20 s, 60 s] and periodic arrivals (the one at the start included).
    s.workloads[0].start_s = 20;
    s.workloads[0].stop_s = 60;
    s.workloads[0].arrival = scenarios::WorkloadSpec::Arrival::Periodic;
    EXPECT_DOUBLE_EQ(WorkEstimate::of(s).requests, 10 * 81);
    // A device that joins at 50 s submits only after it.
    s.devices[0].join_at_s = 50;
    EXPECT_DOUBLE_EQ(WorkEstimate::of(s).requests, 9 * 81 + 21);
}

TEST(WorkEstimate, SamplesAndTraceLoops) {
    auto s = spec_with(4, 100);
    s.record.sample_interval_s = 0.5;
    EXPECT_DOUBLE_EQ(WorkEstimate::of(s).samples, 4 * (200 + 2));
    scenarios::LinkSpec l;
    scenarios::Trace t;
    t.points = {{0, 1e6}, {1e-6, 2e6}};
    t.loop_after_s = 0;  // loops every microsecond: 2 points per period
    l.trace = t;
    s.links.push_back(l);
    EXPECT_GT(WorkEstimate::of(s).trace_changes, WorkEstimate::kMaxTraceChanges);
    s.links[0].trace->loop_after_s = 9.999999;  // one period = 10 s
    EXPECT_DOUBLE_EQ(WorkEstimate::of(s).trace_changes, 2 * 11);
    s.links[0].trace->loop_after_s.reset();
    EXPECT_DOUBLE_EQ(WorkEstimate::of(s).trace_changes, 2);
}

}  // namespace
}  // namespace a2iot::sim
