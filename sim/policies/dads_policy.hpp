#pragma once
// DADS (Hu et al., "Dynamic Adaptive DNN Surgery for Inference Acceleration on the Edge",
// INFOCOM'19): the latency-optimal split of a layer DAG is a minimum s-t cut. Light-load mode:
// source = device, sink = remote; cutting s->v charges v's remote time, v->t v's device time, and
// an auxiliary node per producer charges its output's transfer once however many remote
// consumers read it. Infinite reverse edges keep the device set downward-closed. The max flow is
// Boost.Graph's boykov_kolmogorov_max_flow.
// Heavy-load mode (`mode: heavy`) minimizes the bottleneck stage max(device compute, transfer,
// remote compute), which bounds throughput when requests queue up. That problem is NP-hard (the
// paper); the policy takes the best, by bottleneck, of the min-cuts of a family of reweighted
// graphs (each stage's weight scaled by 1/8 .. 8 in turn) plus all-local and all-remote. The
// family contains the light-load cut, whose bottleneck is at most its sum, which is at most three
// times the optimal bottleneck: the result keeps that 3-approximation bound.
#include <map>
#include <memory>

#include "sim/policies/dads_graph.hpp"
#include "sim/policies/policy.hpp"
#include "sim/policies/policy_option.hpp"
#include "sim/policies/policy_params.hpp"

namespace a2iot::sim {

class DadsPolicy : public Policy {
  public:
    // params: mode (light | heavy, default light), variant (default: the most accurate allowed
    // one meeting min_accuracy), role.
    explicit DadsPolicy(const PolicyParams& params);
    std::string name() const override { return "dads"; }
    Decision decide(const Observation& obs) override;

    // The minimum-latency cut of `v` towards one target (ignoring device memory), by min-cut.
    // The flow network is built once per variant. Path latency is a constant for every cut that
    // uses the target, so it is added afterwards and the result compared with all-local.
    PolicyOption min_cut(const Observation& obs, const models::Variant& v,
                         const TargetObservation& target, double device_weight = 1,
                         double transfer_weight = 1, double remote_weight = 1);

    // The heavy-load objective: the slowest pipeline stage of an estimate.
    static double bottleneck_s(const CostEstimate& e);

  private:
    // Keyed by the variant's address: cards outlive the policy in both runtimes.
    std::map<const models::Variant*, std::unique_ptr<DadsGraph>> graphs_;
    std::string variant_;
    std::string role_;
    bool heavy_ = false;
};

}  // namespace a2iot::sim
