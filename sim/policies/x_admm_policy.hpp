#pragma once
// X-ADMM-style joint compression and split: ADMM structured pruning gives a family of admm-<pct>
// variants, plus base as its 0% member; the policy searches variant x cut x target jointly for the
// least latency (or device energy) among the variants meeting the accuracy requirement. Cards
// without admm-* variants fall back to the l1-* ones (said in the reason), then to every allowed
// variant.
#include <optional>

#include "sim/policies/joint_search.hpp"
#include "sim/policies/policy.hpp"
#include "sim/policies/policy_params.hpp"

namespace a2iot::sim {

class XAdmmPolicy : public Policy {
  public:
    // params: objective (latency | energy, default latency), min_accuracy (fraction; the
    // request's wins), role.
    explicit XAdmmPolicy(const PolicyParams& params);
    std::string name() const override { return "x-admm"; }
    Decision decide(const Observation& obs) override;

    // The variants searched and why ("admm", "no admm-* variants: l1-*", ...).
    static std::vector<const models::Variant*> family(const Observation& obs, std::string& why);

  private:
    bool energy_ = false;
    std::optional<double> min_accuracy_;
    std::string role_;
    JointSearch search_;
};

}  // namespace a2iot::sim
