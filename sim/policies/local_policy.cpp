#include "sim/policies/local_policy.hpp"

#include "sim/policies/variant_choice.hpp"

namespace a2iot::sim {

LocalPolicy::LocalPolicy(const PolicyParams& /*params: none*/) {}

Decision LocalPolicy::decide(const Observation& obs) {
    return decide_local(obs, "local");
}

}  // namespace a2iot::sim
