#pragma once
#include <stdexcept>
#include <string>
#include <vector>

#include "common/input_error.hpp"

namespace a2iot::scenarios {

// All the input errors found in one scenario file.
class ScenarioError : public std::runtime_error {
  public:
    explicit ScenarioError(std::vector<common::InputError> errors);
    const std::vector<common::InputError>& errors() const { return errors_; }

  private:
    std::vector<common::InputError> errors_;
};

}  // namespace a2iot::scenarios
