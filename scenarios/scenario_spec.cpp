#include "scenarios/scenario_spec.hpp"

#include <algorithm>

namespace a2iot::scenarios {

const DeviceSpec* ScenarioSpec::find_device(const std::string& id) const {
    auto it = std::find_if(devices.begin(), devices.end(),
                           [&](const DeviceSpec& d) { return d.id == id; });
    return it == devices.end() ? nullptr : &*it;
}

const GroupSpec* ScenarioSpec::find_group(const std::string& id) const {
    auto it =
        std::find_if(groups.begin(), groups.end(), [&](const GroupSpec& g) { return g.id == id; });
    return it == groups.end() ? nullptr : &*it;
}

const ModelSpec* ScenarioSpec::find_model(const std::string& name) const {
    auto it = std::find_if(models.begin(), models.end(),
                           [&](const ModelSpec& m) { return m.name == name; });
    return it == models.end() ? nullptr : &*it;
}

}  // namespace a2iot::scenarios
