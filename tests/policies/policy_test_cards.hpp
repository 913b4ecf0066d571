#pragma once
// Small hand-made cards and observations for the adaptation-policy tests, plus the brute force
// every policy is checked against: all (variant, cut, target) options through the shared
// LatencyModel.
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "models/card.hpp"
#include "models/cut.hpp"
#include "scenarios/scenario_spec.hpp"
#include "sim/policies/decision.hpp"
#include "sim/policies/latency_model.hpp"
#include "sim/policies/observation.hpp"
#include "sim/policies/policy_params.hpp"

namespace a2iot::sim::testcards {

inline constexpr double kHostFlops = 2e10;  // the cards' build host, FLOP/s

// The variants of chain_card(), for policies that choose among them.
inline const std::vector<std::string> kAll = {"base", "l1-50", "admm-50", "admm-75"};

// What the shared cost model says of a decision: the reference the brute forces compare with.
inline CostEstimate cost_of(const Observation& o, const Decision& d) {
    const TargetObservation* t = nullptr;
    for (const auto& x : o.targets)
        if (x.id == d.target) t = &x;
    return LatencyModel::estimate(o.device, t, *o.card->variant(d.variant), d.cut);
}

inline models::LayerNode node(const std::string& name, const std::string& kind, double flops,
                              std::int64_t out_bytes, std::vector<int> inputs,
                              std::int64_t params = 1000) {
    models::LayerNode n;
    n.name = name;
    n.kind = kind;
    n.flops = flops;
    n.params = params;
    n.output_bytes = out_bytes;
    // Latency exactly proportional to FLOPs: the regression then recovers FLOPs, so the policy's
    // "effective FLOPs" equal the card's and the brute force below is exact.
    n.host_latency_s = flops / kHostFlops;
    n.inputs = std::move(inputs);
    return n;
}

inline void finish(models::Variant& v) {
    v.flops = 0;
    v.params = 0;
    for (const auto& n : v.layers) {
        v.flops += n.flops;
        v.params += n.params;
    }
    v.host_latency_s = v.flops / kHostFlops;
    v.output_bytes = 40;
    v.size_bytes = 4 * v.params;
    if (v.memory_bytes == 0) v.memory_bytes = v.size_bytes + 4'000'000;
}

// An AlexNet-shaped chain: big early activations, FLOPs in the middle, small tail. Scaled by
// `width` (FLOPs and params by width^2, activations by width) for pruned variants.
inline models::Variant chain_variant(const std::string& name, double width, double acc) {
    models::Variant v;
    v.name = name;
    v.accuracy = acc;
    v.input_bytes = 600'000;
    auto f = [&](double x) { return x * width * width; };
    auto b = [&](double x) { return static_cast<std::int64_t>(x * width); };
    auto p = [&](double x) { return static_cast<std::int64_t>(x * width * width); };
    v.layers = {
        node("conv1", "conv", f(2.0e8), b(1'200'000), {}, p(30'000)),
        node("relu1", "relu", f(1.0e6), b(1'200'000), {0}, 0),
        node("pool1", "pool", f(2.0e6), b(300'000), {1}, 0),
        node("conv2", "conv", f(4.0e8), b(400'000), {2}, p(300'000)),
        node("pool2", "pool", f(1.0e6), b(90'000), {3}, 0),
        node("conv3", "conv", f(3.0e8), b(120'000), {4}, p(600'000)),
        node("fc1", "linear", f(5.0e7), b(16'000), {5}, p(4'000'000)),
        node("fc2", "linear", f(8.0e6), b(40), {6}, p(40'000)),
    };
    finish(v);
    return v;
}

inline models::ModelCard chain_card() {
    models::ModelCard c;
    c.name = "toychain";
    c.family = "alexnet";
    c.host_flops_per_s = kHostFlops;
    c.variants = {chain_variant("base", 1.0, 0.91), chain_variant("l1-50", 0.7, 0.88),
                  chain_variant("admm-50", 0.7, 0.895), chain_variant("admm-75", 0.5, 0.86)};
    return c;
}

// An inception-shaped DAG: a stem, one module whose pooled output feeds three branches (sent
// once), a concat, and a tail; one more branch reads the model input directly. The heavy b3x3
// comes early in the topological order and the cheap reducers late, so at low bandwidth the
// optimum (reducers on the device, b3x3 remote) is no topological prefix.
inline models::Variant dag_variant(const std::string& name, double acc) {
    models::Variant v;
    v.name = name;
    v.accuracy = acc;
    v.input_bytes = 300'000;
    v.layers = {
        node("stem", "conv", 1.5e8, 800'000, {}),                   // 0
        node("pool", "pool", 2.0e6, 200'000, {0}),                  // 1 read by three branches
        node("b3x3r", "conv", 2.0e7, 30'000, {1}),                  // 2 cheap reducer
        node("b3x3", "conv", 6.0e8, 80'000, {2}),                   // 3 heavy: best remote
        node("bpool", "pool", 1.0e6, 200'000, {1}),                 // 4
        node("bproj", "conv", 1.0e7, 10'000, {4}),                  // 5 cheap reducer
        node("b1x1", "conv", 4.0e7, 60'000, {1}),                   // 6
        node("side", "conv", 3.0e7, 20'000, {}),                    // 7 reads the model input
        node("concat", "inception", 1.0e5, 170'000, {3, 5, 6, 7}),  // 8
        node("fc", "linear", 4.0e7, 40, {8}),                       // 9
    };
    finish(v);
    return v;
}

inline models::ModelCard dag_card() {
    models::ModelCard c;
    c.name = "toydag";
    c.family = "googlenet";
    c.host_flops_per_s = kHostFlops;
    c.variants = {dag_variant("base", 0.9)};
    return c;
}

inline DeviceObservation phone() {
    DeviceObservation d;
    d.id = "phone-0";
    d.type = "redmi-note-8";
    d.device_class = "phone";
    d.battery_frac = 0.8;
    d.speed_flops_per_s = 2e9;
    d.cores = 8;
    d.free_memory_bytes = 2e9;
    d.busy_w = 3.0;
    d.idle_w = 0.4;
    d.radio_tx_w = 1.2;
    d.radio_rx_w = 0.9;
    return d;
}

inline DeviceObservation bracelet() {
    DeviceObservation d;
    d.id = "band-0";
    d.type = "huawei-band-b5";
    d.device_class = "bracelet";
    d.battery_frac = 0.9;
    d.speed_flops_per_s = 0;  // no public CNN figure: it cannot compute one
    d.free_memory_bytes = 384 * 1024;
    d.busy_w = 0.02;
    d.idle_w = 0.002;
    d.radio_tx_w = 0.01;
    d.radio_rx_w = 0.008;
    return d;
}

inline TargetObservation target(const std::string& id, const std::string& role, double bw_bps,
                                double latency_s, double speed, double load = 0) {
    TargetObservation t;
    t.id = id;
    t.role = role;
    t.est_bandwidth_bps = bw_bps;
    t.latency_s = latency_s;
    t.speed_flops_per_s = speed;
    t.cores = 8;
    t.load = load;
    t.free_memory_bytes = 16e9;
    t.reachable = true;
    return t;
}

inline Observation observe(const models::ModelCard& card, double edge_bw_bps,
                           DeviceObservation dev = phone()) {
    Observation o;
    o.card = &card;
    o.device = std::move(dev);
    o.targets = {target("edge-0", "edge", edge_bw_bps, 0.005, 2e10)};
    return o;
}

inline PolicyParams params(const std::string& name, std::map<std::string, std::string> kv = {}) {
    scenarios::PolicySpec spec;
    spec.name = name;
    spec.params = std::move(kv);
    spec.loc = {"test.yaml", 3};
    return PolicyParams(spec);
}

struct BruteBest {
    double score = std::numeric_limits<double>::infinity();
    CostEstimate cost;
    std::string variant;
    models::Cut cut;
    std::string target;
    std::size_t options = 0;
};

// Every (variant in `variants`, downward-closed cut, usable target) option; `score` returns +inf
// to exclude one. With `prefix_only`, only the topological-chain prefixes (Neurosurgeon's space).
inline BruteBest brute_force(const Observation& o, const std::vector<std::string>& variants,
                             const std::function<double(const models::Variant&, const CostEstimate&,
                                                        const models::Cut&)>& score,
                             bool prefix_only = false) {
    BruteBest best;
    for (const auto& name : variants) {
        const models::Variant& v = *o.card->variant(name);
        const std::size_t n = v.layers.size();
        auto visit = [&](const models::Cut& cut) {
            const bool local = cut.device_count() == n;
            std::vector<const TargetObservation*> ts;
            if (local) {
                ts.push_back(nullptr);
            } else {
                for (const auto& t : o.targets)
                    if (LatencyModel::usable(t)) ts.push_back(&t);
            }
            for (const auto* t : ts) {
                const CostEstimate e = LatencyModel::estimate(o.device, t, v, cut);
                if (!e.feasible) continue;
                if (LatencyModel::device_memory_bytes(v, cut) > o.device.free_memory_bytes)
                    continue;
                ++best.options;
                const double s = score(v, e, cut);
                if (s < best.score) {
                    best = BruteBest{s, e, v.name, cut, t ? t->id : "", best.options};
                }
            }
            return true;
        };
        if (prefix_only) {
            for (std::size_t k = 0; k <= n; ++k) visit(models::Cut::prefix(n, k));
        } else {
            models::enumerate_cuts(v, visit);
        }
    }
    return best;
}

}  // namespace a2iot::sim::testcards
