#include "sim/policies/joint_search.hpp"

#include <limits>

namespace a2iot::sim {

const PrefixTable& JointSearch::table(const models::Variant& v) {
    auto it = tables_.find(&v);
    if (it == tables_.end()) it = tables_.emplace(&v, std::make_unique<PrefixTable>(v)).first;
    return *it->second;
}

void JointSearch::for_each(const Observation& obs,
                           const std::vector<const models::Variant*>& variants,
                           const std::string& role, const Visit& visit, bool remote_only) {
    const auto targets = usable_targets(obs, role);
    for (const models::Variant* v : variants) {
        const PrefixTable& t = table(*v);
        const std::size_t n = t.layer_count();
        PolicyOption o;
        o.variant = v;
        o.accuracy = accuracy_of(*v);
        for (std::size_t k = 0; k <= n; ++k) {
            if (remote_only && k > 0) break;
            if (t.device_memory_bytes(k) > obs.device.free_memory_bytes) break;
            auto offer = [&](const TargetObservation* target) {
                o.cost = LatencyModel::estimate(obs.device, target, t.at(k));
                if (!o.cost.feasible) return;
                o.target = target;
                o.cut = models::Cut::prefix(n, k);
                visit(o);
            };
            if (k == n) {
                offer(nullptr);
                break;
            }
            for (const auto* target : targets)
                if (fits_target(*v, *target)) offer(target);
        }
    }
}

PolicyOption JointSearch::best(const Observation& obs,
                               const std::vector<const models::Variant*>& variants,
                               const std::string& role,
                               const std::function<double(const PolicyOption&)>& score,
                               bool remote_only) {
    PolicyOption best;
    double best_score = std::numeric_limits<double>::infinity();
    for_each(
        obs, variants, role,
        [&](const PolicyOption& o) {
            const double s = score(o);
            if (s < best_score) {
                best_score = s;
                best = o;
            }
        },
        remote_only);
    return best;
}

}  // namespace a2iot::sim
