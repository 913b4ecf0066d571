#pragma once
// Turns the YAML tree of one scenario into a ScenarioSpec, reporting every problem to an
// ErrorSink instead of stopping at the first. Used by scenarios::load(); overrides are applied
// to the tree before it gets here.
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "scenarios/error_sink.hpp"
#include "scenarios/map_reader.hpp"
#include "scenarios/scenario_spec.hpp"

namespace a2iot::devices {
struct DeviceType;
}

namespace a2iot::scenarios {

class ScenarioReader {
  public:
    // `file` is the path as the user gave it (it prefixes every error); `folder` is the absolute
    // folder of the scenario, against which trace paths are resolved.
    ScenarioReader(std::string file, std::string folder, ErrorSink& sink);

    ScenarioSpec read(const YAML::Node& root);

    // The zoo's model names (models/ builds their cards).
    static const std::vector<std::string>& zoo_models();

  private:
    // A device or group id and the indices (into spec_.devices) of its members.
    struct IdEntry {
        std::vector<std::size_t> members;
        int line = 0;
    };

    void read_top(const MapReader& top);
    void read_devices(const MapReader& top);
    void read_device(const YAML::Node& node, const std::string& path, int line);
    std::optional<BatteryOverride> read_battery(const YAML::Node& node, const std::string& path,
                                                int line, const devices::DeviceType* type);
    std::optional<DvfsSpec> read_dvfs(const YAML::Node& node, const std::string& path, int line,
                                      const devices::DeviceType* type);
    const devices::DeviceType* read_type(const MapReader& m);
    void read_models(const MapReader& top);
    void read_model(const YAML::Node& node, const std::string& path, int line);
    void read_joins(const YAML::Node& events);
    void read_join_links(const YAML::Node& events);
    void read_links(const MapReader& top);
    void read_link(const YAML::Node& node, const std::string& path, int line);
    void read_workloads(const MapReader& top);
    void read_workload(const YAML::Node& node, const std::string& path, int line);
    void read_policy(const MapReader& top);
    void read_events(const YAML::Node& events);
    std::optional<EventSpec> read_event(const YAML::Node& node, const std::string& path, int line,
                                        std::size_t index);
    bool read_link_event(const MapReader& m, LinkEvent& out);
    bool read_device_event(const MapReader& m, DeviceEvent& out);
    bool read_domain_shift(const MapReader& m, DomainShiftEvent& out);
    void read_sweep(const MapReader& top);
    void check_duplicate_links();

    // A list section; nullopt (and an error unless absent and optional) when not a list.
    std::optional<YAML::Node> list_section(const MapReader& top, const std::string& key,
                                           const std::string& what, bool required);
    // "devices.cam" when the element has a usable id/name, else "devices.3".
    static std::string element_path(const std::string& list, const YAML::Node& element,
                                    std::size_t index);
    // Declares a device or group id; reports a clash with an earlier declaration.
    bool declare(const std::string& id, std::vector<std::size_t> members, int line,
                 const std::string& path);
    // Resolves a device/group reference; reports unknown ids (unless the id was declared by an
    // entry that itself had errors, to avoid a cascade of follow-on errors).
    std::optional<std::vector<std::size_t>> resolve(const MapReader& m, const std::string& key,
                                                    bool required);
    std::vector<std::string> names_of(const std::vector<std::size_t>& members) const;
    std::optional<double> read_time_within(const MapReader& m, const std::string& key, Bound bound,
                                           bool required);
    SourceLoc loc(int line) const { return SourceLoc{file_, line}; }

    std::string file_;
    std::string folder_;
    ErrorSink& sink_;
    ScenarioSpec spec_;
    std::optional<double> duration_s_;
    std::map<std::string, IdEntry> ids_;
    std::vector<std::string> declared_order_;  // written ids, for "expected one of" lists
    std::set<std::string> broken_ids_;         // ids of entries that had errors
    std::map<std::string, int> model_lines_;   // model name -> line, including broken entries
    std::map<std::size_t, JoinEvent> joins_;   // event index -> parsed join
    // Resolved endpoints of each link in spec_.links, sorted, for duplicate and event checks.
    std::vector<std::pair<std::vector<std::size_t>, std::vector<std::size_t>>> link_sets_;
    std::vector<std::string> link_paths_;  // key path of each link, for messages
};

}  // namespace a2iot::scenarios
