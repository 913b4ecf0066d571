#pragma once
// Bandwidth a device believes it has towards each server: an exponentially weighted moving
// average of the throughput of its completed transfers. Like a real monitor it lags the truth: a
// bandwidth drop is seen only once transfers have suffered it.
#include <string>
#include <unordered_map>

namespace a2iot::sim {

class BandwidthEstimator {
  public:
    // alpha: weight of the newest sample, in (0, 1].
    explicit BandwidthEstimator(double alpha = 0.3) : alpha_(alpha) {}

    // Before any transfer the estimate is the path's nominal bottleneck at the start.
    void seed(const std::string& device, const std::string& target, double bandwidth_bps);

    // A transfer of `bytes` took `duration_s`, of which `latency_s` was propagation.
    void observe(const std::string& device, const std::string& target, double bytes,
                 double duration_s, double latency_s);

    // 0 when nothing is known.
    double estimate_bps(const std::string& device, const std::string& target) const;

    // The estimate of one (device, target) pair; bps is 0 until something is known.
    struct Slot {
        double bps = 0;
        bool known = false;
    };
    // The pair's slot, created empty when absent. Its address stays valid for the estimator's
    // life, so the runtime looks it up once per route instead of building and hashing a string
    // key on every request (a hot path at scale).
    Slot* slot(const std::string& device, const std::string& target);
    // observe() on a slot from slot().
    void observe(Slot* slot, double bytes, double duration_s, double latency_s) const;

  private:
    static std::string key(const std::string& d, const std::string& t) { return d + '\x1f' + t; }
    double alpha_;
    std::unordered_map<std::string, Slot> est_;
};

}  // namespace a2iot::sim
