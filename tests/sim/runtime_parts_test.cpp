// The SimGrid-free parts of the runtime: arrivals, the bandwidth estimator, the ondemand rule.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "sim/bandwidth_estimator.hpp"
#include "sim/dvfs_governor.hpp"
#include "sim/workload_generator.hpp"

namespace a2iot::sim {
namespace {

scenarios::WorkloadSpec workload(scenarios::WorkloadSpec::Arrival a, double rate) {
    scenarios::WorkloadSpec w;
    w.arrival = a;
    w.rate_per_s = rate;
    return w;
}

std::vector<double> arrivals(WorkloadGenerator& g) {
    std::vector<double> out;
    for (double t = g.next_arrival_s(0); t >= 0; t = g.next_arrival_s(t)) out.push_back(t);
    return out;
}

TEST(WorkloadGenerator, PeriodicHasFixedGapAfterRandomPhase) {
    auto w = workload(scenarios::WorkloadSpec::Arrival::Periodic, 4.0);
    WorkloadGenerator g(w, 42, 3, 0, 10.0);
    auto a = arrivals(g);
    ASSERT_EQ(a.size(), 40u);
    EXPECT_GE(a[0], 0.0);
    EXPECT_LT(a[0], 0.25);
    for (std::size_t i = 1; i < a.size(); ++i) EXPECT_NEAR(a[i] - a[i - 1], 0.25, 1e-9);
    EXPECT_LT(a.back(), 10.0);
}

TEST(WorkloadGenerator, PoissonIsSeededPerDeviceAndHasTheRightMean) {
    auto w = workload(scenarios::WorkloadSpec::Arrival::Poisson, 2.0);
    WorkloadGenerator a(w, 1, 0, 0, 5000.0), b(w, 1, 0, 0, 5000.0), c(w, 1, 1, 0, 5000.0),
        d(w, 2, 0, 0, 5000.0);
    const auto ra = arrivals(a);
    EXPECT_EQ(ra, arrivals(b));  // same seed and device: same arrivals
    EXPECT_NE(ra, arrivals(c));  // another device
    EXPECT_NE(ra, arrivals(d));  // another seed
    // 10,000 expected arrivals: the count is within 4 standard deviations (sqrt(10^4) = 100).
    EXPECT_NEAR(static_cast<double>(ra.size()), 10000.0, 400.0);
    // Exponential gaps: the coefficient of variation is 1.
    double sum = 0, sum2 = 0;
    for (std::size_t i = 1; i < ra.size(); ++i) {
        const double g = ra[i] - ra[i - 1];
        sum += g;
        sum2 += g * g;
    }
    const double n = static_cast<double>(ra.size() - 1);
    const double mean = sum / n;
    const double sd = std::sqrt(sum2 / n - mean * mean);
    EXPECT_NEAR(mean, 0.5, 0.02);
    EXPECT_NEAR(sd / mean, 1.0, 0.05);
}

TEST(WorkloadGenerator, SkipsArrivalsMissedWhileOffAndHonoursStop) {
    auto w = workload(scenarios::WorkloadSpec::Arrival::Periodic, 1.0);
    w.stop_s = 6.0;
    WorkloadGenerator g(w, 9, 0, 0, 100.0);
    const double first = g.next_arrival_s(0);
    const double later = g.next_arrival_s(3.5);  // off from ~first to 3.5
    EXPECT_GE(later, 3.5);
    EXPECT_NEAR(later - first, std::ceil(3.5 - first), 1e-9);
    double last = later;
    for (double t = g.next_arrival_s(later); t >= 0; t = g.next_arrival_s(t)) last = t;
    EXPECT_LT(last, 6.0);
}

TEST(BandwidthEstimator, EwmaLagsTheTruth) {
    BandwidthEstimator e(0.5);
    EXPECT_EQ(e.estimate_bps("cam", "edge"), 0.0);
    e.seed("cam", "edge", 10e6);
    // 1 MB in 0.81 s with 10 ms of latency: 8 Mbit / 0.8 s = 10 Mbit/s.
    e.observe("cam", "edge", 1e6, 0.81, 0.01);
    EXPECT_NEAR(e.estimate_bps("cam", "edge"), 10e6, 1);
    // The link drops to 1 Mbit/s: the estimate halves the gap per transfer.
    e.observe("cam", "edge", 1e6, 8.01, 0.01);
    EXPECT_NEAR(e.estimate_bps("cam", "edge"), 5.5e6, 1);
    e.observe("cam", "edge", 1e6, 8.01, 0.01);
    EXPECT_NEAR(e.estimate_bps("cam", "edge"), 3.25e6, 1);
    // Pure-latency transfers carry no bandwidth information.
    e.observe("cam", "edge", 100, 0.01, 0.01);
    EXPECT_NEAR(e.estimate_bps("cam", "edge"), 3.25e6, 1);
    EXPECT_EQ(e.estimate_bps("cam", "cloud"), 0.0);
}

// The runtime's per-route slot is the same estimate as the keyed API, sample for sample.
TEST(BandwidthEstimator, SlotIsTheKeyedEstimate) {
    BandwidthEstimator keyed(0.3), slotted(0.3);
    keyed.seed("cam", "edge", 10e6);
    slotted.seed("cam", "edge", 10e6);
    BandwidthEstimator::Slot* s = slotted.slot("cam", "edge");
    EXPECT_EQ(slotted.slot("cam", "edge"), s);  // stable address
    EXPECT_DOUBLE_EQ(s->bps, 10e6);
    const double durations[] = {0.81, 8.01, 0.01, 2.5, 1.2};
    for (double d : durations) {
        keyed.observe("cam", "edge", 1e6, d, 0.01);
        slotted.observe(s, 1e6, d, 0.01);
        EXPECT_DOUBLE_EQ(slotted.estimate_bps("cam", "edge"), keyed.estimate_bps("cam", "edge"));
    }
    // An unseeded pair: empty until the first sample, which is then the estimate.
    BandwidthEstimator::Slot* c = slotted.slot("cam", "cloud");
    EXPECT_EQ(slotted.estimate_bps("cam", "cloud"), 0.0);
    slotted.observe(c, 1e6, 1.01, 0.01);
    EXPECT_NEAR(slotted.estimate_bps("cam", "cloud"), 8e6, 1e-6);
    slotted.seed("x", "y", 0.0);  // a known 0 is averaged, not replaced
    slotted.observe(slotted.slot("x", "y"), 1e6, 1.01, 0.01);
    EXPECT_NEAR(slotted.estimate_bps("x", "y"), 0.3 * 8e6, 1e-6);
}

TEST(DvfsGovernor, OndemandFollowsLoad) {
    devices::DeviceType t;
    t.cores = 4;
    for (double f : {2.0e9, 1.5e9, 1.0e9, 0.6e9}) {
        devices::PState p;
        p.frequency_hz = f;
        p.flops_per_s = f * 4;
        t.pstates.push_back(p);
    }
    EXPECT_EQ(DvfsGovernor::ondemand_state(t, 3, 1.0), 0);  // over 80%: fastest
    EXPECT_EQ(DvfsGovernor::ondemand_state(t, 0, 0.0), 3);  // idle: slowest
    // At 2 GHz with 50% load, 1.25 GHz keeps it under 80%: the slowest state >= 1.25 GHz.
    EXPECT_EQ(DvfsGovernor::ondemand_state(t, 0, 0.5), 1);
    // At 1 GHz with 25% load, 0.3125 GHz is enough: the slowest state.
    EXPECT_EQ(DvfsGovernor::ondemand_state(t, 2, 0.25), 3);
}

}  // namespace
}  // namespace a2iot::sim
