#pragma once
// The `links:` section: links between devices or groups, with a bandwidth or a trace, and the
// check that no two links (written or made by a join) connect the same pair of devices.
#include <yaml-cpp/yaml.h>

#include <string>

#include "scenarios/map_reader.hpp"
#include "scenarios/read_context.hpp"

namespace a2iot::scenarios {

class LinkSectionReader {
  public:
    explicit LinkSectionReader(ReadContext& ctx) : ctx_(ctx) {}

    void read(const MapReader& top);
    // Run after every link is known (joins add theirs after the written ones).
    void check_duplicates();

  private:
    void read_link(const YAML::Node& node, const std::string& path, int line);

    ReadContext& ctx_;
};

}  // namespace a2iot::scenarios
