#pragma once
// Turns a ScenarioSpec into a SimGrid platform through the S4U API: one host per device (one
// speed per DVFS state, cores, `wattage_per_state` for the energy plugin), one link per scenario
// link pair (or one per shared medium) with bandwidth, latency and a SimGrid profile for traces,
// and explicit routes from every device to every server it reaches over the link graph.
#include "devices/catalog.hpp"
#include "sim/world.hpp"

namespace a2iot::sim {

class PlatformBuilder {
  public:
    PlatformBuilder(World& world, const devices::Catalog& catalog)
        : world_(world), catalog_(catalog) {}
    // Needs a live simgrid::s4u::Engine and the energy plugin initialised.
    void build();

    // Role a policy sees: edge | cloud | terminal.
    static std::string role_of(const devices::DeviceType& type);

  private:
    void build_hosts();
    void build_links();
    void build_routes();
    World& world_;
    const devices::Catalog& catalog_;
};

}  // namespace a2iot::sim
