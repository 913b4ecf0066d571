// DeepThings: the fused tile geometry against pixel-level brute force, the schedule estimate
// against its closed form, and the policy's grid x assignment choice against exhaustive search.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "common/input_error.hpp"
#include "policy_test_cards.hpp"
#include "sim/policies/deepthings_policy.hpp"
#include "sim/policies/fused_tile_plan.hpp"
#include "sim/policies/policy_registry.hpp"

namespace a2iot::sim {
namespace {

using testcards::node;
using testcards::params;

// 1x16x16 input -> conv 3/1/1 (4x16x16) -> pool 2/2/0 (4x8x8) -> conv 3/2/1 (8x4x4) -> fc.
// FLOPs are large round numbers so that simulated times are seconds.
models::ModelCard tile_card() {
    models::ModelCard c;
    c.name = "tiles";
    c.input_shape = {1, 16, 16};
    models::Variant v;
    v.name = "base";
    v.accuracy = 0.9;
    v.input_bytes = 16 * 16 * 4;
    v.layers = {node("conv1", "conv", 4e9, 4 * 16 * 16 * 4, {}),
                node("pool1", "pool", 0, 4 * 8 * 8 * 4, {0}),
                node("conv2", "conv", 2e9, 8 * 4 * 4 * 4, {1}), node("fc", "linear", 1e9, 40, {2})};
    v.layers[0].output_shape = {4, 16, 16};
    v.layers[0].window = {3, 1, 1};
    v.layers[1].output_shape = {4, 8, 8};
    v.layers[1].window = {2, 2, 0};
    v.layers[2].output_shape = {8, 4, 4};
    v.layers[2].window = {3, 2, 1};
    testcards::finish(v);
    c.variants.push_back(v);
    return c;
}

// Brute force: the set of rows (or columns) each layer needs, pixel by pixel.
std::set<std::int64_t> needed(const std::set<std::int64_t>& out, const models::LayerNode::Window& w,
                              std::int64_t in_size) {
    std::set<std::int64_t> in;
    for (auto o : out)
        for (std::int64_t k = 0; k < w.kernel; ++k) {
            const std::int64_t i = o * w.stride - w.padding + k;
            if (i >= 0 && i < in_size) in.insert(i);
        }
    return in;
}

TEST(FusedTilePlan, TilesMatchPixelLevelBruteForce) {
    const auto card = tile_card();
    const auto& v = card.variants[0];
    ASSERT_EQ(FusedTilePlan::max_fusable(v, card.input_shape), 3);
    for (auto [rows, cols] : std::vector<std::pair<int, int>>{{1, 1}, {2, 2}, {3, 2}, {4, 4}}) {
        const FusedTilePlan plan(v, card.input_shape, 3, rows, cols);
        ASSERT_EQ(plan.tiles().size(), static_cast<std::size_t>(rows * cols));
        for (const auto& t : plan.tiles()) {
            std::set<std::int64_t> ys, xs;
            for (auto y = 4 * t.row / rows; y < 4 * (t.row + 1) / rows; ++y) ys.insert(y);
            for (auto x = 4 * t.col / cols; x < 4 * (t.col + 1) / cols; ++x) xs.insert(x);
            const double out_px = static_cast<double>(ys.size() * xs.size());
            EXPECT_EQ(t.output_bytes, static_cast<std::int64_t>(8 * out_px * 4));
            double flops = 0;
            for (int i = 2; i >= 0; --i) {
                const auto& l = v.layers[static_cast<std::size_t>(i)];
                flops += l.flops * static_cast<double>(ys.size() * xs.size()) /
                         static_cast<double>(l.output_shape[1] * l.output_shape[2]);
                const std::int64_t in_size = i == 0 ? 16 : v.layers[i - 1].output_shape[1];
                ys = needed(ys, l.window, in_size);
                xs = needed(xs, l.window, in_size);
            }
            EXPECT_DOUBLE_EQ(t.flops, flops)
                << rows << "x" << cols << " tile " << t.row << "," << t.col;
            EXPECT_EQ(t.input_bytes, static_cast<std::int64_t>(ys.size() * xs.size() * 4));
        }
        // Halos are recomputed: never less work than the untiled prefix, equal for one tile.
        if (rows * cols == 1) {
            EXPECT_DOUBLE_EQ(plan.tiled_flops(), plan.fused_flops());
            EXPECT_EQ(plan.tiles()[0].input_bytes, v.input_bytes);
        } else {
            EXPECT_GT(plan.tiled_flops(), plan.fused_flops());
        }
        EXPECT_EQ(plan.gathered_bytes(), 8 * 4 * 4 * 4);
    }
    EXPECT_THROW(FusedTilePlan(v, card.input_shape, 4, 1, 1), std::invalid_argument);  // fc
    EXPECT_THROW(FusedTilePlan(v, card.input_shape, 3, 5, 1), std::invalid_argument);  // 4 rows
}

TEST(FusedTilePlan, StopsAtSkipEdgesAndMissingGeometry) {
    auto card = tile_card();
    auto& v = card.variants[0];
    v.layers[3].inputs = {0, 2};  // fc also reads conv1: the prefix ends at conv1
    EXPECT_EQ(FusedTilePlan::max_fusable(v, card.input_shape), 1);
    v.layers[3].inputs = {2};
    v.layers[1].window.kernel = 0;  // a node that is not a sliding window
    EXPECT_EQ(FusedTilePlan::max_fusable(v, card.input_shape), 1);
    EXPECT_EQ(FusedTilePlan::max_fusable(v, {16, 16}), 0);  // no C x H x W input
}

Observation tile_obs(const models::ModelCard& card, int helpers, double bw_bps) {
    Observation o;
    o.card = &card;
    o.device.id = "gw";
    o.device.speed_flops_per_s = 1e9;
    o.device.cores = 1;
    o.device.free_memory_bytes = 1e9;
    for (int i = 0; i < helpers; ++i) {
        TargetObservation t;
        t.id = "helper-" + std::to_string(i);
        t.role = "terminal";
        t.est_bandwidth_bps = bw_bps;
        t.latency_s = 0.002;
        t.speed_flops_per_s = 2e9;
        t.cores = 1;
        t.free_memory_bytes = 1e9;
        o.targets.push_back(t);
    }
    TargetObservation edge;  // a server: not a tile worker unless role says so
    edge.id = "edge";
    edge.role = "edge";
    edge.est_bandwidth_bps = bw_bps;
    edge.speed_flops_per_s = 1e12;
    edge.cores = 8;
    edge.free_memory_bytes = 1e10;
    o.targets.push_back(edge);
    return o;
}

TEST(DeepThings, ScheduleEstimateClosedForm) {
    const auto card = tile_card();
    const auto obs = tile_obs(card, 2, 8e6);  // 1 byte per microsecond
    const auto ws = DeepThingsPolicy::workers(obs, "terminal", true);
    ASSERT_EQ(ws.size(), 3u);  // device, helper-0, helper-1 (not the edge)
    const FusedTilePlan plan(card.variants[0], card.input_shape, 3, 2, 1);
    const auto& t0 = plan.tiles()[0];
    const auto& t1 = plan.tiles()[1];
    // Tile 0 on helper-0, tile 1 on helper-1: crops leave one after the other on one radio.
    const double tile0 =
        t0.input_bytes * 1e-6 + 0.002 + t0.flops / 2e9 + 0.002 + t0.output_bytes * 1e-6;
    const double tile1 = (t0.input_bytes + t1.input_bytes) * 1e-6 + 0.002 + t1.flops / 2e9 + 0.002 +
                         t1.output_bytes * 1e-6;
    EXPECT_NEAR(DeepThingsPolicy::makespan_s(plan, ws, {1, 2}), std::max(tile0, tile1), 1e-12);
    // Both on the single-core device: one after the other, no transfers.
    EXPECT_NEAR(DeepThingsPolicy::makespan_s(plan, ws, {0, 0}), (t0.flops + t1.flops) / 1e9, 1e-12);
}

TEST(DeepThings, ChoiceEqualsExhaustiveSearchOverGridsAndAssignments) {
    const auto card = tile_card();
    for (int helpers : {1, 2, 3}) {
        for (double bw : {1e5, 8e6, 1e9}) {
            const auto obs = tile_obs(card, helpers, bw);
            auto policy = PolicyRegistry::create(params("deepthings"));
            const Decision d = policy->decide(obs);
            ASSERT_FALSE(d.drop) << d.reason;
            // Brute force with the same estimate: every grid, every assignment (small enough).
            const auto ws = DeepThingsPolicy::workers(obs, "terminal", true);
            double best_s = 7e9 / 1e9;  // all local
            // fused_layers=auto tries the stage ends: after pool1 (stride 2) and conv2 (the end).
            for (int fused : {2, 3}) {
                const std::int64_t map = fused == 2 ? 8 : 4;
                for (auto [r, c] : DeepThingsPolicy::auto_grids()) {
                    if (r > map || c > map) continue;
                    const FusedTilePlan plan(card.variants[0], card.input_shape, fused, r, c);
                    const std::size_t n = plan.tiles().size();
                    if (std::pow(static_cast<double>(ws.size()), static_cast<double>(n)) > 256)
                        continue;  // the policy goes greedy there; checked below
                    const double rest = (7e9 - plan.fused_flops()) / 1e9;
                    std::vector<int> a(n, 0);
                    while (true) {
                        best_s = std::min(best_s, DeepThingsPolicy::makespan_s(plan, ws, a) + rest);
                        std::size_t k = 0;
                        while (k < n && ++a[k] == static_cast<int>(ws.size())) a[k++] = 0;
                        if (k == n) break;
                    }
                }
            }
            if (d.tiles.empty()) {
                EXPECT_NEAR(best_s, 7.0, 1e-12) << helpers << " helpers, " << bw << " bps";
                continue;
            }
            // The chosen decision's estimate: rebuild its plan from the tiles.
            double chosen_s = std::numeric_limits<double>::infinity();
            for (auto [r, c] : DeepThingsPolicy::auto_grids()) {
                if (r * c != static_cast<int>(d.tiles.size())) continue;
                const FusedTilePlan plan(card.variants[0], card.input_shape, d.fused_layers, r, c);
                std::vector<int> a;
                bool same = true;
                for (std::size_t i = 0; i < d.tiles.size(); ++i) {
                    same = same && d.tiles[i].flops == plan.tiles()[i].flops;
                    int w = 0;
                    for (std::size_t k = 0; k < ws.size(); ++k)
                        if ((ws[k].target ? ws[k].target->id : std::string{}) == d.tiles[i].target)
                            w = static_cast<int>(k);
                    a.push_back(w);
                }
                if (same)
                    chosen_s = std::min(chosen_s, DeepThingsPolicy::makespan_s(plan, ws, a) +
                                                      (7e9 - plan.fused_flops()) / 1e9);
            }
            // Greedy grids can only do better than the exhaustive ones the brute force covers.
            EXPECT_LE(chosen_s, best_s + 1e-12) << helpers << " helpers, " << bw << " bps";
            EXPECT_TRUE(d.fused_layers == 2 || d.fused_layers == 3) << d.fused_layers;
            EXPECT_EQ(d.cut.device_count(), card.variants[0].layers.size());
            for (const auto& t : d.tiles) EXPECT_NE(t.target, "edge");
        }
    }
}

TEST(DeepThings, SlowLinksKeepItLocalAndFastOnesSpreadTheTiles) {
    const auto card = tile_card();
    auto policy = PolicyRegistry::create(params("deepthings"));
    EXPECT_TRUE(
        policy->decide(tile_obs(card, 3, 10)).tiles.empty());  // 10 bit/s: crops take minutes
    const Decision d = policy->decide(tile_obs(card, 3, 1e9));
    ASSERT_FALSE(d.tiles.empty()) << d.reason;
    std::set<std::string> used;
    for (const auto& t : d.tiles) used.insert(t.target);
    EXPECT_GE(used.size(), 3u) << d.reason;  // helpers at 2x the device speed all get work
}

TEST(DeepThings, ParamsAreChecked) {
    EXPECT_THROW(PolicyRegistry::create(params("deepthings", {{"grid", "3by3"}})),
                 common::InputError);
    EXPECT_THROW(PolicyRegistry::create(params("deepthings", {{"role", "phone"}})),
                 common::InputError);
    EXPECT_THROW(PolicyRegistry::create(params("deepthings", {{"fused_layers", "-1"}})),
                 common::InputError);
    auto p = PolicyRegistry::create(params("deepthings", {{"grid", "2x2"}, {"fused_layers", "1"}}));
    const auto card = tile_card();
    // Helpers twice the device's speed on a fast link: conv1 alone is worth tiling.
    const Decision d = p->decide(tile_obs(card, 3, 1e9));
    ASSERT_FALSE(d.tiles.empty()) << d.reason;
    EXPECT_EQ(d.tiles.size(), 4u);
    EXPECT_EQ(d.fused_layers, 1);
}

}  // namespace
}  // namespace a2iot::sim
