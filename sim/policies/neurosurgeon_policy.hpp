#pragma once
// Neurosurgeon (Kang et al., "Neurosurgeon: Collaborative Intelligence Between the Cloud and
// Mobile Edge", ASPLOS'17): layer-wise split of a chain. Per-layer-kind regression predictors
// (LayerPredictor) give each layer's cost on the device and on each target; the policy scans the
// n+1 prefix cuts under the *estimated* bandwidth and keeps the one minimizing latency or device
// energy. DAG models are treated as their topological chain.
#include <map>
#include <memory>

#include "sim/policies/layer_predictor.hpp"
#include "sim/policies/policy.hpp"
#include "sim/policies/policy_option.hpp"
#include "sim/policies/policy_params.hpp"
#include "sim/policies/prefix_table.hpp"

namespace a2iot::sim {

class NeurosurgeonPolicy : public Policy {
  public:
    enum class Objective { Latency, Energy };

    // params: objective (latency | energy, default latency), variant (default: the most
    // accurate allowed variant meeting min_accuracy), role (only targets of this role),
    // predictor (regression | flops, default regression: `flops` prices layers by raw FLOPs, as
    // the simulator executes them, instead of the regression on profiled latencies).
    explicit NeurosurgeonPolicy(const PolicyParams& params);
    std::string name() const override { return "neurosurgeon"; }
    Decision decide(const Observation& obs) override;

    // The best prefix cut of `v` over every usable target; invalid when nothing is feasible.
    PolicyOption best_split(const Observation& obs, const models::Variant& v);
    const LayerPredictor& predictor(const models::ModelCard& card);

  private:
    const PrefixTable& table(const models::ModelCard& card, const models::Variant& v);

    Objective objective_ = Objective::Latency;
    std::string variant_;
    std::string role_;
    bool regression_ = true;
    // Precomputed per card / variant: a decision is then a scan of n+1 closed forms per target.
    std::map<const models::ModelCard*, LayerPredictor> predictors_;
    std::map<const models::Variant*, std::unique_ptr<PrefixTable>> tables_;
};

}  // namespace a2iot::sim
