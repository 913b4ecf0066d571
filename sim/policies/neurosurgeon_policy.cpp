#include "sim/policies/neurosurgeon_policy.hpp"

#include <fmt/core.h>
#include <limits>

#include "common/input_error.hpp"
#include "sim/policies/policy_registry.hpp"
#include "sim/policies/variant_choice.hpp"

namespace a2iot::sim {

namespace {

const bool registered = PolicyRegistry::add(
    "neurosurgeon", [](const PolicyParams& p) { return std::make_unique<NeurosurgeonPolicy>(p); },
    "layer-wise device/remote split minimizing latency or energy (Kang et al., ASPLOS'17)");

}  // namespace

NeurosurgeonPolicy::NeurosurgeonPolicy(const PolicyParams& params) {
    (void)registered;
    const std::string obj = params.get_string("objective", "latency");
    if (obj == "latency") {
        objective_ = Objective::Latency;
    } else if (obj == "energy") {
        objective_ = Objective::Energy;
    } else {
        throw common::InputError(params.spec().loc.file, params.spec().loc.line,
                                 "policy.params.objective", obj, "latency or energy");
    }
    variant_ = params.get_string("variant", "");
    role_ = params.get_string("role", "");
    const std::string pred = params.get_string("predictor", "regression");
    if (pred != "regression" && pred != "flops")
        throw common::InputError(params.spec().loc.file, params.spec().loc.line,
                                 "policy.params.predictor", pred, "regression or flops");
    regression_ = pred == "regression";
}

const LayerPredictor& NeurosurgeonPolicy::predictor(const models::ModelCard& card) {
    auto it = predictors_.find(&card);
    if (it == predictors_.end()) it = predictors_.emplace(&card, LayerPredictor::fit(card)).first;
    return it->second;
}

const PrefixTable& NeurosurgeonPolicy::table(const models::ModelCard& card,
                                             const models::Variant& v) {
    auto it = tables_.find(&v);
    if (it == tables_.end()) {
        std::unique_ptr<PrefixTable> t;
        if (regression_) {
            const LayerPredictor& p = predictor(card);
            t = std::make_unique<PrefixTable>(
                v, [&p](const models::LayerNode& n) { return p.effective_flops(n); });
        } else {
            t = std::make_unique<PrefixTable>(v);
        }
        it = tables_.emplace(&v, std::move(t)).first;
    }
    return *it->second;
}

PolicyOption NeurosurgeonPolicy::best_split(const Observation& obs, const models::Variant& v) {
    const PrefixTable& t = table(*obs.card, v);
    const std::size_t n = t.layer_count();
    PolicyOption best;
    double best_score = 0;
    const bool by_energy = objective_ == Objective::Energy && obs.device.power_known;
    auto consider = [&](std::size_t k, const TargetObservation* target) {
        CostEstimate e = LatencyModel::estimate(obs.device, target, t.at(k));
        if (!e.feasible) return;
        const double score = by_energy ? e.device_energy_j : e.latency_s;
        if (best.variant == nullptr || score < best_score) {
            best_score = score;
            best.variant = &v;
            best.cut = models::Cut::prefix(n, k);
            best.target = target;
            best.cost = e;
            best.accuracy = accuracy_of(v);
        }
    };
    for (std::size_t k = 0; k <= n; ++k) {
        if (t.device_memory_bytes(k) > obs.device.free_memory_bytes) break;  // grows with k
        if (k == n) {
            consider(k, nullptr);
            break;
        }
        for (const auto& target : obs.targets) {
            if (!LatencyModel::usable(target) || !fits_target(v, target)) continue;
            if (!role_matches(target, role_)) continue;
            consider(k, &target);
        }
    }
    return best;
}

Decision NeurosurgeonPolicy::decide(const Observation& obs) {
    Decision drop;
    drop.drop = true;
    if (!obs.card) {
        drop.reason = "neurosurgeon: no model card";
        return drop;
    }
    const models::Variant* v = nullptr;
    if (!variant_.empty()) {
        v = obs.card->variant(variant_);
    } else {
        v = choose_variant(obs, std::numeric_limits<double>::infinity());
    }
    if (!v) {
        drop.reason = "neurosurgeon: no allowed variant" +
                      (variant_.empty() ? std::string{} : " named " + variant_);
        return drop;
    }
    PolicyOption best = best_split(obs, *v);
    if (!best.valid()) {
        drop.reason = fmt::format(
            "neurosurgeon: no feasible split (device speed {:.3g} FLOP/s, {:.0f} B free, no "
            "usable target)",
            obs.device.speed_flops_per_s, obs.device.free_memory_bytes);
        return drop;
    }
    return best.to_decision(
        fmt::format("neurosurgeon min {}: {} est {:.2f} ms {}",
                    objective_ == Objective::Latency ? "latency"
                    : obs.device.power_known         ? "energy"
                                             : "latency (energy objective, device power unknown)",
                    best.describe(), best.cost.latency_s * 1e3, energy_text(obs, best.cost)));
}

}  // namespace a2iot::sim
