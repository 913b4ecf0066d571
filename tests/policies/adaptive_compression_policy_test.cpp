// Adaptive compression: brute force over (variant, cut, target) under budgets, the memory rule,
// and re-decisions as bandwidth and battery change.
#include <gtest/gtest.h>

#include <cmath>

#include "common/input_error.hpp"
#include "policy_test_cards.hpp"
#include "sim/policies/adaptive_compression_policy.hpp"
#include "sim/policies/policy_registry.hpp"

namespace a2iot::sim {
namespace {

using namespace testcards;


TEST(AdaptiveCompression, EqualsBruteForceUnderLatencyAndEnergyBudgets) {
    const auto card = chain_card();
    AdaptiveCompressionPolicy pol(params("adaptive-compression"));
    int compressed = 0;
    for (double bw : {1e5, 1e6, 1e7, 1e8}) {
        for (double deadline : {0.05, 0.1, 0.2, 0.5}) {
            for (double budget : {0.05, 0.2, 1.0}) {
                Observation o = observe(card, bw);
                o.targets.push_back(target("cloud", "cloud", bw / 2, 0.03, 1e11, 1.0));
                o.req.deadline_s = deadline;
                o.req.energy_budget_j = budget;
                Decision d = pol.decide(o);
                auto best = brute_force(
                    o, kAll,
                    [&](const models::Variant& v, const CostEstimate& e, const models::Cut&) {
                        if (e.latency_s > deadline || e.device_energy_j > budget)
                            return std::numeric_limits<double>::infinity();
                        return -*v.accuracy * 1e6 + e.latency_s;  // accuracy, then latency
                    },
                    /*prefix_only=*/true);
                if (!std::isfinite(best.score)) {
                    EXPECT_NE(d.reason.find("nothing within budgets"), std::string::npos)
                        << d.reason;
                    continue;
                }
                ASSERT_FALSE(d.drop) << d.reason;
                EXPECT_EQ(d.variant, best.variant) << d.reason;
                const CostEstimate got = cost_of(o, d);
                EXPECT_NEAR(got.latency_s, best.cost.latency_s, 1e-12) << d.reason;
                EXPECT_LE(got.latency_s, deadline);
                EXPECT_LE(got.device_energy_j, budget);
                compressed += d.variant != "base";
            }
        }
    }
    EXPECT_GT(compressed, 0);  // the budgets actually force compression somewhere
}

TEST(AdaptiveCompression, NeverRunsLocallyWhatDoesNotFit) {
    const auto card = chain_card();
    AdaptiveCompressionPolicy pol(params("adaptive-compression"));
    DeviceObservation dev = phone();
    // Fits admm-75 entirely, not the bigger variants.
    dev.free_memory_bytes = static_cast<double>(card.variant("admm-75")->memory_bytes);
    for (double bw : {1e4, 1e5, 1e6, 1e8}) {
        Decision d = pol.decide(observe(card, bw, dev));
        ASSERT_FALSE(d.drop) << d.reason;
        EXPECT_LE(LatencyModel::device_memory_bytes(*card.variant(d.variant), d.cut),
                  dev.free_memory_bytes)
            << d.reason;
    }
    // A bracelet must offload; with no target it drops.
    Observation b = observe(card, 1e6, bracelet());
    Decision off = pol.decide(b);
    ASSERT_FALSE(off.drop);
    EXPECT_EQ(off.cut.device_count(), 0u);
    b.targets.clear();
    EXPECT_TRUE(pol.decide(b).drop);
}

TEST(AdaptiveCompression, ReDecidesAsBandwidthAndBatteryChange) {
    const auto card = chain_card();
    AdaptiveCompressionPolicy pol(
        params("adaptive-compression", {{"deadline", "120ms"}, {"energy_budget", "0.4J"}}));
    Observation o = observe(card, 1e8);
    const Decision fast_net = pol.decide(o);
    o.targets[0].est_bandwidth_bps = 2e5;
    const Decision slow_net = pol.decide(o);
    EXPECT_NE(fast_net.variant + fast_net.target, slow_net.variant + slow_net.target);
    EXPECT_GE(*card.variant(fast_net.variant)->accuracy, *card.variant(slow_net.variant)->accuracy);

    // Falling battery shrinks the budget below 30%: energy per request never rises.
    double previous = std::numeric_limits<double>::infinity();
    for (double soc : {0.9, 0.3, 0.2, 0.1, 0.05}) {
        Observation ob = observe(card, 2e6);
        ob.device.battery_frac = soc;
        Decision d = pol.decide(ob);
        ASSERT_FALSE(d.drop);
        const double e = cost_of(ob, d).device_energy_j;
        EXPECT_LE(e, previous + 1e-12) << soc << ": " << d.reason;
        if (d.reason.find("nothing within") == std::string::npos) {
            EXPECT_LE(e, *pol.energy_budget_j(ob) + 1e-12) << d.reason;
        }
        previous = e;
    }
    Observation half = observe(card, 2e6);
    half.device.battery_frac = 0.15;
    EXPECT_NEAR(*pol.energy_budget_j(half), 0.2, 1e-12);
}

TEST(AdaptiveCompression, ParamsAndRegistration) {
    EXPECT_THROW(AdaptiveCompressionPolicy(params("adaptive-compression", {{"low_battery", "2"}})),
                 common::InputError);
    EXPECT_THROW(
        AdaptiveCompressionPolicy(params("adaptive-compression", {{"energy_budget", "3 parsecs"}})),
        common::InputError);
    auto names = PolicyRegistry::names();
    EXPECT_NE(std::find(names.begin(), names.end(), "adaptive-compression"), names.end());
}

}  // namespace
}  // namespace a2iot::sim
