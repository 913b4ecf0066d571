// DADS: the Boost.Graph min-cut must equal the exhaustive optimum over every downward-closed cut,
// on a hand-made inception-like DAG and on random DAGs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "common/input_error.hpp"
#include "policy_test_cards.hpp"
#include "sim/policies/dads_policy.hpp"
#include "sim/policies/neurosurgeon_policy.hpp"
#include "sim/policies/policy_registry.hpp"

namespace a2iot::sim {
namespace {

using namespace testcards;

double latency_of(const Observation& o, const Decision& d) {
    const auto& v = *o.card->variant(d.variant);
    const TargetObservation* t = nullptr;
    for (const auto& x : o.targets)
        if (x.id == d.target) t = &x;
    return LatencyModel::estimate(o.device, t, v, d.cut).latency_s;
}

auto by_latency = [](const models::Variant&, const CostEstimate& e, const models::Cut&) {
    return e.latency_s;
};

TEST(Dads, MinCutEqualsExhaustiveOptimumOnAnInceptionDag) {
    const auto card = dag_card();
    DadsPolicy pol(params("dads"));
    int beats_prefixes = 0;
    for (double bw : {3e4, 1e5, 3e5, 1e6, 3e6, 1e7, 3e7, 1e8, 1e9}) {
        for (double load : {0.0, 3.0}) {
            Observation o = observe(card, bw);
            o.targets[0].load = load;
            Decision d = pol.decide(o);
            ASSERT_FALSE(d.drop) << d.reason;
            EXPECT_TRUE(models::is_valid_cut(*card.variant("base"), d.cut));
            auto all = brute_force(o, {"base"}, by_latency);
            auto prefixes = brute_force(o, {"base"}, by_latency, /*prefix_only=*/true);
            EXPECT_GT(all.options, prefixes.options);
            EXPECT_NEAR(latency_of(o, d), all.score, 1e-9 * all.score)
                << "bw " << bw << " load " << load << ": " << d.reason << " vs brute "
                << models::describe(*card.variant("base"), all.cut);
            if (all.score < prefixes.score * (1 - 1e-9)) ++beats_prefixes;
        }
    }
    // The DAG has optima that no topological prefix reaches: the test would not tell min-cut
    // from a prefix scan otherwise.
    EXPECT_GT(beats_prefixes, 0);
}

models::Variant random_dag(std::mt19937& rng, int n) {
    std::uniform_real_distribution<double> flops(1e6, 3e8);
    std::uniform_int_distribution<std::int64_t> bytes(1'000, 900'000);
    std::uniform_int_distribution<int> fan(1, 3);
    models::Variant v;
    v.name = "base";
    v.accuracy = 0.9;
    v.input_bytes = bytes(rng);
    for (int i = 0; i < n; ++i) {
        std::vector<int> in;
        if (i > 0) {
            const int k = std::min(i, fan(rng));
            std::vector<int> pool(i);
            for (int j = 0; j < i; ++j) pool[j] = j;
            std::shuffle(pool.begin(), pool.end(), rng);
            in.assign(pool.begin(), pool.begin() + k);
            std::sort(in.begin(), in.end());
            if (rng() % 5 == 0) in.erase(in.begin());  // sometimes read the model input too
        }
        v.layers.push_back(node("n" + std::to_string(i), "conv", flops(rng), bytes(rng), in));
    }
    v.layers.back().inputs.clear();  // the last node joins every sink so that it is the output
    for (int i = 0; i + 1 < n; ++i) {
        bool consumed = false;
        for (const auto& x : v.layers)
            for (int p : x.inputs) consumed = consumed || p == i;
        if (!consumed) v.layers.back().inputs.push_back(i);
    }
    finish(v);
    return v;
}

TEST(Dads, MinCutEqualsExhaustiveOptimumOnRandomDags) {
    std::mt19937 rng(20261129);
    std::uniform_real_distribution<double> logbw(4, 9);
    for (int trial = 0; trial < 40; ++trial) {
        models::ModelCard card;
        card.name = "random";
        card.host_flops_per_s = kHostFlops;
        card.variants = {random_dag(rng, 6 + trial % 7)};
        Observation o = observe(card, std::pow(10.0, logbw(rng)));
        o.targets[0].load = trial % 3;
        DadsPolicy pol(params("dads"));
        Decision d = pol.decide(o);
        ASSERT_FALSE(d.drop) << d.reason;
        auto all = brute_force(o, {"base"}, by_latency);
        EXPECT_NEAR(latency_of(o, d), all.score, 1e-9 * all.score)
            << "trial " << trial << ": " << d.reason << " vs brute "
            << models::describe(card.variants[0], all.cut);
    }
}

TEST(Dads, OnAChainItAgreesWithNeurosurgeon) {
    const auto card = chain_card();
    DadsPolicy dads(params("dads"));
    NeurosurgeonPolicy ns(params("neurosurgeon"));
    for (double bw : {1e5, 1e6, 1e7, 1e8, 1e9}) {
        Observation o = observe(card, bw);
        EXPECT_NEAR(latency_of(o, dads.decide(o)), latency_of(o, ns.decide(o)), 1e-9) << bw;
    }
}

TEST(Dads, ChoosesTheBestOfSeveralTargetsAndOffloadsABracelet) {
    const auto card = dag_card();
    DadsPolicy pol(params("dads"));
    Observation o = observe(card, 2e6);
    o.targets.push_back(target("cloud", "cloud", 5e7, 0.03, 1e11));
    Decision d = pol.decide(o);
    auto all = brute_force(o, {"base"}, by_latency);
    EXPECT_EQ(d.target, all.target);
    EXPECT_NEAR(latency_of(o, d), all.score, 1e-9 * all.score);

    Decision b = pol.decide(observe(card, 2e6, bracelet()));
    ASSERT_FALSE(b.drop) << b.reason;
    EXPECT_EQ(b.cut.device_count(), 0u);
    Observation alone = observe(card, 2e6, bracelet());
    alone.targets.clear();
    EXPECT_TRUE(pol.decide(alone).drop);
}

TEST(Dads, RespectsDeviceMemory) {
    const auto card = dag_card();
    DadsPolicy pol(params("dads"));
    DeviceObservation dev = phone();
    dev.free_memory_bytes = static_cast<double>(card.variants[0].memory_bytes) - 1;
    Decision d = pol.decide(observe(card, 1e5, dev));
    ASSERT_FALSE(d.drop) << d.reason;
    EXPECT_EQ(d.cut.device_count(), 0u) << d.reason;  // at 100 kbps it would split if it fitted
    dev.free_memory_bytes += 1;
    EXPECT_GT(pol.decide(observe(card, 1e5, dev)).cut.device_count(), 0u);
    EXPECT_LE(LatencyModel::device_memory_bytes(card.variants[0], d.cut), dev.free_memory_bytes);
    auto names = PolicyRegistry::names();
    EXPECT_NE(std::find(names.begin(), names.end(), "dads"), names.end());
}

TEST(Dads, HeavyLoadModeKeepsTheThreeApproximationAndBeatsLightLoadOnTheBottleneck) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> logbw(4, 9);
    int better = 0;
    for (int trial = 0; trial < 40; ++trial) {
        models::ModelCard card;
        card.name = "random";
        card.host_flops_per_s = kHostFlops;
        card.variants = {random_dag(rng, 6 + trial % 7)};
        Observation o = observe(card, std::pow(10.0, logbw(rng)));
        o.targets[0].load = trial % 4;
        DadsPolicy heavy(params("dads", {{"mode", "heavy"}}));
        DadsPolicy light(params("dads"));
        const Decision h = heavy.decide(o);
        const Decision l = light.decide(o);
        ASSERT_FALSE(h.drop) << h.reason;
        auto bottleneck = [&](const Decision& d) {
            const TargetObservation* t = d.target.empty() ? nullptr : &o.targets[0];
            return DadsPolicy::bottleneck_s(
                LatencyModel::estimate(o.device, t, card.variants[0], d.cut));
        };
        auto opt = brute_force(
            o, {"base"}, [](const models::Variant&, const CostEstimate& e, const models::Cut&) {
                return DadsPolicy::bottleneck_s(e);
            });
        EXPECT_LE(bottleneck(h), bottleneck(l) + 1e-12) << trial;
        EXPECT_LE(bottleneck(h), 3 * opt.score + 1e-12) << trial;
        EXPECT_GE(bottleneck(h), opt.score - 1e-12) << trial;
        better += bottleneck(h) < bottleneck(l) * (1 - 1e-9);
    }
    EXPECT_GT(better, 0);  // the heavy-load search is not just the light-load cut
    EXPECT_THROW(DadsPolicy(params("dads", {{"mode", "medium"}})), common::InputError);
}

}  // namespace
}  // namespace a2iot::sim
