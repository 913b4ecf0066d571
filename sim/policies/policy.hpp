#pragma once
// The research surface. A policy is a pure C++ class: no SimGrid calls, so that it is
// unit-testable on hand-made observations and reused unchanged by the emulation runtime.
#include <string>

#include "sim/policies/decision.hpp"
#include "sim/policies/observation.hpp"

namespace a2iot::sim {

class Policy {
  public:
    virtual ~Policy() = default;
    virtual std::string name() const = 0;
    virtual Decision decide(const Observation& obs) = 0;
};

}  // namespace a2iot::sim
