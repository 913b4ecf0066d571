// Least-loaded (EFT): the earliest finish over the device and every edge equals the brute force,
// and load moves requests between edges.
#include <gtest/gtest.h>

#include <set>

#include "common/input_error.hpp"
#include "policy_test_cards.hpp"
#include "sim/policies/least_loaded_policy.hpp"
#include "sim/policies/policy_registry.hpp"

namespace a2iot::sim {
namespace {

using namespace testcards;

Observation three_edges(const models::ModelCard& card, double la, double lb, double lc) {
    Observation o = observe(card, 1e7);
    o.targets = {target("edge-a", "edge", 2e7, 0.004, 3e10, la),
                 target("edge-b", "edge", 1e7, 0.006, 2e10, lb),
                 target("edge-c", "edge", 5e7, 0.010, 1e10, lc)};
    return o;
}

TEST(LeastLoaded, EarliestFinishEqualsBruteForce) {
    const auto card = chain_card();
    LeastLoadedPolicy pol(params("least-loaded"));
    const auto& v = *card.variant("base");
    const std::size_t n = v.layers.size();
    std::set<std::string> chosen;
    for (double la : {0.0, 1.0, 4.0, 20.0})
        for (double lb : {0.0, 2.0, 9.0})
            for (double lc : {0.0, 5.0}) {
                Observation o = three_edges(card, la, lb, lc);
                Decision d = pol.decide(o);
                ASSERT_FALSE(d.drop);
                double best =
                    LatencyModel::estimate(o.device, nullptr, v, models::Cut::all_local(n))
                        .latency_s;
                std::string where = "";
                for (const auto& t : o.targets) {
                    const double l =
                        LatencyModel::estimate(o.device, &t, v, models::Cut::all_remote(n))
                            .latency_s;
                    if (l < best) {
                        best = l;
                        where = t.id;
                    }
                }
                EXPECT_EQ(d.target, where) << la << " " << lb << " " << lc << ": " << d.reason;
                EXPECT_TRUE(d.cut.device_count() == 0 || d.cut.device_count() == n);
                chosen.insert(d.target);
            }
    EXPECT_GE(chosen.size(), 3u);  // the loads really move requests around
}

TEST(LeastLoaded, LoadOnTheBestEdgeMovesRequestsAway) {
    const auto card = chain_card();
    LeastLoadedPolicy pol(params("least-loaded"));
    // Idle, edge-c's fast link wins; loaded, it loses to the next best.
    EXPECT_EQ(pol.decide(three_edges(card, 0, 0, 0)).target, "edge-c");
    const std::string next = pol.decide(three_edges(card, 0, 0, 50)).target;
    EXPECT_NE(next, "edge-c");
    EXPECT_FALSE(next.empty());
    // Everything swamped: the device runs it itself; without local, the fastest CPU (edge-a)
    // because queueing now dominates the transfer.
    EXPECT_EQ(pol.decide(three_edges(card, 500, 500, 500)).target, "");
    LeastLoadedPolicy remote_only(params("least-loaded", {{"include_local", "false"}}));
    EXPECT_EQ(remote_only.decide(three_edges(card, 500, 500, 500)).target, "edge-a");
    EXPECT_THROW(LeastLoadedPolicy(params("least-loaded", {{"include_local", "maybe"}})),
                 common::InputError);
}

TEST(LeastLoaded, BraceletOffloadsOrDrops) {
    const auto card = chain_card();
    LeastLoadedPolicy pol(params("least-loaded"));
    Observation o = three_edges(card, 3, 0, 1);
    o.device = bracelet();
    Decision d = pol.decide(o);
    ASSERT_FALSE(d.drop);
    EXPECT_FALSE(d.target.empty());
    for (auto& t : o.targets) t.reachable = false;
    EXPECT_TRUE(pol.decide(o).drop);
    auto names = PolicyRegistry::names();
    EXPECT_NE(std::find(names.begin(), names.end(), "least-loaded"), names.end());
}

}  // namespace
}  // namespace a2iot::sim
