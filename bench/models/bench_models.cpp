// Two ratios for docs/models.md, measured at batch 1 on one thread:
//  - pruning: real speedup of each L1-pruned variant, and of the ADMM-pruned variant at 50%,
//    divided by its FLOPs reduction (1.0 = the latency falls exactly as the FLOPs do; goal
//    >= 0.8 at 50%). admm-50 keeps the channels ADMM's projection keeps (largest L2 norm of the
//    whole channel group) instead of the largest L1 norm: the shapes are those of l1-50, so the
//    two columns differ only by which filters survive and by timing noise;
//  - partitioning: (device prefix + serialize + deserialize + remote suffix) / full forward,
//    over every chain cut or a sample of DAG cuts (goal <= 1.05).
// Untrained weights: latency does not depend on the weight values.
// Times are the calling thread's CPU time (torch runs on that one thread), so a host loaded by
// other jobs does not inflate them the way wall-clock medians are inflated by descheduling.
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "models/cut.hpp"
#include "models/torch/admm_pruner.hpp"
#include "models/torch/profiler.hpp"
#include "models/torch/pruner.hpp"
#include "models/torch/zoo.hpp"
#include "models/torch/zoo_builder.hpp"

using namespace a2iot::models;

namespace {

GraphNet make(const std::string& name) {
    torch::manual_seed(1);
    ZooSpec s;
    s.name = name;
    s.width = model_defaults(name).width;
    s.exits = false;
    auto net = build_model(s);
    net->eval();
    return net;
}

double thread_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

double median_cpu_seconds(const std::function<void()>& f, int warmup, int reps) {
    for (int i = 0; i < warmup; ++i) f();
    std::vector<double> t;
    for (int i = 0; i < reps; ++i) {
        const double a = thread_seconds();
        f();
        t.push_back(thread_seconds() - a);
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

// The hard-prune step of ADMM on untrained weights: keep the support of the group-sparse
// projection (what the last Z-step keeps), remove the rest.
void prune_to_projection(GraphNet& net, double ratio) {
    for (auto& g : net->prune_groups()) {
        torch::Tensor keep;
        project_group_sparse(group_params(g), kept_channels(group_channels(g), ratio), &keep);
        remove_channels(g, keep);
    }
}

double flops_of(GraphNet& net) {
    torch::NoGradGuard g;
    FlopCounter fc;
    net->forward(torch::zeros({1, 1, 32, 32}));
    return fc.flops();
}

}  // namespace

int main(int argc, char** argv) {
    const int reps = argc > 1 ? std::stoi(argv[1]) : 31;
    torch::set_num_threads(1);
    torch::NoGradGuard no_grad;
    const auto x = torch::randn({1, 1, 32, 32});

    std::printf(
        "## Pruning: speedup / FLOPs ratio (batch 1, 1 thread, median thread CPU time of %d "
        "runs)\n\n",
        reps);
    std::printf(
        "| model | base ms | l1-25 | l1-50 | l1-75 | admm-50 |\n|---|---|---|---|---|---|\n");
    for (const auto& name : zoo_names()) {
        auto base = make(name);
        const double fb = flops_of(base);
        const double tb = median_cpu_seconds([&] { base->forward(x); }, 5, reps);
        std::printf("| %s | %.3f |", name.c_str(), tb * 1e3);
        for (double r : {0.25, 0.5, 0.75, -0.5}) {
            auto p = make(name);
            if (r > 0)
                prune_l1(p, r);
            else
                prune_to_projection(p, -r);
            const double fp = flops_of(p);
            const double tp = median_cpu_seconds([&] { p->forward(x); }, 5, reps);
            std::printf(" %.2f (speedup %.2fx, FLOPs %.2fx) |", (tb / tp) / (fb / fp), tb / tp,
                        fb / fp);
        }
        std::printf("\n");
    }

    std::printf(
        "\n## Partitioning: (prefix + codec + suffix) / full (batch 1, 1 thread, thread CPU "
        "time)\n\n");
    std::printf("| model | cuts | mean | max | full ms |\n|---|---|---|---|---|\n");
    for (const auto& name : zoo_names()) {
        auto net = make(name);
        const Variant v = net->skeleton();
        const std::size_t n = v.layers.size();
        std::vector<Cut> cuts;
        for (std::size_t k = 1; k < n; ++k) cuts.push_back(Cut::prefix(n, k));
        if (!v.is_chain()) {
            std::vector<Cut> all;
            enumerate_cuts(
                v,
                [&](const Cut& c) {
                    all.push_back(c);
                    return true;
                },
                20000);
            std::mt19937 rng(3);
            std::shuffle(all.begin(), all.end(), rng);
            for (std::size_t i = 0; i < all.size() && i < 10; ++i)
                if (all[i].device_count() > 0 && all[i].device_count() < n) cuts.push_back(all[i]);
        }
        const double tf = median_cpu_seconds([&] { net->forward(x); }, 5, reps);
        double sum = 0, worst = 0;
        for (const auto& c : cuts) {
            const double t = median_cpu_seconds(
                [&] {
                    auto dev = net->run_device(x, c);
                    const auto payload = BoundaryCodec::encode(dev.boundary);
                    net->run_remote(BoundaryCodec::decode(payload), c);
                },
                3, reps);
            sum += t / tf;
            worst = std::max(worst, t / tf);
        }
        std::printf("| %s | %zu | %.3f | %.3f | %.3f |\n", name.c_str(), cuts.size(),
                    sum / cuts.size(), worst, tf * 1e3);
    }
    return 0;
}
