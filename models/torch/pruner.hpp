#pragma once
// L1-norm structured filter pruning (Li et al., "Pruning Filters for Efficient ConvNets"):
// physically removes channels, so pruned layers hold smaller tensors and run fewer FLOPs.
#include "models/torch/graph_net.hpp"

namespace a2iot::models {

struct PruneReport {
    std::int64_t channels_before = 0;
    std::int64_t channels_after = 0;
};

// Removes `ratio` of the output channels of every prune group of `net` (at least one channel
// kept per group), keeping the filters with the largest L1 norm.
PruneReport prune_l1(GraphNet& net, double ratio);

// Copies parameters and buffers of `src` into `dst` (same architecture, same shapes).
void copy_state(GraphNet& dst, const GraphNet& src);

}  // namespace a2iot::models
