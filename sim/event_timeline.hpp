#pragma once
// Scripted timeline events (SCENARIO-FORMAT.md "events"), applied at their times by one actor
// on the controller host; each one is also written to `events`.
#include <functional>

#include "sim/world.hpp"

namespace a2iot::sim {

class DeviceControl;

class EventTimeline {
  public:
    EventTimeline(World& world, DeviceControl& control) : world_(world), control_(control) {}
    void operator()();  // the actor body
    void apply(const scenarios::EventSpec& ev);

  private:
    std::vector<std::string> members(const std::string& id) const;
    void apply_link(const scenarios::LinkEvent& e);
    void apply_device(const scenarios::DeviceEvent& e);
    void apply_join(const scenarios::JoinEvent& e);
    void apply_domain_shift(const scenarios::DomainShiftEvent& e);
    void record(const std::string& kind, const std::string& subject, const std::string& detail);
    World& world_;
    DeviceControl& control_;
    double now_s_ = 0;  // the scenario time of the event being applied, as written
};

}  // namespace a2iot::sim
