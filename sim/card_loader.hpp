#pragma once
// The model card a scenario's `models:` entry stands for: a synthetic task, a zoo card, or a
// zoo card's ImageNet-size profile. Shared by validation and the runtime, so both read the same
// card the same way.
#include "models/card.hpp"
#include "scenarios/scenario_spec.hpp"

namespace a2iot::sim {

class CardLoader {
  public:
    // Throws common::InputError at the entry's file:line when no card can be read.
    static models::ModelCard load(const scenarios::ModelSpec& model);
};

}  // namespace a2iot::sim
