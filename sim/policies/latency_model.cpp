#include "sim/policies/latency_model.hpp"

#include <algorithm>

namespace a2iot::sim {

double LatencyModel::queue_factor(const TargetObservation& t) {
    return 1.0 + std::max(0.0, t.load);
}

bool LatencyModel::usable(const TargetObservation& t) {
    return t.reachable && t.speed_flops_per_s > 0 && t.est_bandwidth_bps > 0;
}

CostEstimate LatencyModel::estimate(const DeviceObservation& dev, const TargetObservation* target,
                                    const WorkSplit& work) {
    CostEstimate e;
    if (work.device_flops > 0) {
        if (dev.speed_flops_per_s <= 0) {
            e.feasible = false;
            return e;
        }
        e.device_compute_s = work.device_flops / dev.speed_flops_per_s;
    }
    double tx_s = 0;
    double rx_s = 0;
    if (work.uses_remote()) {
        if (target == nullptr || !usable(*target)) {
            e.feasible = false;
            return e;
        }
        tx_s = work.upload_bytes * 8.0 / target->est_bandwidth_bps;
        rx_s = work.result_bytes * 8.0 / target->est_bandwidth_bps;
        e.upload_s = target->latency_s + tx_s;
        e.remote_compute_s = work.remote_flops / target->speed_flops_per_s * queue_factor(*target);
        e.download_s = target->latency_s + rx_s;
    }
    e.latency_s = e.device_compute_s + e.upload_s + e.remote_compute_s + e.download_s;
    // The device's battery drain over the request, as the simulator's battery extension draws
    // it: the idle floor the whole time, plus one busy core's share while computing (the layers
    // run on one core at the per-core speed), plus the radio while bytes move.
    const double core_w = (dev.busy_w - dev.idle_w) / std::max(1, dev.cores);
    e.device_energy_j = dev.idle_w * e.latency_s + core_w * e.device_compute_s +
                        dev.radio_tx_w * tx_s + dev.radio_rx_w * rx_s;
    return e;
}

WorkSplit LatencyModel::split(const models::Variant& v, const models::Cut& cut) {
    WorkSplit w;
    w.device_flops = models::device_flops(v, cut);
    w.remote_flops = models::remote_flops(v, cut);
    w.upload_bytes = static_cast<double>(models::boundary_bytes(v, cut));
    w.result_bytes = static_cast<double>(models::result_bytes(v, cut));
    return w;
}

CostEstimate LatencyModel::estimate(const DeviceObservation& dev, const TargetObservation* target,
                                    const models::Variant& v, const models::Cut& cut) {
    return estimate(dev, target, split(v, cut));
}

double LatencyModel::device_memory_bytes(const models::Variant& v, const models::Cut& cut) {
    return models::device_flops(v, cut) > 0 ? static_cast<double>(v.memory_bytes) : 0.0;
}

}  // namespace a2iot::sim
