#pragma once
// The `models:` section: zoo models with their variants and input, or synthetic tasks. Every
// name written is remembered, broken entries included, so that a workload naming a model whose
// entry had errors is not reported again.
#include <yaml-cpp/yaml.h>

#include <string>

#include "scenarios/map_reader.hpp"
#include "scenarios/read_context.hpp"

namespace a2iot::scenarios {

class ModelSectionReader {
  public:
    explicit ModelSectionReader(ReadContext& ctx) : ctx_(ctx) {}

    void read(const MapReader& top);

  private:
    void read_model(const YAML::Node& node, const std::string& path, int line);

    ReadContext& ctx_;
};

}  // namespace a2iot::scenarios
