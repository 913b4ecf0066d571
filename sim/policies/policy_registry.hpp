#pragma once
// Policies are registered by name in a function-local static registry; the scenario picks them
// by that name. Registration from another translation unit:
//   static const bool registered = PolicyRegistry::add("mine", [](const PolicyParams& p) {
//       return std::make_unique<MyPolicy>(p); });
// (and make sure that translation unit is linked: sim/policies/ is an OBJECT library for that).
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/policies/policy.hpp"
#include "sim/policies/policy_params.hpp"

namespace a2iot::sim {

class PolicyRegistry {
  public:
    using Factory = std::function<std::unique_ptr<Policy>(const PolicyParams&)>;

    static bool add(const std::string& name, Factory factory, std::string summary = {});
    // Throws common::InputError (key "policy") naming the known policies when unknown.
    static std::unique_ptr<Policy> create(const PolicyParams& params);
    static std::vector<std::string> names();
    static std::string summary(const std::string& name);

  private:
    struct Entry {
        Factory factory;
        std::string summary;
    };
    static std::map<std::string, Entry>& entries();
};

}  // namespace a2iot::sim
