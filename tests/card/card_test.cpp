#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "models/card.hpp"
#include "models/cut.hpp"

namespace a2iot::models {
namespace {

LayerNode node(const std::string& name, std::int64_t out_bytes, double flops,
               std::vector<int> inputs) {
    LayerNode n;
    n.name = name;
    n.kind = "conv";
    n.flops = flops;
    n.params = 10;
    n.output_bytes = out_bytes;
    n.host_latency_s = 1e-4;
    n.inputs = std::move(inputs);
    return n;
}

Variant chain(int n) {
    Variant v;
    v.name = "base";
    v.input_bytes = 1000;
    for (int i = 0; i < n; ++i)
        v.layers.push_back(node(std::string("n").append(std::to_string(i)), 100 * (i + 1), 1e6 * (i + 1),
                                i == 0 ? std::vector<int>{} : std::vector<int>{i - 1}));
    v.output_bytes = v.layers.back().output_bytes;
    return v;
}

// stem -> {a, b} -> join -> head: the smallest DAG with a branch (a residual block shape).
Variant diamond() {
    Variant v;
    v.name = "base";
    v.input_bytes = 1000;
    v.layers = {node("stem", 400, 1, {}), node("a", 300, 2, {0}), node("b", 200, 3, {0}),
                node("join", 100, 4, {1, 2}), node("head", 40, 5, {3})};
    v.output_bytes = 40;
    return v;
}

// A DAG with two inputs-readers, a skip edge and a node reading the model input late.
Variant odd_dag() {
    Variant v;
    v.name = "base";
    v.input_bytes = 7;
    v.layers = {node("x0", 1, 1, {}),     node("x1", 2, 1, {}),         node("x2", 4, 1, {0}),
                node("x3", 8, 1, {0, 1}), node("x4", 16, 1, {2}),       node("x5", 32, 1, {3, 4}),
                node("x6", 64, 1, {1}),   node("x7", 128, 1, {5, 6, 0})};
    v.output_bytes = 128;
    return v;
}

std::vector<Cut> brute_force_ideals(const Variant& v) {
    const std::size_t n = v.layers.size();
    std::vector<Cut> out;
    for (std::uint32_t mask = 0; mask < (1u << n); ++mask) {
        Cut c = Cut::all_remote(n);
        for (std::size_t i = 0; i < n; ++i) c.on_device[i] = (mask >> i) & 1u;
        bool ok = true;
        for (std::size_t i = 0; i < n && ok; ++i)
            if (c.on_device[i])
                for (int in : v.layers[i].inputs) ok = ok && c.on_device[in];
        if (ok) out.push_back(c);
    }
    return out;
}

std::vector<Cut> enumerated(const Variant& v, std::size_t limit = SIZE_MAX) {
    std::vector<Cut> out;
    enumerate_cuts(
        v,
        [&](const Cut& c) {
            out.push_back(c);
            return true;
        },
        limit);
    return out;
}

bool contains(const std::vector<Cut>& cuts, const Cut& c) {
    return std::find(cuts.begin(), cuts.end(), c) != cuts.end();
}

TEST(Cut, ChainEnumeratesExactlyThePrefixes) {
    const Variant v = chain(6);
    ASSERT_TRUE(v.is_chain());
    const auto cuts = enumerated(v);
    ASSERT_EQ(cuts.size(), 7u);
    for (std::size_t k = 0; k <= 6; ++k) EXPECT_EQ(cuts[k], Cut::prefix(6, k));
    EXPECT_EQ(brute_force_ideals(v).size(), 7u);
}

TEST(Cut, DagEnumerationMatchesBruteForceOverAllSubsets) {
    for (const Variant& v : {diamond(), odd_dag()}) {
        ASSERT_FALSE(v.is_chain());
        const auto brute = brute_force_ideals(v);
        const auto cuts = enumerated(v);
        EXPECT_EQ(cuts.size(), brute.size());
        for (const auto& c : brute) EXPECT_TRUE(contains(cuts, c));
        for (const auto& c : cuts) EXPECT_TRUE(is_valid_cut(v, c));
        // No duplicates.
        for (std::size_t i = 0; i < cuts.size(); ++i)
            for (std::size_t j = i + 1; j < cuts.size(); ++j) EXPECT_FALSE(cuts[i] == cuts[j]);
    }
    // Diamond: {}, {s}, {s,a}, {s,b}, {s,a,b}, {s,a,b,j}, all.
    EXPECT_EQ(enumerated(diamond()).size(), 7u);
}

TEST(Cut, EnumerationStopsAtLimitAndOnFalse) {
    const Variant v = odd_dag();
    std::vector<Cut> out;
    EXPECT_FALSE(enumerate_cuts(
        v,
        [&](const Cut& c) {
            out.push_back(c);
            return true;
        },
        3));
    EXPECT_EQ(out.size(), 3u);
    int calls = 0;
    EXPECT_FALSE(enumerate_cuts(v, [&](const Cut&) { return ++calls < 2; }));
    EXPECT_EQ(calls, 2);
    EXPECT_TRUE(enumerate_cuts(chain(3), [](const Cut&) { return true; }));
    EXPECT_FALSE(enumerate_cuts(
        chain(3), [](const Cut&) { return true; }, 2));
}

TEST(Cut, InvalidCutsAreRejected) {
    const Variant v = diamond();
    Cut c = Cut::all_remote(5);
    c.on_device[1] = true;  // 'a' without its input 'stem'
    EXPECT_FALSE(is_valid_cut(v, c));
    EXPECT_FALSE(is_valid_cut(v, Cut::all_remote(4)));
    EXPECT_THROW(boundary_bytes(v, c), std::invalid_argument);
}

TEST(Cut, ChainBoundaryBytesClosedForm) {
    const Variant v = chain(5);
    // Prefix k sends node k-1's output (100 k bytes), or the input for k = 0, nothing at k = n.
    EXPECT_EQ(boundary_bytes(v, Cut::prefix(5, 0)), 1000);
    for (std::size_t k = 1; k < 5; ++k)
        EXPECT_EQ(boundary_bytes(v, Cut::prefix(5, k)), static_cast<std::int64_t>(100 * k));
    EXPECT_EQ(boundary_bytes(v, Cut::prefix(5, 5)), 0);
    EXPECT_EQ(result_bytes(v, Cut::prefix(5, 5)), 0);
    EXPECT_EQ(result_bytes(v, Cut::prefix(5, 2)), 500);
    EXPECT_DOUBLE_EQ(device_flops(v, Cut::prefix(5, 2)), 3e6);
    EXPECT_DOUBLE_EQ(remote_flops(v, Cut::prefix(5, 2)), 12e6);
    EXPECT_EQ(describe(v, Cut::prefix(5, 2)), "after:n1");
    EXPECT_EQ(describe(v, Cut::prefix(5, 0)), "remote");
    EXPECT_EQ(describe(v, Cut::prefix(5, 5)), "local");
}

TEST(Cut, DiamondBoundaryBytesCountEachTensorOnce) {
    const Variant v = diamond();
    auto cut = [](std::initializer_list<int> dev) {
        Cut c = Cut::all_remote(5);
        for (int i : dev) c.on_device[i] = true;
        return c;
    };
    EXPECT_EQ(boundary_bytes(v, cut({})), 1000);
    EXPECT_EQ(boundary_bytes(v, cut({0})), 400);           // stem read by a and b: sent once
    EXPECT_EQ(boundary_bytes(v, cut({0, 1})), 400 + 300);  // b still needs stem
    EXPECT_EQ(boundary_bytes(v, cut({0, 2})), 400 + 200);
    EXPECT_EQ(boundary_bytes(v, cut({0, 1, 2})), 300 + 200);
    EXPECT_EQ(boundary_bytes(v, cut({0, 1, 2, 3})), 100);
    EXPECT_EQ(boundary_bytes(v, cut({0, 1, 2, 3, 4})), 0);
    EXPECT_EQ(describe(v, cut({0, 2})), "{stem,b}");
}

TEST(Cut, DagBoundaryBytesMatchBruteForceDefinition) {
    const Variant v = odd_dag();
    for (const Cut& c : brute_force_ideals(v)) {
        std::int64_t expect = 0;
        bool input_needed = false;
        for (std::size_t p = 0; p < v.layers.size(); ++p) {
            if (!c.on_device[p]) {
                if (v.layers[p].inputs.empty()) input_needed = true;
                continue;
            }
            bool read_remotely = false;
            for (std::size_t q = 0; q < v.layers.size(); ++q)
                for (int in : v.layers[q].inputs)
                    if (in == static_cast<int>(p) && !c.on_device[q]) read_remotely = true;
            if (read_remotely) expect += v.layers[p].output_bytes;
        }
        if (input_needed) expect += v.input_bytes;
        EXPECT_EQ(boundary_bytes(v, c), expect) << describe(v, c);
    }
}

TEST(Card, JsonRoundTripKeepsEveryField) {
    ModelCard card;
    card.name = "toy";
    card.family = "toyfam";
    card.width_mult = 0.5;
    card.input_shape = {1, 28, 28};
    card.built_at = "2026-11-29T16:00:00Z";
    card.host = "test cpu";
    card.host_flops_per_s = 3.5e9;
    card.build_settings_json = R"({"epochs":3,"lr":0.01})";
    Variant v = diamond();
    v.accuracy = 0.9125;
    v.params = 1234;
    v.size_bytes = 5678;
    v.flops = 15;
    v.host_latency_s = 2.5e-3;
    v.memory_bytes = 99999;
    ExitBranch e;
    e.name = "exit1";
    e.after_node = 2;
    e.flops = 123;
    e.accuracy = 0.8;
    e.thresholds = {{0.5, 0.7, 0.85}, {0.9, 0.4, 0.97}};
    v.exits.push_back(e);
    card.variants.push_back(v);
    Variant pruned = chain(3);
    pruned.name = "l1-50";  // accuracy left unknown
    card.variants.push_back(pruned);
    ImagenetProfile ip;
    ip.flops = 1.5e10;
    ip.params = 138000000;
    ip.input_bytes = 3 * 224 * 224 * 4;
    ip.layers = chain(2).layers;
    card.imagenet = ip;

    const ModelCard back = ModelCard::from_json_text(card.to_json_text(), "mem");
    EXPECT_EQ(back.to_json_text(), card.to_json_text());
    EXPECT_EQ(back.name, "toy");
    EXPECT_DOUBLE_EQ(back.width_mult, 0.5);
    ASSERT_EQ(back.variants.size(), 2u);
    ASSERT_TRUE(back.variants[0].accuracy.has_value());
    EXPECT_DOUBLE_EQ(*back.variants[0].accuracy, 0.9125);
    EXPECT_FALSE(back.variants[1].accuracy.has_value());
    EXPECT_EQ(back.variants[0].layers[3].inputs, (std::vector<int>{1, 2}));
    ASSERT_EQ(back.variants[0].exits.size(), 1u);
    EXPECT_DOUBLE_EQ(back.variants[0].exits[0].thresholds[1].exit_rate, 0.4);
    ASSERT_TRUE(back.imagenet.has_value());
    EXPECT_EQ(back.imagenet->params, 138000000);
    EXPECT_NE(back.variant("l1-50"), nullptr);
    EXPECT_EQ(back.variant("nope"), nullptr);

    const auto path = std::filesystem::temp_directory_path() / "a2iot_card_roundtrip.json";
    card.save(path.string());
    EXPECT_EQ(ModelCard::load(path.string()).to_json_text(), card.to_json_text());
    std::filesystem::remove(path);
}

TEST(Card, BadCardsAreRejectedWithTheOrigin) {
    EXPECT_THROW(ModelCard::from_json_text("{", "x.json"), std::runtime_error);
    try {
        ModelCard::from_json_text(
            R"({"name":"m","variants":[{"name":"base","layers":[{"name":"a","kind":"conv","inputs":[0]}]}]})",
            "bad.json");
        FAIL() << "a self-loop must be rejected";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("bad.json"), std::string::npos);
    }
    EXPECT_THROW(ModelCard::load("/nonexistent/card.json"), std::runtime_error);
}

TEST(Card, SyntheticCardHasOnlyLocalAndRemoteCuts) {
    const ModelCard c = ModelCard::synthetic("job", 2e9, 5e5, 1e3);
    ASSERT_EQ(c.variants.size(), 1u);
    const Variant& v = c.variants[0];
    EXPECT_EQ(v.layers.size(), 1u);
    EXPECT_TRUE(v.is_chain());
    const auto cuts = enumerated(v);
    ASSERT_EQ(cuts.size(), 2u);
    EXPECT_EQ(boundary_bytes(v, cuts[0]), 500000);
    EXPECT_EQ(result_bytes(v, cuts[0]), 1000);
    EXPECT_EQ(boundary_bytes(v, cuts[1]), 0);
    EXPECT_DOUBLE_EQ(device_flops(v, cuts[1]), 2e9);
    EXPECT_EQ(ModelCard::from_json_text(c.to_json_text(), "s").to_json_text(), c.to_json_text());
}

TEST(Card, FindCardPathHonoursEnvironmentFirst) {
    const auto dir = std::filesystem::temp_directory_path() / "a2iot_cards_env";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "envonly.json") << "{}";
    setenv("A2IOT_CARDS", dir.c_str(), 1);
    EXPECT_EQ(find_card_path("envonly"), (dir / "envonly.json").string());
    try {
        find_card_path("no-such-model");
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(dir.string()), std::string::npos);
    }
    unsetenv("A2IOT_CARDS");
    std::filesystem::remove_all(dir);
}


