// Decision time of every adaptation policy on model-zoo-shaped cards:
//   cmake --build build --target bench_policies && build/bench/policies/bench_policies
// Each iteration is one decide() on a fresh bandwidth value (tables are per variant, built once
// on the first call, like in a run).
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "models/card.hpp"
#include "sim/policies/observation.hpp"
#include "sim/policies/policy_registry.hpp"

namespace a2iot::sim {
namespace {

models::LayerNode layer(const std::string& name, const std::string& kind, double flops,
                        std::int64_t bytes, std::vector<int> inputs) {
    models::LayerNode n;
    n.name = name;
    n.kind = kind;
    n.flops = flops;
    n.params = static_cast<std::int64_t>(flops / 100);
    n.output_bytes = bytes;
    n.host_latency_s = flops / 2e10 + 2e-6;
    n.inputs = std::move(inputs);
    return n;
}

void finish(models::Variant& v, double acc) {
    v.accuracy = acc;
    for (const auto& n : v.layers) {
        v.flops += n.flops;
        v.params += n.params;
    }
    v.output_bytes = 40;
    v.memory_bytes = 4 * v.params + 8'000'000;
}

// AlexNet-like chain: conv/relu/pool stages then three linear layers (16 nodes).
models::Variant alexnet_chain(const std::string& name, double w, double acc) {
    models::Variant v;
    v.name = name;
    v.input_bytes = 602'112;
    const double f[] = {2.1e8, 4.5e8, 3.0e8, 4.5e8, 3.0e8};
    const std::int64_t b[] = {774'400, 559'872, 259'584, 173'056, 173'056};
    for (int s = 0; s < 5; ++s) {
        const int prev = static_cast<int>(v.layers.size()) - 1;
        v.layers.push_back(layer("conv" + std::to_string(s), "conv", f[s] * w * w,
                                 static_cast<std::int64_t>(b[s] * w),
                                 prev < 0 ? std::vector<int>{} : std::vector<int>{prev}));
        v.layers.push_back(layer("relu" + std::to_string(s), "relu", b[s] * w / 4,
                                 static_cast<std::int64_t>(b[s] * w),
                                 {static_cast<int>(v.layers.size()) - 1}));
        if (s == 0 || s == 1 || s == 4)
            v.layers.push_back(layer("pool" + std::to_string(s), "pool", b[s] * w / 2,
                                     static_cast<std::int64_t>(b[s] * w / 4),
                                     {static_cast<int>(v.layers.size()) - 1}));
    }
    for (int l = 0; l < 3; ++l)
        v.layers.push_back(layer("fc" + std::to_string(l), "linear", (l == 2 ? 8e6 : 7.5e7) * w,
                                 l == 2 ? 40 : 16'384, {static_cast<int>(v.layers.size()) - 1}));
    finish(v, acc);
    models::ExitBranch e1{"exit1", 4, 2e7, 2e7 / 2e10, acc - 0.15, {}};
    models::ExitBranch e2{"exit2", 9, 1e7, 1e7 / 2e10, acc - 0.06, {}};
    v.exits = {e1, e2};
    return v;
}

// GoogLeNet-like DAG at layer granularity: stem, nine inception modules (four branches of
// conv+relu pairs and a pool branch, then a concat), tail. 136 nodes.
models::Variant googlenet_dag() {
    models::Variant v;
    v.name = "base";
    v.input_bytes = 602'112;
    auto add = [&](const std::string& n, const std::string& k, double f, std::int64_t b,
                   std::vector<int> in) {
        v.layers.push_back(layer(n, k, f, b, std::move(in)));
        return static_cast<int>(v.layers.size()) - 1;
    };
    int x = add("conv1", "conv", 2.4e8, 3'211'264, {});
    x = add("relu1", "relu", 8e5, 3'211'264, {x});
    x = add("pool1", "pool", 8e5, 802'816, {x});
    x = add("conv2", "conv", 7.2e8, 2'408'448, {x});
    x = add("relu2", "relu", 6e5, 2'408'448, {x});
    x = add("pool2", "pool", 6e5, 602'112, {x});
    std::int64_t bytes = 602'112;
    for (int m = 0; m < 9; ++m) {
        const std::string p = "inc" + std::to_string(m) + ".";
        auto conv = [&](const std::string& n, double f, std::int64_t b, int in) {
            const int c = add(p + n, "conv", f, b, {in});
            return add(p + n + ".relu", "relu", static_cast<double>(b) / 4, b, {c});
        };
        const int b1 = conv("1x1", 6e7, bytes / 4, x);
        const int b2 = conv("3x3", 1.2e8, bytes / 3, conv("3x3r", 3e7, bytes / 6, x));
        const int b3 = conv("5x5", 5e7, bytes / 8, conv("5x5r", 8e6, bytes / 16, x));
        const int pl = add(p + "pool", "pool", static_cast<double>(bytes) / 4, bytes, {x});
        const int b4 = conv("proj", 2e7, bytes / 8, pl);
        x = add(p + "concat", "inception", 0, bytes / 4 + bytes / 3 + bytes / 8 + bytes / 8,
                {b1, b2, b3, b4});
        bytes = v.layers[static_cast<std::size_t>(x)].output_bytes;
        if (m == 1 || m == 6) {
            x = add(p + "down", "pool", static_cast<double>(bytes) / 4, bytes / 4, {x});
            bytes /= 4;
        }
    }
    x = add("avgpool", "pool", static_cast<double>(bytes) / 4, 4096, {x});
    add("fc", "linear", 2e6, 40, {x});
    finish(v, 0.9);
    return v;
}

struct Setup {
    models::ModelCard card;
    Observation obs;
    std::string target_role = "edge";
};

Setup chain_setup() {
    Setup s;
    s.card.name = "alexnet";
    s.card.host_flops_per_s = 2e10;
    s.card.variants = {alexnet_chain("base", 1.0, 0.91), alexnet_chain("l1-25", 0.87, 0.90),
                       alexnet_chain("l1-50", 0.7, 0.88), alexnet_chain("admm-50", 0.7, 0.89),
                       alexnet_chain("admm-75", 0.5, 0.86)};
    return s;
}

Setup dag_setup() {
    Setup s;
    s.card.name = "googlenet";
    s.card.host_flops_per_s = 2e10;
    s.card.variants = {googlenet_dag()};
    return s;
}

void observe(Setup& s, int edges) {
    s.obs.card = &s.card;
    s.obs.device.id = "phone-0";
    s.obs.device.device_class = "phone";
    s.obs.device.battery_frac = 0.35;
    s.obs.device.speed_flops_per_s = 2e9;
    s.obs.device.free_memory_bytes = 2e9;
    s.obs.device.busy_w = 3;
    s.obs.device.idle_w = 0.4;
    s.obs.device.radio_tx_w = 1.2;
    s.obs.device.radio_rx_w = 0.9;
    s.obs.req.deadline_s = 0.2;
    for (int i = 0; i < edges; ++i) {
        TargetObservation t;
        t.id = "edge-" + std::to_string(i);
        t.role = s.target_role;
        t.est_bandwidth_bps = 1e7 * (1 + i);
        t.latency_s = 0.005;
        t.speed_flops_per_s = 2e10;
        t.cores = 8;
        t.load = 0.5 * i;
        t.free_memory_bytes = 16e9;
        s.obs.targets.push_back(t);
    }
}

// The zoo's VGG-16 at 3x224x224 (its ImageNet profile, with the layer geometry fused tile
// partitioning needs), decided for by a device among `targets` peer terminals.
Setup vgg16_imagenet_setup() {
    Setup s;
    s.card = models::ModelCard::load(models::find_card_path("vgg16")).imagenet_card();
    s.target_role = "terminal";
    return s;
}

void run(benchmark::State& state, const std::string& policy, Setup s) {
    observe(s, static_cast<int>(state.range(0)));
    scenarios::PolicySpec spec;
    spec.name = policy;
    auto p = PolicyRegistry::create(PolicyParams(spec));
    benchmark::DoNotOptimize(p->decide(s.obs));  // builds the per-variant tables once
    double bw = 1e5;
    for (auto _ : state) {
        bw = bw > 1e9 ? 1e5 : bw * 1.37;
        s.obs.targets[0].est_bandwidth_bps = bw;
        Decision d = p->decide(s.obs);
        benchmark::DoNotOptimize(d);
    }
    state.SetLabel(s.card.name + " " + std::to_string(s.card.variants[0].layers.size()) +
                   " nodes x " + std::to_string(s.card.variants.size()) + " variants");
}

void BM_Neurosurgeon_Chain(benchmark::State& st) {
    run(st, "neurosurgeon", chain_setup());
}
void BM_Neurosurgeon_Dag(benchmark::State& st) {
    run(st, "neurosurgeon", dag_setup());
}
void BM_Dads_Chain(benchmark::State& st) {
    run(st, "dads", chain_setup());
}
void BM_Dads_Googlenet(benchmark::State& st) {
    run(st, "dads", dag_setup());
}
void BM_Edgent_Chain(benchmark::State& st) {
    run(st, "edgent", chain_setup());
}
void BM_AdaptiveCompression_Chain(benchmark::State& st) {
    run(st, "adaptive-compression", chain_setup());
}
void BM_BatteryAware_Chain(benchmark::State& st) {
    run(st, "battery-aware", chain_setup());
}
void BM_LeastLoaded_Chain(benchmark::State& st) {
    run(st, "least-loaded", chain_setup());
}
void BM_XAdmm_Chain(benchmark::State& st) {
    run(st, "x-admm", chain_setup());
}

void BM_DeepThings_Vgg16Imagenet(benchmark::State& st) {
    Setup s = vgg16_imagenet_setup();
    if (s.card.variants[0].layers.empty() || s.card.variants[0].layers[0].window.kernel == 0) {
        st.SkipWithError("the vgg16 card has no layer geometry: rebuild it with a2iot models build");
        return;
    }
    run(st, "deepthings", std::move(s));
}

BENCHMARK(BM_DeepThings_Vgg16Imagenet)->Arg(1)->Arg(5);
BENCHMARK(BM_Neurosurgeon_Chain)->Arg(1)->Arg(4);
BENCHMARK(BM_Neurosurgeon_Dag)->Arg(1);
BENCHMARK(BM_Dads_Chain)->Arg(1);
BENCHMARK(BM_Dads_Googlenet)->Arg(1)->Arg(4);
BENCHMARK(BM_Edgent_Chain)->Arg(1);
BENCHMARK(BM_AdaptiveCompression_Chain)->Arg(1)->Arg(4);
BENCHMARK(BM_BatteryAware_Chain)->Arg(1);
BENCHMARK(BM_LeastLoaded_Chain)->Arg(1)->Arg(8);
BENCHMARK(BM_XAdmm_Chain)->Arg(1)->Arg(4);

}  // namespace
}  // namespace a2iot::sim

BENCHMARK_MAIN();
