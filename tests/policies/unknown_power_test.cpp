// When the catalog lacks a power figure the device uses (most often its radio), energy estimates
// rest on 0 W stand-ins. Energy objectives and budgets must then not steer the decision: each
// energy-driven policy decides exactly as by latency, and its reason says why.
#include <gtest/gtest.h>

#include "policy_test_cards.hpp"
#include "sim/policies/policy_registry.hpp"

namespace a2iot::sim {
namespace {

using testcards::chain_card;
using testcards::observe;
using testcards::params;

struct Case {
    std::string policy;
    std::map<std::string, std::string> energy_params;
    std::map<std::string, std::string> latency_params;
    double battery;
};

TEST(UnknownPower, EnergyObjectivesFallBackToLatencyAndSaySo) {
    const auto card = chain_card();
    const std::vector<Case> cases = {
        {"neurosurgeon", {{"objective", "energy"}}, {{"objective", "latency"}}, 0.8},
        {"x-admm", {{"objective", "energy"}}, {{"objective", "latency"}}, 0.8},
        // The offload regime minimises energy; performance (above offload_below) latency.
        {"battery-aware",
         {},
         {{"offload_below", "1%"}, {"degrade_below", "0.5%"}, {"critical_below", "0.1%"}},
         0.3},
    };
    int differed_when_known = 0;
    for (const auto& c : cases) {
        for (double bw : {2e5, 1e6, 5e6, 2e7, 1e8}) {
            Observation o = observe(card, bw);
            o.device.battery_frac = c.battery;
            // The radio figure is missing: the model sees 0 W for it.
            o.device.radio_tx_w = 0;
            o.device.radio_rx_w = 0;
            auto by_energy = PolicyRegistry::create(params(c.policy, c.energy_params));
            auto by_latency = PolicyRegistry::create(params(c.policy, c.latency_params));
            const Decision known = by_energy->decide(o);  // power_known: energy really drives
            const Decision lat = by_latency->decide(o);
            differed_when_known += known.cut.on_device != lat.cut.on_device ||
                                   known.variant != lat.variant || known.target != lat.target;
            o.device.power_known = false;
            const Decision unknown = by_energy->decide(o);
            ASSERT_FALSE(unknown.drop) << c.policy;
            EXPECT_EQ(unknown.variant, lat.variant) << c.policy << " at " << bw;
            EXPECT_EQ(unknown.cut.on_device, lat.cut.on_device) << c.policy << " at " << bw;
            EXPECT_EQ(unknown.target, lat.target) << c.policy << " at " << bw;
            EXPECT_NE(unknown.reason.find("unknown"), std::string::npos) << unknown.reason;
        }
    }
    // With 0 W radios the energy optimum is "send everything" far more often than the latency
    // optimum: the fallback is visible, not a no-op.
    EXPECT_GT(differed_when_known, 0);
}

TEST(UnknownPower, AdaptiveCompressionIgnoresTheEnergyBudget) {
    const auto card = chain_card();
    auto pol = PolicyRegistry::create(params("adaptive-compression", {{"energy_budget", "0.000001J"}}));
    Observation o = observe(card, 1e7);
    const Decision tight = pol->decide(o);  // nothing meets 1 uJ: fastest, "nothing within"
    EXPECT_NE(tight.reason.find("nothing within budgets"), std::string::npos) << tight.reason;
    o.device.power_known = false;
    const Decision d = pol->decide(o);
    EXPECT_NE(d.reason.find("energy budget ignored"), std::string::npos) << d.reason;
    auto free = PolicyRegistry::create(params("adaptive-compression"));
    const Decision ref = free->decide(o);
    EXPECT_EQ(d.variant, ref.variant);
    EXPECT_EQ(d.cut.on_device, ref.cut.on_device);
}

}  // namespace
}  // namespace a2iot::sim