TEST(Card, SpatialGeometryRoundTripsAndIsOptional) {
    ModelCard card;
    card.name = "geo";
    Variant v = chain(2);
    v.layers[0].output_shape = {8, 16, 16};
    v.layers[0].window = {4, 2, 1};
    card.variants.push_back(v);
    const ModelCard back = ModelCard::from_json_text(card.to_json_text(), "mem");
    const auto& n0 = back.variants[0].layers[0];
    EXPECT_EQ(n0.output_shape, (std::vector<std::int64_t>{8, 16, 16}));
    EXPECT_EQ(n0.window.kernel, 4);
    EXPECT_EQ(n0.window.stride, 2);
    EXPECT_EQ(n0.window.padding, 1);
    // Nodes without geometry (older cards, linear layers) read back as untileable.
    const auto& n1 = back.variants[0].layers[1];
    EXPECT_TRUE(n1.output_shape.empty());
    EXPECT_EQ(n1.window.kernel, 0);
    EXPECT_THROW(
        ModelCard::from_json_text(
            R"({"name":"m","variants":[{"name":"base","layers":[{"name":"a","kind":"conv",)"
            R"("window":{"kernel":3,"stride":0,"padding":1}}]}]})",
            "w.json"),
        std::runtime_error);
}

TEST(Card, ImagenetCardRunsTheProfileAsOneVariant) {
    ModelCard card;
    card.name = "toy";
    card.family = "toyfam";
    card.variants.push_back(chain(2));
    EXPECT_THROW(card.imagenet_card(), std::runtime_error);
    ImagenetProfile ip;
    ip.flops = 1.5e10;
    ip.params = 1000;
    ip.input_bytes = 1000;
    ip.host_latency_s = 0.25;
    ip.layers = diamond().layers;
    card.imagenet = ip;
    const ModelCard c = card.imagenet_card();
    EXPECT_EQ(c.name, "toy");
    EXPECT_EQ(c.input_shape, (std::vector<std::int64_t>{3, 224, 224}));
    ASSERT_EQ(c.variants.size(), 1u);
    const Variant& b = c.variants[0];
    EXPECT_EQ(b.name, "base");
    EXPECT_FALSE(b.accuracy.has_value());
    EXPECT_DOUBLE_EQ(b.flops, 1.5e10);
    EXPECT_EQ(b.output_bytes, 40);
    EXPECT_EQ(b.size_bytes, 4000);
    // Peak live activations of the diamond: the input (1000) and stem (400) together; the input
    // is freed after stem, then a+b+stem = 900 < 1400.
    EXPECT_EQ(b.memory_bytes, 4000 + 1400);
    EXPECT_EQ(b.layers.size(), 5u);
    // Latency predictors scale by the effective speed measured on these very layers.
    EXPECT_DOUBLE_EQ(c.host_flops_per_s, 1.5e10 / 0.25);
}

}  // namespace
}  // namespace a2iot::models
