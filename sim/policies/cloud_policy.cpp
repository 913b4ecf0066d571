#include "sim/policies/cloud_policy.hpp"

#include "sim/policies/variant_choice.hpp"

namespace a2iot::sim {

CloudPolicy::CloudPolicy(const PolicyParams& /*params: none*/) {}

Decision CloudPolicy::decide(const Observation& obs) {
    return decide_offload_with_fallback(obs, "cloud");
}

}  // namespace a2iot::sim
