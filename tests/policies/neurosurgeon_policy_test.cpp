// Neurosurgeon: regression predictors, brute-force optimality of the prefix scan, and the cut's
// behaviour as bandwidth and device change.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "common/input_error.hpp"
#include "policy_test_cards.hpp"
#include "sim/policies/layer_predictor.hpp"
#include "sim/policies/neurosurgeon_policy.hpp"
#include "sim/policies/policy_registry.hpp"

namespace a2iot::sim {
namespace {

using namespace testcards;

TEST(LayerPredictor, RecoversAKnownLinearModelPerKind) {
    std::vector<models::LayerNode> nodes;
    for (int i = 1; i <= 12; ++i) {
        models::LayerNode n;
        n.kind = "conv";
        n.flops = 1e7 * i * i;
        n.output_bytes = 1000 * (13 - i) + 7 * i * i * i;
        n.host_latency_s = 2e-10 * n.flops + 3e-9 * static_cast<double>(n.output_bytes) + 1e-4;
        nodes.push_back(n);
    }
    auto fit = LayerPredictor::fit_samples(nodes);
    EXPECT_EQ(fit.features, 3);
    EXPECT_NEAR(fit.coef[0], 2e-10, 1e-15);
    EXPECT_NEAR(fit.coef[1], 3e-9, 1e-13);
    EXPECT_NEAR(fit.coef[2], 1e-4, 1e-9);
    EXPECT_LT(fit.rms_error_s, 1e-9);
}

TEST(LayerPredictor, CollinearBytesFallBackToFewerFeatures) {
    std::vector<models::LayerNode> nodes;
    for (int i = 1; i <= 5; ++i) {
        models::LayerNode n;
        n.kind = "relu";
        n.flops = 1e6 * i;
        n.output_bytes = 4096;  // constant: indistinguishable from the intercept
        n.host_latency_s = 1e-9 * n.flops + 5e-5;
        nodes.push_back(n);
    }
    auto fit = LayerPredictor::fit_samples(nodes);
    EXPECT_EQ(fit.features, 2);
    EXPECT_NEAR(fit.coef[0], 1e-9, 1e-15);
    EXPECT_NEAR(fit.coef[2], 5e-5, 1e-10);
}

TEST(LayerPredictor, CardFitScalesToEffectiveFlops) {
    const auto card = chain_card();
    auto p = LayerPredictor::fit(card);
    for (const auto& n : card.variants[0].layers)
        EXPECT_NEAR(p.effective_flops(n), n.flops, 1e-6 * n.flops + 1) << n.name;
    ASSERT_NE(p.fit_for("conv"), nullptr);
    EXPECT_GT(p.fit_for("conv")->samples, 4);
}

struct NeurosurgeonTest : ::testing::TestWithParam<std::string> {};

TEST_P(NeurosurgeonTest, PrefixScanEqualsBruteForceOverBandwidths) {
    const std::string objective = GetParam();
    for (const auto& card : {chain_card(), dag_card()}) {
        NeurosurgeonPolicy pol(params("neurosurgeon", {{"objective", objective}}));
        for (double bw : {1e5, 1e6, 5e6, 2e7, 1e8, 1e9, 1e10}) {
            Observation o = observe(card, bw);
            o.targets.push_back(target("cloud", "cloud", bw / 4, 0.04, 1e11, 0.5));
            Decision d = pol.decide(o);
            ASSERT_FALSE(d.drop) << d.reason;
            const auto& v = *card.variant(d.variant);
            EXPECT_EQ(v.name, "base");  // the most accurate variant
            const TargetObservation* t = nullptr;
            for (const auto& x : o.targets)
                if (x.id == d.target) t = &x;
            const CostEstimate got = LatencyModel::estimate(o.device, t, v, d.cut);
            auto best = brute_force(
                o, {"base"},
                [&](const models::Variant&, const CostEstimate& e, const models::Cut&) {
                    return objective == "latency" ? e.latency_s : e.device_energy_j;
                },
                /*prefix_only=*/true);
            const double got_score = objective == "latency" ? got.latency_s : got.device_energy_j;
            EXPECT_NEAR(got_score, best.score, 1e-9 * best.score)
                << card.name << " bw " << bw << " got " << d.reason << " brute "
                << models::describe(v, best.cut) << " on " << best.target;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Objectives, NeurosurgeonTest, ::testing::Values("latency", "energy"));

TEST(Neurosurgeon, CutMovesTowardTheDeviceAsBandwidthFalls) {
    const auto card = chain_card();
    NeurosurgeonPolicy pol(params("neurosurgeon"));
    std::size_t previous = 0;
    std::vector<std::string> seen;
    for (double bw : {1e10, 1e9, 1e8, 3e7, 1e7, 3e6, 1e6, 1e5, 1e4}) {
        Decision d = pol.decide(observe(card, bw));
        ASSERT_FALSE(d.drop);
        const std::size_t on = d.cut.device_count();
        EXPECT_GE(on, previous) << "bw " << bw << ": " << d.reason;
        previous = on;
        seen.push_back(models::describe(*card.variant("base"), d.cut));
    }
    EXPECT_EQ(seen.front(), "remote");
    EXPECT_EQ(seen.back(), "local");
    // Somewhere in between the split is a real mid-network cut.
    EXPECT_TRUE(std::any_of(seen.begin(), seen.end(),
                            [](const std::string& s) { return s.rfind("after:", 0) == 0; }));
}

TEST(Neurosurgeon, EnergyObjectiveNeverCostsMoreEnergy) {
    const auto card = chain_card();
    NeurosurgeonPolicy lat(params("neurosurgeon"));
    NeurosurgeonPolicy en(params("neurosurgeon", {{"objective", "energy"}}));
    for (double bw : {1e5, 1e6, 1e7, 1e8}) {
        Observation o = observe(card, bw);
        const auto& v = *card.variant("base");
        Decision a = lat.decide(o);
        Decision b = en.decide(o);
        auto cost = [&](const Decision& d) {
            return LatencyModel::estimate(o.device, d.target.empty() ? nullptr : &o.targets[0], v,
                                          d.cut);
        };
        EXPECT_LE(cost(b).device_energy_j, cost(a).device_energy_j + 1e-12);
        EXPECT_LE(cost(a).latency_s, cost(b).latency_s + 1e-12);
    }
}

TEST(Neurosurgeon, BraceletOffloadsEverythingOrDrops) {
    const auto card = chain_card();
    NeurosurgeonPolicy pol(params("neurosurgeon"));
    Decision d = pol.decide(observe(card, 1e6, bracelet()));
    ASSERT_FALSE(d.drop) << d.reason;
    EXPECT_EQ(d.cut.device_count(), 0u);
    EXPECT_EQ(d.target, "edge-0");
    Observation alone = observe(card, 1e6, bracelet());
    alone.targets[0].reachable = false;
    Decision none = pol.decide(alone);
    EXPECT_TRUE(none.drop);
    EXPECT_NE(none.reason.find("no feasible split"), std::string::npos) << none.reason;
}

TEST(Neurosurgeon, AVariantThatDoesNotFitIsNeverRunOnTheDevice) {
    const auto card = chain_card();
    NeurosurgeonPolicy pol(params("neurosurgeon"));
    DeviceObservation d = phone();
    d.free_memory_bytes = static_cast<double>(card.variant("base")->memory_bytes) - 1;
    // The bandwidth is so low that all-local would win if it fitted.
    Decision dec = pol.decide(observe(card, 1e4, d));
    ASSERT_FALSE(dec.drop);
    EXPECT_EQ(dec.cut.device_count(), 0u) << dec.reason;
    d.free_memory_bytes += 1;
    EXPECT_EQ(pol.decide(observe(card, 1e4, d)).cut.device_count(),
              card.variant("base")->layers.size());
}

TEST(Neurosurgeon, RegisteredAndValidatesParams) {
    auto names = PolicyRegistry::names();
    EXPECT_NE(std::find(names.begin(), names.end(), "neurosurgeon"), names.end());
    EXPECT_THROW(PolicyRegistry::create(params("neurosurgeon", {{"objective", "speed"}})),
                 common::InputError);
    auto p = PolicyRegistry::create(params("neurosurgeon", {{"variant", "l1-50"}}));
    const auto card = chain_card();
    EXPECT_EQ(p->decide(observe(card, 1e7)).variant, "l1-50");
}

// A card file in the models engineer's JSON format whose latencies follow a known per-kind model
// with intercepts, so that effective FLOPs differ from raw FLOPs (conv: 1.3 ns-equivalents per
// FLOP plus 20 us).
models::ModelCard tinychain() {
    return models::ModelCard::load(std::string(A2IOT_SOURCE_DIR) +
                                   "/tests/data/cards/tinychain.json");
}

TEST(LayerPredictor, FitsTheHandMadeCardFile) {
    const auto card = tinychain();
    auto p = LayerPredictor::fit(card);
    const auto* conv = p.fit_for("conv");
    ASSERT_NE(conv, nullptr);
    EXPECT_EQ(conv->samples, 4);
    EXPECT_NEAR(conv->coef[0], 1.3e-10, 1e-15);
    EXPECT_NEAR(conv->coef[2], 2e-5, 1e-10);
    const auto* linear = p.fit_for("linear");
    ASSERT_NE(linear, nullptr);
    EXPECT_NEAR(linear->coef[0], 0.9e-10, 1e-15);
    EXPECT_NEAR(linear->coef[2], 5e-6, 1e-11);
    const auto& conv1 = card.variants[0].layers[0];
    EXPECT_NEAR(p.effective_flops(conv1), conv1.host_latency_s * card.host_flops_per_s, 1.0);
    EXPECT_GT(p.effective_flops(conv1), 1.4 * conv1.flops);  // the 20 us overhead counts
}

TEST(Neurosurgeon, UsesPredictedNotRawFlopsOnTheCardFile) {
    const auto card = tinychain();
    auto p = LayerPredictor::fit(card);
    // The same card with every layer's FLOPs replaced by its prediction: the brute force on it
    // is what Neurosurgeon must find on the real card.
    models::ModelCard eff = card;
    for (auto& v : eff.variants)
        for (auto& n : v.layers) n.flops = p.effective_flops(n);
    NeurosurgeonPolicy pol(params("neurosurgeon"));
    DeviceObservation slow = phone();
    slow.speed_flops_per_s = 2e8;
    int differs = 0;
    for (double bw : {1e4, 1e5, 3e5, 1e6, 1e7, 1e8}) {
        Observation o = observe(card, bw, slow);
        Decision d = pol.decide(o);
        ASSERT_FALSE(d.drop);
        Observation oe = observe(eff, bw, slow);
        auto best = brute_force(
            oe, {"base"},
            [](const models::Variant&, const CostEstimate& e, const models::Cut&) {
                return e.latency_s;
            },
            true);
        const auto& ev = *eff.variant("base");
        const CostEstimate got = LatencyModel::estimate(
            oe.device, d.target.empty() ? nullptr : &oe.targets[0], ev, d.cut);
        EXPECT_NEAR(got.latency_s, best.score, 1e-12) << bw << ": " << d.reason;
        auto raw = brute_force(
            o, {"base"},
            [](const models::Variant&, const CostEstimate& e, const models::Cut&) {
                return e.latency_s;
            },
            true);
        differs += std::abs(raw.score - best.score) > 1e-6;
    }
    EXPECT_GT(differs, 0);  // the prediction changes the estimates, not only the labels
}

TEST(Neurosurgeon, FlopsPredictorPricesRawFlops) {
    const auto card = tinychain();
    NeurosurgeonPolicy pol(params("neurosurgeon", {{"predictor", "flops"}}));
    DeviceObservation slow = phone();
    slow.speed_flops_per_s = 2e8;
    for (double bw : {1e4, 1e5, 1e6, 1e8}) {
        Observation o = observe(card, bw, slow);
        Decision d = pol.decide(o);
        auto raw = brute_force(
            o, {"base"},
            [](const models::Variant&, const CostEstimate& e, const models::Cut&) {
                return e.latency_s;
            },
            true);
        const CostEstimate got = LatencyModel::estimate(
            o.device, d.target.empty() ? nullptr : &o.targets[0], *card.variant("base"), d.cut);
        EXPECT_NEAR(got.latency_s, raw.score, 1e-12) << bw << ": " << d.reason;
    }
    EXPECT_THROW(NeurosurgeonPolicy(params("neurosurgeon", {{"predictor", "oracle"}})),
                 common::InputError);
}

}  // namespace
}  // namespace a2iot::sim
