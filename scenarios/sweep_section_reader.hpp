#pragma once
// The `sweep:` section: key paths and their lists of values. The values themselves are checked
// by the loader, which applies each one to the scenario and reads it again.
#include <yaml-cpp/yaml.h>

#include <string>

#include "scenarios/map_reader.hpp"
#include "scenarios/read_context.hpp"

namespace a2iot::scenarios {

class SweepSectionReader {
  public:
    explicit SweepSectionReader(ReadContext& ctx) : ctx_(ctx) {}

    void read(const MapReader& top);

  private:
    ReadContext& ctx_;
};

}  // namespace a2iot::scenarios
