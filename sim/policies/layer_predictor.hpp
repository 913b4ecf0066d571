#pragma once
// Neurosurgeon's per-layer-type latency predictors (Kang et al., ASPLOS'17, section 4): one
// linear regression per layer kind, fitted by least squares on the card's profiling data
// (host_latency_s against FLOPs and output bytes). A device is then scaled from the build host by
// the ratio of speeds, so the prediction enters the shared cost model as "effective FLOPs".
#include <map>
#include <string>
#include <vector>

#include "models/card.hpp"

namespace a2iot::sim {

class LayerPredictor {
  public:
    // host_latency_s ~ coef[0] * flops + coef[1] * output_bytes + coef[2]; unused features are 0.
    struct KindFit {
        double coef[3] = {0, 0, 0};
        int samples = 0;
        int features = 0;  // 3: flops+bytes+intercept, 2: flops+intercept, 1: flops only
        double rms_error_s = 0;
    };

    // Fits every kind seen in the card (all variants and the ImageNet profile). Kinds with no
    // usable samples, and cards without host speed or latencies, fall back to raw FLOPs.
    static LayerPredictor fit(const models::ModelCard& card);
    // The same regression on any set of samples (exposed for tests and other cards).
    static KindFit fit_samples(const std::vector<models::LayerNode>& nodes);

    double predict_host_latency_s(const models::LayerNode& n) const;
    // Predicted latency times the host speed: what the cost model divides by a device speed.
    double effective_flops(const models::LayerNode& n) const;
    const KindFit* fit_for(const std::string& kind) const;
    double host_flops_per_s() const { return host_flops_per_s_; }

  private:
    std::map<std::string, KindFit> fits_;
    double host_flops_per_s_ = 0;
};

}  // namespace a2iot::sim
