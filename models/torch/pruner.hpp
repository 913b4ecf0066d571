#pragma once
// L1-norm structured filter pruning (Li et al., "Pruning Filters for Efficient ConvNets"):
// physically removes channels, so pruned layers hold smaller tensors and run fewer FLOPs.
#include "models/torch/graph_net.hpp"

namespace a2iot::models {

struct PruneReport {
    std::int64_t channels_before = 0;
    std::int64_t channels_after = 0;
};

// Number of output channels kept when `ratio` of `n` is pruned (at least one). Both pruners use
// it, so an l1-X and an admm-X variant have exactly the same shapes.
std::int64_t kept_channels(std::int64_t n, double ratio);

// Output channels of a group's producer (conv filters or linear rows).
std::int64_t group_channels(const PruneGroup& g);

// The shared "remove these filters" step: keeps only output channels `keep` (sorted ascending)
// of the group's producer, slices its followers along the same channels and drops the matching
// inputs of its consumers. Tensors become physically smaller.
void remove_channels(PruneGroup& g, const torch::Tensor& keep);

// Removes `ratio` of the output channels of every prune group of `net` (at least one channel
// kept per group), keeping the filters with the largest L1 norm.
PruneReport prune_l1(GraphNet& net, double ratio);

// Copies parameters and buffers of `src` into `dst` (same architecture, same shapes).
void copy_state(GraphNet& dst, const GraphNet& src);

}  // namespace a2iot::models
