#include "sim/bandwidth_estimator.hpp"

namespace a2iot::sim {

void BandwidthEstimator::seed(const std::string& device, const std::string& target,
                              double bandwidth_bps) {
    est_[key(device, target)] = Slot{bandwidth_bps, true};
}

void BandwidthEstimator::observe(const std::string& device, const std::string& target, double bytes,
                                 double duration_s, double latency_s) {
    observe(slot(device, target), bytes, duration_s, latency_s);
}

double BandwidthEstimator::estimate_bps(const std::string& device,
                                        const std::string& target) const {
    auto it = est_.find(key(device, target));
    return it == est_.end() ? 0.0 : it->second.bps;
}

BandwidthEstimator::Slot* BandwidthEstimator::slot(const std::string& device,
                                                   const std::string& target) {
    return &est_[key(device, target)];
}

void BandwidthEstimator::observe(Slot* slot, double bytes, double duration_s,
                                 double latency_s) const {
    const double transfer_s = duration_s - latency_s;
    // Tiny transfers are all latency and say nothing about bandwidth.
    if (bytes <= 0 || transfer_s <= 1e-9) return;
    const double sample = bytes * 8.0 / transfer_s;
    slot->bps = slot->known ? alpha_ * sample + (1.0 - alpha_) * slot->bps : sample;
    slot->known = true;
}

}  // namespace a2iot::sim
