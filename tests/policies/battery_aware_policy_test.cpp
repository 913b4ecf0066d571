// Battery-aware: each regime equals the brute force of its objective, and as the battery falls
// device energy and accuracy never rise.
#include <gtest/gtest.h>

#include "common/input_error.hpp"
#include "policy_test_cards.hpp"
#include "sim/policies/battery_aware_policy.hpp"
#include "sim/policies/policy_registry.hpp"

namespace a2iot::sim {
namespace {

using namespace testcards;


TEST(BatteryAware, EachRegimeEqualsItsBruteForce) {
    const auto card = chain_card();
    BatteryAwarePolicy pol(params("battery-aware"));
    const auto lat = [](const models::Variant&, const CostEstimate& e, const models::Cut&) {
        return e.latency_s;
    };
    const auto energy = [](const models::Variant&, const CostEstimate& e, const models::Cut&) {
        return e.device_energy_j;
    };
    for (double bw : {1e5, 1e6, 1e7, 1e8}) {
        struct Case {
            double soc;
            BatteryAwarePolicy::Regime regime;
            std::vector<std::string> variants;
            std::function<double(const models::Variant&, const CostEstimate&, const models::Cut&)>
                score;
        };
        const std::vector<Case> cases = {
            {0.8, BatteryAwarePolicy::Regime::Performance, {"base"}, lat},
            {0.3, BatteryAwarePolicy::Regime::Offload, {"base"}, energy},
            {0.1, BatteryAwarePolicy::Regime::Degrade, kAll, energy},
            {0.02, BatteryAwarePolicy::Regime::Critical, kAll, energy},
        };
        for (const auto& c : cases) {
            Observation o = observe(card, bw);
            o.device.battery_frac = c.soc;
            EXPECT_EQ(pol.regime(o), c.regime);
            Decision d = pol.decide(o);
            ASSERT_FALSE(d.drop) << d.reason;
            auto best = brute_force(o, c.variants, c.score, /*prefix_only=*/true);
            const CostEstimate got = cost_of(o, d);
            const double got_score = c.score(*card.variant(d.variant), got, d.cut);
            EXPECT_NEAR(got_score, best.score, 1e-12 + 1e-9 * best.score)
                << "bw " << bw << " soc " << c.soc << ": " << d.reason;
        }
    }
}

TEST(BatteryAware, EnergyAndAccuracyFallWithTheBattery) {
    const auto card = chain_card();
    BatteryAwarePolicy pol(params("battery-aware"));
    for (double bw : {3e5, 3e6, 3e7}) {
        double energy = std::numeric_limits<double>::infinity();
        double acc = 1.0;
        for (double soc : {1.0, 0.6, 0.45, 0.25, 0.15, 0.06, 0.04, 0.01}) {
            Observation o = observe(card, bw);
            o.device.battery_frac = soc;
            Decision d = pol.decide(o);
            ASSERT_FALSE(d.drop);
            const double e = cost_of(o, d).device_energy_j;
            EXPECT_LE(e, energy + 1e-12) << bw << " " << soc << ": " << d.reason;
            EXPECT_LE(*card.variant(d.variant)->accuracy, acc) << d.reason;
            energy = e;
            acc = *card.variant(d.variant)->accuracy;
        }
        EXPECT_LT(acc, 0.91);  // accuracy was traded somewhere on the way down
    }
}

TEST(BatteryAware, CriticalWithoutTargetDropsAndMainsIsPerformance) {
    const auto card = chain_card();
    BatteryAwarePolicy pol(params("battery-aware", {{"critical_below", "10%"}}));
    Observation o = observe(card, 1e6, bracelet());
    o.device.battery_frac = 0.08;
    o.targets.clear();
    Decision d = pol.decide(o);
    EXPECT_TRUE(d.drop);
    EXPECT_NE(d.reason.find("critical"), std::string::npos) << d.reason;
    o.device = phone();
    o.device.battery_frac.reset();
    EXPECT_EQ(pol.regime(o), BatteryAwarePolicy::Regime::Performance);
    EXPECT_FALSE(pol.decide(o).drop);  // mains powered: runs locally
    EXPECT_THROW(BatteryAwarePolicy(params("battery-aware", {{"degrade_below", "60%"}})),
                 common::InputError);
    auto names = PolicyRegistry::names();
    EXPECT_NE(std::find(names.begin(), names.end(), "battery-aware"), names.end());
}

TEST(BatteryAware, MinAccuracyBoundsTheDegradation) {
    const auto card = chain_card();
    BatteryAwarePolicy pol(params("battery-aware"));
    Observation o = observe(card, 1e6);
    o.device.battery_frac = 0.1;
    o.req.min_accuracy = 0.89;
    Decision d = pol.decide(o);
    ASSERT_FALSE(d.drop);
    EXPECT_GE(*card.variant(d.variant)->accuracy, 0.89) << d.reason;
    o.device.battery_frac = 0.01;  // critical: the requirement is waived for energy
    Decision c = pol.decide(o);
    ASSERT_FALSE(c.drop);
    EXPECT_EQ(c.variant, "admm-75") << c.reason;
}

}  // namespace
}  // namespace a2iot::sim
