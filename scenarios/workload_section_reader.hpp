#pragma once
// The `workload:` section: which devices submit requests for which model, how often, and with
// which requirements (deadline, accuracy, energy, active window, timeout).
#include <yaml-cpp/yaml.h>

#include <string>

#include "scenarios/map_reader.hpp"
#include "scenarios/read_context.hpp"

namespace a2iot::scenarios {

class WorkloadSectionReader {
  public:
    explicit WorkloadSectionReader(ReadContext& ctx) : ctx_(ctx) {}

    void read(const MapReader& top);

  private:
    void read_workload(const YAML::Node& node, const std::string& path, int line);

    ReadContext& ctx_;
};

}  // namespace a2iot::scenarios
