#pragma once
// Per-node profile of a network: FLOPs (2 x MACs), params, fp32 output bytes at batch 1, and the
// median host latency of repeated batch-1 runs after warm-up.
#include <vector>

#include "models/card.hpp"
#include "models/torch/graph_net.hpp"

namespace a2iot::models {

struct ProfileOptions {
    int warmup = 3;
    int reps = 15;
    // Batch-1 latency is measured single-threaded: intra-op threads cost more than they save on
    // small layers, and on a shared host they make the medians noisy (10 ms -> 350 ms for vgg16
    // with 2 threads while other jobs ran). Devices are modelled per core anyway.
    int threads = 1;
};

// Fills the DAG, per-node numbers, totals, memory and serialized size (accuracy left unset).
Variant profile_variant(GraphNet& net, const std::vector<std::int64_t>& input_shape,
                        const ProfileOptions& opt);

// Median seconds of `reps` calls of f after `warmup` calls.
double median_seconds(const std::function<void()>& f, int warmup, int reps);

std::int64_t serialized_bytes(GraphNet& net);

}  // namespace a2iot::models
