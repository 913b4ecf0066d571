// The shared cost model against hand-computed closed forms.
#include <gtest/gtest.h>

#include "policy_test_cards.hpp"
#include "sim/policies/latency_model.hpp"
#include "sim/policies/prefix_table.hpp"

namespace a2iot::sim {
namespace {

using namespace testcards;

TEST(LatencyModel, ClosedFormSplit) {
    DeviceObservation d = phone();
    TargetObservation t = target("edge", "edge", 8e6, 0.01, 1e10, 1.0);
    WorkSplit w{4e8, 2e9, 100'000, 1'000};
    CostEstimate e = LatencyModel::estimate(d, &t, w);
    ASSERT_TRUE(e.feasible);
    EXPECT_DOUBLE_EQ(e.device_compute_s, 0.2);             // 4e8 / 2e9
    EXPECT_DOUBLE_EQ(e.upload_s, 0.01 + 0.1);              // 1e5 B * 8 / 8e6
    EXPECT_DOUBLE_EQ(e.remote_compute_s, 2e9 / 1e10 * 2);  // load 1 doubles service time
    EXPECT_DOUBLE_EQ(e.download_s, 0.01 + 0.001);
    EXPECT_DOUBLE_EQ(e.latency_s, 0.2 + 0.11 + 0.4 + 0.011);
    // idle floor throughout, one of 8 cores busy for 0.2 s, tx for 0.1 s, rx for 1 ms
    EXPECT_NEAR(e.device_energy_j,
                0.4 * e.latency_s + (3.0 - 0.4) / 8 * 0.2 + 1.2 * 0.1 + 0.9 * 0.001, 1e-12);
}

TEST(LatencyModel, LocalNeedsNoTargetAndRemoteNeedsOne) {
    CostEstimate local = LatencyModel::estimate(phone(), nullptr, WorkSplit{1e9, 0, 0, 0});
    EXPECT_TRUE(local.feasible);
    EXPECT_DOUBLE_EQ(local.latency_s, 0.5);
    EXPECT_DOUBLE_EQ(local.device_energy_j, 0.4 * 0.5 + (3.0 - 0.4) / 8 * 0.5);
    DeviceObservation one_core = phone();
    one_core.cores = 1;  // then it is simply busy power times compute time
    EXPECT_DOUBLE_EQ(
        LatencyModel::estimate(one_core, nullptr, WorkSplit{1e9, 0, 0, 0}).device_energy_j, 1.5);
    EXPECT_FALSE(LatencyModel::estimate(phone(), nullptr, WorkSplit{0, 1e9, 10, 10}).feasible);
    TargetObservation down = target("e", "edge", 1e6, 0.01, 1e10);
    down.reachable = false;
    EXPECT_FALSE(LatencyModel::estimate(phone(), &down, WorkSplit{0, 1e9, 10, 10}).feasible);
    // A bracelet cannot compute any layer, but can ship its input.
    EXPECT_FALSE(LatencyModel::estimate(bracelet(), nullptr, WorkSplit{1e6, 0, 0, 0}).feasible);
    TargetObservation t = target("e", "edge", 1e6, 0.01, 1e10);
    EXPECT_TRUE(LatencyModel::estimate(bracelet(), &t, WorkSplit{0, 1e9, 10, 10}).feasible);
}

TEST(LatencyModel, PrefixTableMatchesCutFunctionsOnEveryPrefix) {
    for (const auto& v : {chain_variant("base", 1.0, 0.9), dag_variant("base", 0.9)}) {
        PrefixTable table(v);
        ASSERT_EQ(table.size(), v.layers.size() + 1);
        for (std::size_t k = 0; k < table.size(); ++k) {
            const models::Cut cut = models::Cut::prefix(v.layers.size(), k);
            const WorkSplit w = LatencyModel::split(v, cut);
            EXPECT_NEAR(table.at(k).device_flops, w.device_flops, 1e-6) << k;
            EXPECT_NEAR(table.at(k).remote_flops, w.remote_flops, 1e-6) << k;
            EXPECT_EQ(table.at(k).upload_bytes, w.upload_bytes) << k;
            EXPECT_EQ(table.at(k).result_bytes, w.result_bytes) << k;
        }
        EXPECT_FALSE(table.at(v.layers.size()).uses_remote());
        EXPECT_DOUBLE_EQ(table.at(0).upload_bytes, static_cast<double>(v.input_bytes));
    }
}

TEST(LatencyModel, DeviceNeedsTheWholeFootprintOnceItComputes) {
    const auto v = chain_variant("base", 1.0, 0.9);
    PrefixTable table(v);
    EXPECT_EQ(table.device_memory_bytes(0), 0.0);
    for (std::size_t k = 1; k < table.size(); ++k)
        EXPECT_EQ(table.device_memory_bytes(k), static_cast<double>(v.memory_bytes)) << k;
}

}  // namespace
}  // namespace a2iot::sim
