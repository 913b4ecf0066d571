#pragma once
// The `join` events of the `events:` section. A join declares devices that links, workloads and
// other events may name, and a link of its own, so joins are read in two steps around the
// `links:` section: their ids first (before anything resolves ids), their links after the
// written links (which keep their order) and before the other events (so that a link event may
// change a join's link whatever their order in the file).
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <map>

#include "scenarios/read_context.hpp"
#include "scenarios/scenario_spec.hpp"

namespace a2iot::scenarios {

class JoinReader {
  public:
    explicit JoinReader(ReadContext& ctx) : ctx_(ctx) {}

    // Declares the devices of every join in `events` (the section's list).
    void read(const YAML::Node& events);
    // Adds the link of every join read without errors.
    void read_links(const YAML::Node& events);
    // The join of events[index] when it was read without errors, else nullptr (reported).
    const JoinEvent* find(std::size_t index) const;

  private:
    ReadContext& ctx_;
    std::map<std::size_t, JoinEvent> joins_;  // event index -> parsed join
};

}  // namespace a2iot::scenarios
