#include "sim/policies/edge_policy.hpp"

#include "sim/policies/variant_choice.hpp"

namespace a2iot::sim {

EdgePolicy::EdgePolicy(const PolicyParams& /*params: none*/) {}

Decision EdgePolicy::decide(const Observation& obs) {
    return decide_offload_with_fallback(obs, "edge");
}

}  // namespace a2iot::sim
