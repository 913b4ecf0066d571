#include "sim/policies/prefix_table.hpp"

#include <algorithm>

namespace a2iot::sim {

PrefixTable::PrefixTable(const models::Variant& v,
                         const std::function<double(const models::LayerNode&)>& layer_flops) {
    const std::size_t n = v.layers.size();
    std::vector<double> flops(n);
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) {
        flops[i] = layer_flops ? layer_flops(v.layers[i]) : v.layers[i].flops;
        total += flops[i];
    }
    splits_.resize(n + 1);
    memory_.resize(n + 1);
    double prefix = 0;
    for (std::size_t k = 0; k <= n; ++k) {
        const models::Cut cut = models::Cut::prefix(n, k);
        WorkSplit& w = splits_[k];
        w.device_flops = prefix;
        // Subtracting running sums would leave rounding dust (a "remote" part of 1e-7 FLOPs on an
        // all-local cut) that would make the cost model charge a round trip.
        w.remote_flops = k == n ? 0.0 : std::max(0.0, total - prefix);
        w.upload_bytes = static_cast<double>(models::boundary_bytes(v, cut));
        w.result_bytes = static_cast<double>(models::result_bytes(v, cut));
        memory_[k] = LatencyModel::device_memory_bytes(v, cut);
        if (k < n) prefix += flops[k];
    }
}

}  // namespace a2iot::sim
