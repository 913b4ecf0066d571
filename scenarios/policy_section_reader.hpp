#pragma once
// The `policy:` key: a policy name, or {name, params}. Param keys belong to the policy, so only
// their shape is checked here.
#include <yaml-cpp/yaml.h>

#include <string>

#include "scenarios/map_reader.hpp"
#include "scenarios/read_context.hpp"

namespace a2iot::scenarios {

class PolicySectionReader {
  public:
    explicit PolicySectionReader(ReadContext& ctx) : ctx_(ctx) {}

    void read(const MapReader& top);

  private:
    ReadContext& ctx_;
};

}  // namespace a2iot::scenarios
