#pragma once
// The `devices:` section: ids, types, group counts and the per-device overrides (battery, dvfs,
// power, queue_limit). Join events declare devices too and read the same overrides, so those
// readers are public.
#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

#include "scenarios/map_reader.hpp"
#include "scenarios/read_context.hpp"
#include "scenarios/scenario_spec.hpp"

namespace a2iot::devices {
struct DeviceType;
}

namespace a2iot::scenarios {

class DeviceSectionReader {
  public:
    explicit DeviceSectionReader(ReadContext& ctx) : ctx_(ctx) {}

    void read(const MapReader& top);

    // The catalog type under `type` (required); nullptr, reported, when absent or unknown.
    const devices::DeviceType* read_type(const MapReader& m);
    std::optional<BatteryOverride> read_battery(const YAML::Node& node, const std::string& path,
                                                int line, const devices::DeviceType* type);
    std::optional<DvfsSpec> read_dvfs(const YAML::Node& node, const std::string& path, int line,
                                      const devices::DeviceType* type);
    // `power: {busy: 2.5W, idle: 0.3W, wifi_tx: 1.2W, ...}`.
    std::optional<PowerOverride> read_power(const YAML::Node& node, const std::string& path,
                                            int line);
    // `queue_limit: N` (requests waiting beyond the running ones) or `none` (unbounded); the
    // outer nullopt when the value is bad (reported).
    std::optional<std::optional<int>> read_queue_limit(const MapReader& m);

  private:
    void read_device(const YAML::Node& node, const std::string& path, int line);

    ReadContext& ctx_;
};

}  // namespace a2iot::scenarios
