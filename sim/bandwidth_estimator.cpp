#include "sim/bandwidth_estimator.hpp"

namespace a2iot::sim {

void BandwidthEstimator::seed(const std::string& device, const std::string& target,
                              double bandwidth_bps) {
    est_[key(device, target)] = bandwidth_bps;
}

void BandwidthEstimator::observe(const std::string& device, const std::string& target, double bytes,
                                 double duration_s, double latency_s) {
    const double transfer_s = duration_s - latency_s;
    // Tiny transfers are all latency and say nothing about bandwidth.
    if (bytes <= 0 || transfer_s <= 1e-9) return;
    const double sample = bytes * 8.0 / transfer_s;
    auto [it, inserted] = est_.try_emplace(key(device, target), sample);
    if (!inserted) it->second = alpha_ * sample + (1.0 - alpha_) * it->second;
}

double BandwidthEstimator::estimate_bps(const std::string& device,
                                        const std::string& target) const {
    auto it = est_.find(key(device, target));
    return it == est_.end() ? 0.0 : it->second;
}

}  // namespace a2iot::sim
