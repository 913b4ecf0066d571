#pragma once
// Edgent (Li, Zhou, Chen, "Edge Intelligence: On-Demand Deep Learning Model Co-Inference with
// Device-Edge Synergy", MECOMM'18 / TWC'19): model right-sizing by early exit plus partitioning.
// For each exit (deepest first, the full model before any branch) it finds the minimum-latency
// prefix cut over the usable targets, and keeps the most accurate exit whose latency meets the
// deadline.
#include <map>
#include <memory>
#include <optional>
#include <utility>

#include "sim/policies/exit_model.hpp"
#include "sim/policies/policy.hpp"
#include "sim/policies/policy_option.hpp"
#include "sim/policies/policy_params.hpp"
#include "sim/policies/prefix_table.hpp"

namespace a2iot::sim {

class EdgentPolicy : public Policy {
  public:
    // params: deadline (time; the request's deadline wins when it has one), on_miss (fastest |
    // drop, default fastest: when no exit meets the deadline, run the fastest option anyway),
    // variant (default: the most accurate allowed one), role (only targets of this role).
    explicit EdgentPolicy(const PolicyParams& params);
    std::string name() const override { return "edgent"; }
    Decision decide(const Observation& obs) override;

    // The minimum-latency cut of one exit's model over every usable target.
    PolicyOption best_for_exit(const Observation& obs, const models::Variant& v, int exit);

  private:
    struct Prepared {
        std::unique_ptr<ExitModel> model;
        std::unique_ptr<PrefixTable> table;
    };
    const Prepared& prepared(const models::Variant& v, int exit);

    std::optional<double> deadline_s_;
    bool drop_on_miss_ = false;
    std::string variant_;
    std::string role_;
    std::map<std::pair<const models::Variant*, int>, Prepared> cache_;
};

}  // namespace a2iot::sim
