#pragma once
#include <map>
#include <string>

#include "common/units.hpp"
#include "scenarios/scenario_spec.hpp"

namespace a2iot::sim {

// A policy's name and params from the scenario, with typed getters that report bad values as
// common::InputError at the scenario's location ("policy.params.KEY").
class PolicyParams {
  public:
    PolicyParams() = default;
    explicit PolicyParams(scenarios::PolicySpec spec) : spec_(std::move(spec)) {}

    const std::string& name() const { return spec_.name; }
    double get_double(const std::string& key, double fallback) const;
    // Reads a quantity with a unit ("300ms", "20%") through common::parse_quantity.
    double get_quantity(const std::string& key, double fallback, common::Quantity q) const;
    std::string get_string(const std::string& key, const std::string& fallback) const;
    bool has(const std::string& key) const { return spec_.params.count(key) > 0; }
    const scenarios::PolicySpec& spec() const { return spec_; }

  private:
    scenarios::PolicySpec spec_;
};

}  // namespace a2iot::sim
