// Edgent: exit models, brute-force optimality over (exit, cut, target), and right-sizing as the
// deadline or the bandwidth shrinks.
#include <gtest/gtest.h>

#include "common/input_error.hpp"
#include "policy_test_cards.hpp"
#include "sim/policies/edgent_policy.hpp"
#include "sim/policies/exit_model.hpp"
#include "sim/policies/policy_registry.hpp"

namespace a2iot::sim {
namespace {

using namespace testcards;

models::ExitBranch branch(const std::string& name, int after, double flops, double acc) {
    models::ExitBranch b;
    b.name = name;
    b.after_node = after;
    b.flops = flops;
    b.host_latency_s = flops / kHostFlops;
    b.accuracy = acc;
    return b;
}

models::ModelCard exit_card() {
    models::ModelCard c = chain_card();
    c.variants.resize(1);
    c.variants[0].exits = {branch("exit1", 2, 3e7, 0.70), branch("exit2", 4, 1e7, 0.82)};
    return c;
}

// The exit's model built by hand for the chain: layers [0, after] and the branch.
models::Variant chain_exit_model(const models::Variant& v, int exit) {
    if (exit < 0) return v;
    const auto& b = v.exits[static_cast<std::size_t>(exit)];
    models::Variant t = v;
    t.layers.resize(static_cast<std::size_t>(b.after_node) + 1);
    t.layers.push_back(node(b.name, "exit", b.flops, v.output_bytes, {b.after_node}));
    t.exits.clear();
    return t;
}

struct Brute {
    int exit = -2;
    double latency_s = 0;
    double accuracy = -1;
};

Brute brute_edgent(const Observation& o, double deadline_s) {
    const auto& v = o.card->variants[0];
    Brute best;
    for (int e = -1; e < static_cast<int>(v.exits.size()); ++e) {
        const models::Variant t = chain_exit_model(v, e);
        const double acc = e < 0 ? *v.accuracy : v.exits[static_cast<std::size_t>(e)].accuracy;
        double lat = std::numeric_limits<double>::infinity();
        for (std::size_t k = 0; k <= t.layers.size(); ++k) {
            const models::Cut cut = models::Cut::prefix(t.layers.size(), k);
            if (k == t.layers.size()) {
                lat = std::min(lat, LatencyModel::estimate(o.device, nullptr, t, cut).latency_s);
                continue;
            }
            if (e >= 0 && k + 1 == t.layers.size()) continue;  // the branch follows its trunk node
            for (const auto& x : o.targets)
                lat = std::min(lat, LatencyModel::estimate(o.device, &x, t, cut).latency_s);
        }
        if (lat > deadline_s) continue;
        if (acc > best.accuracy || (acc == best.accuracy && lat < best.latency_s))
            best = Brute{e, lat, acc};
    }
    return best;
}

TEST(ExitModel, KeepsOnlyTheExitsAncestorsReindexed) {
    auto v = dag_variant("base", 0.9);
    v.exits = {branch("early", 6, 5e6, 0.6)};  // after b1x1, which reads pool <- stem
    ExitModel m(v, 0);
    const auto& t = m.variant();
    ASSERT_EQ(t.layers.size(), 4u);
    EXPECT_EQ(t.layers[0].name, "stem");
    EXPECT_EQ(t.layers[1].name, "pool");
    EXPECT_EQ(t.layers[2].name, "b1x1");
    EXPECT_EQ(t.layers[2].inputs, std::vector<int>{1});
    EXPECT_EQ(t.layers[3].name, "early");
    EXPECT_EQ(t.layers[3].inputs, std::vector<int>{2});
    EXPECT_DOUBLE_EQ(t.flops, 1.5e8 + 2e6 + 4e7 + 5e6);
    EXPECT_DOUBLE_EQ(m.accuracy(), 0.6);
    // Device runs stem and pool: the full cut marks them and nothing past the exit.
    models::Cut full = m.to_full_cut(models::Cut::prefix(4, 2));
    EXPECT_EQ(full.device_count(), 2u);
    EXPECT_TRUE(full.on_device[0] && full.on_device[1]);
    EXPECT_EQ(models::boundary_bytes(t, models::Cut::prefix(4, 2)), 200'000);
    EXPECT_EQ(m.from_full_cut(full), models::Cut::prefix(4, 2));
    EXPECT_EQ(m.from_full_cut(m.to_full_cut(models::Cut::all_local(4))), models::Cut::all_local(4));
    EXPECT_THROW(ExitModel(v, 1), std::out_of_range);
}

TEST(Edgent, EqualsBruteForceOverDeadlinesAndBandwidths) {
    const auto card = exit_card();
    EdgentPolicy pol(params("edgent"));
    int shallow = 0, full = 0;
    for (double bw : {1e5, 1e6, 1e7, 1e8}) {
        for (double deadline : {0.02, 0.05, 0.1, 0.2, 0.4, 0.8, 2.0}) {
            Observation o = observe(card, bw);
            o.req.deadline_s = deadline;
            Decision d = pol.decide(o);
            Brute b = brute_edgent(o, deadline);
            if (b.exit == -2) {
                EXPECT_NE(d.reason.find("no exit meets"), std::string::npos) << d.reason;
                continue;
            }
            ASSERT_FALSE(d.drop) << d.reason;
            EXPECT_EQ(d.exit, b.exit)
                << "bw " << bw << " deadline " << deadline << ": " << d.reason;
            const auto t = chain_exit_model(card.variants[0], d.exit);
            std::size_t k = d.cut.device_count();
            if (d.exit >= 0 && k + 1 == t.layers.size()) k = t.layers.size();  // branch local too
            const TargetObservation* tg = d.target.empty() ? nullptr : &o.targets[0];
            const double lat =
                LatencyModel::estimate(o.device, tg, t, models::Cut::prefix(t.layers.size(), k))
                    .latency_s;
            EXPECT_NEAR(lat, b.latency_s, 1e-12) << d.reason;
            shallow += d.exit >= 0;
            full += d.exit < 0;
        }
    }
    EXPECT_GT(shallow, 0);  // the sweep exercises both right-sizing and the full model
    EXPECT_GT(full, 0);
}

TEST(Edgent, AccuracyFallsAsTheDeadlineTightensOrTheBandwidthFalls) {
    const auto card = exit_card();
    EdgentPolicy pol(params("edgent", {{"deadline", "150ms"}}));
    auto acc = [&](const Decision& d) {
        return d.exit < 0 ? 0.91
                          : card.variants[0].exits[static_cast<std::size_t>(d.exit)].accuracy;
    };
    double previous = 1.0;
    for (double bw : {1e9, 1e8, 3e7, 1e7, 3e6, 1e6, 1e5}) {
        Decision d = pol.decide(observe(card, bw));
        ASSERT_FALSE(d.drop);
        EXPECT_LE(acc(d), previous) << bw << ": " << d.reason;
        previous = acc(d);
    }
    EXPECT_LT(previous, 0.91);
    previous = 1.0;
    for (double deadline : {2.0, 0.5, 0.2, 0.1, 0.05}) {
        Observation o = observe(card, 1e7);
        o.req.deadline_s = deadline;  // the request's deadline overrides the param
        Decision d = pol.decide(o);
        EXPECT_LE(acc(d), previous) << deadline << ": " << d.reason;
        previous = acc(d);
    }
}

TEST(Edgent, MissingTheDeadlineRunsTheFastestOrDrops) {
    const auto card = exit_card();
    Observation o = observe(card, 1e5);
    o.req.deadline_s = 1e-4;
    Decision fast = EdgentPolicy(params("edgent")).decide(o);
    EXPECT_FALSE(fast.drop);
    EXPECT_GE(fast.exit, 0);
    Decision dropped = EdgentPolicy(params("edgent", {{"on_miss", "drop"}})).decide(o);
    EXPECT_TRUE(dropped.drop);
    EXPECT_NE(dropped.reason.find("no exit meets"), std::string::npos);
    EXPECT_THROW(EdgentPolicy(params("edgent", {{"on_miss", "later"}})), common::InputError);
    EXPECT_THROW(EdgentPolicy(params("edgent", {{"deadline", "fast"}})), common::InputError);
    auto names = PolicyRegistry::names();
    EXPECT_NE(std::find(names.begin(), names.end(), "edgent"), names.end());
}

TEST(Edgent, BraceletShipsTheInput) {
    const auto card = exit_card();
    Observation o = observe(card, 1e7, bracelet());
    o.req.deadline_s = 0.3;
    Decision d = EdgentPolicy(params("edgent")).decide(o);
    ASSERT_FALSE(d.drop) << d.reason;
    EXPECT_EQ(d.cut.device_count(), 0u);
    EXPECT_EQ(d.target, "edge-0");
}

}  // namespace
}  // namespace a2iot::sim
