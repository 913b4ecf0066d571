#pragma once
// The `events:` section: timed link, device, join and domain-shift events. Joins are read
// earlier by JoinReader (they declare ids); here each event is checked against the scenario's
// duration and against what it changes (a link event needs an existing link).
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <optional>
#include <string>

#include "scenarios/join_reader.hpp"
#include "scenarios/map_reader.hpp"
#include "scenarios/read_context.hpp"
#include "scenarios/scenario_spec.hpp"

namespace a2iot::scenarios {

class EventSectionReader {
  public:
    EventSectionReader(ReadContext& ctx, const JoinReader& joins) : ctx_(ctx), joins_(joins) {}

    // Appends the events of `events` (the section's list) read without errors to ctx.spec.
    void read(const YAML::Node& events);

  private:
    std::optional<EventSpec> read_event(const YAML::Node& node, const std::string& path, int line,
                                        std::size_t index);
    bool read_link_event(const MapReader& m, LinkEvent& out);
    bool read_device_event(const MapReader& m, DeviceEvent& out);
    bool read_domain_shift(const MapReader& m, DomainShiftEvent& out);

    ReadContext& ctx_;
    const JoinReader& joins_;
};

}  // namespace a2iot::scenarios
