#pragma once
// The n+1 prefix cuts of a variant's topological order, precomputed once so that a decision is a
// scan of n+1 closed-form estimates (Neurosurgeon's "layer-wise" search). For a DAG these are
// the cuts along its topological chain: a prefix of a topological order is always downward-closed,
// so every entry is a valid cut, but a DAG has more cuts than these (see DadsPolicy).
#include <functional>
#include <vector>

#include "models/card.hpp"
#include "models/cut.hpp"
#include "sim/policies/latency_model.hpp"

namespace a2iot::sim {

class PrefixTable {
  public:
    // `layer_flops`, when given, replaces each node's FLOPs by a predicted "effective" figure
    // (Neurosurgeon's regression); the byte counts always come from models/cut.hpp.
    explicit PrefixTable(const models::Variant& v,
                         const std::function<double(const models::LayerNode&)>& layer_flops = {});

    std::size_t size() const { return splits_.size(); }              // n + 1
    const WorkSplit& at(std::size_t k) const { return splits_[k]; }  // nodes [0, k) on device
    double device_memory_bytes(std::size_t k) const { return memory_[k]; }
    std::size_t layer_count() const { return splits_.size() - 1; }

  private:
    std::vector<WorkSplit> splits_;
    std::vector<double> memory_;
};

}  // namespace a2iot::sim
