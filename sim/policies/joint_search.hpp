#pragma once
// Enumerates the joint space (variant x prefix cut x target) that the compression-aware
// policies search, with the device's memory rule applied: a cut whose device part does not fit
// the device's free memory is never offered, nor a target the variant does not fit. Prefix
// tables are cached per variant, so one visit is a closed-form estimate.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/policies/policy_option.hpp"
#include "sim/policies/prefix_table.hpp"

namespace a2iot::sim {

class JointSearch {
  public:
    using Visit = std::function<void(const PolicyOption&)>;

    // Calls `visit` for every feasible option of `variants`, all-local included. With
    // `remote_only`, only the all-remote cut is offered (nothing computed on the device).
    void for_each(const Observation& obs, const std::vector<const models::Variant*>& variants,
                  const std::string& role, const Visit& visit, bool remote_only = false);

    // The option minimizing `score` (+inf excludes one); invalid when nothing is feasible.
    PolicyOption best(const Observation& obs, const std::vector<const models::Variant*>& variants,
                      const std::string& role,
                      const std::function<double(const PolicyOption&)>& score,
                      bool remote_only = false);

  private:
    const PrefixTable& table(const models::Variant& v);
    std::map<const models::Variant*, std::unique_ptr<PrefixTable>> tables_;
};

}  // namespace a2iot::sim
