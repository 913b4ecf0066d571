#pragma once
// What the section readers of one scenario share: the spec being built, the error sink, the
// table of declared device and group ids, and the links declared so far. Sections depend on one
// another only through this (a link resolves ids the devices declared, an event finds a link the
// links declared), so each section reader can be read on its own.
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "scenarios/error_sink.hpp"
#include "scenarios/map_reader.hpp"
#include "scenarios/scenario_spec.hpp"

namespace a2iot::scenarios {

// Ids become SimGrid host names and --set path segments, so no dots, spaces or capitals.
inline constexpr const char* kIdPattern = "[a-z0-9][a-z0-9_-]*";
inline constexpr const char* kIdExpected =
    "an id of lowercase letters, digits, '-' and '_' (no dots)";
inline constexpr const char* kModelPattern = "[a-z0-9_-]+";
inline const std::vector<std::string> kLinkKinds{"wired", "wifi", "lte", "3g", "ble", "ethernet"};

// A group may not expand beyond this: 1e5 terminals is ten times the largest study we plan, and
// an accidental "count: 1e9" must fail here rather than exhaust memory in the simulator.
inline constexpr long long kMaxCount = 100000;
// And in all: about 650 bytes of spec per device, so 200000 devices cost ~130 MB.
inline constexpr std::size_t kMaxDevices = 200000;

// Sets of device indices, sorted.
bool intersects(const std::vector<std::size_t>& a, const std::vector<std::size_t>& b);
bool includes(const std::vector<std::size_t>& outer, const std::vector<std::size_t>& inner);
std::size_t first_common(const std::vector<std::size_t>& a, const std::vector<std::size_t>& b);

struct ReadContext {
    // A device or group id and the indices (into spec.devices) of its members.
    struct IdEntry {
        std::vector<std::size_t> members;
        int line = 0;
    };

    ReadContext(std::string file_, std::string folder_, ErrorSink& sink_)
        : file(std::move(file_)), folder(std::move(folder_)), sink(sink_) {}

    SourceLoc loc(int line) const { return SourceLoc{file, line}; }

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
    // Records a link of spec.links with its resolved ends, for duplicate and event checks.
    void add_link(LinkSpec link, std::vector<std::size_t> from, std::vector<std::size_t> to,
                  std::string path);

    // Follow-on errors. An entry with an error is not added to the spec, so a later use of it
    // would be reported as unknown although the user wrote it: the first error is the one to
    // fix. These record what broken entries meant, and the checks that use them stay silent.
    //
    // An entry that declared `id` (and `members`, indices into spec.devices) had errors. A group
    // (`count` written) also covers its member ids "id-N" that were never declared.
    void mark_broken(const std::string& id, const std::vector<std::size_t>& members, bool group);
    // An id written where the entry's id was invalid, or a list element that is not a map:
    // references to the same text are not reported.
    void mark_broken_text(const YAML::Node& node, bool group);
    // Whether a reference to `id` (not in ids) is explained by a broken entry.
    bool broken_reference(const std::string& id) const;
    // The sorted members of the id written in `node`, when it names one; nullopt otherwise.
    std::optional<std::vector<std::size_t>> known_members(const YAML::Node& node) const;
    // A link entry with errors; an end that did not resolve (nullopt) may be any device.
    void add_broken_link(std::optional<std::vector<std::size_t>> from,
                         std::optional<std::vector<std::size_t>> to);
    // Whether a broken link entry may have been meant to connect these ends (either direction).
    bool broken_link_between(const std::vector<std::size_t>& from,
                             const std::vector<std::size_t>& to) const;
    // Whether a workload naming model `name` (not in model_lines) is explained by a broken entry.
    bool broken_model(const std::string& name) const;

    std::string file;    // as the user gave it (it prefixes every error)
    std::string folder;  // absolute folder of the scenario, against which traces resolve
    ErrorSink& sink;
    ScenarioSpec spec;
    std::optional<double> duration_s;
    std::map<std::string, IdEntry> ids;
    std::vector<std::string> declared_order;  // written ids, for "expected one of" lists
    std::set<std::string> broken_ids;         // ids of entries that had errors
    std::map<std::string, int> model_lines;   // model name -> line, including broken entries
    // Resolved endpoints of each link in spec.links, sorted, for duplicate and event checks.
    std::vector<std::pair<std::vector<std::size_t>, std::vector<std::size_t>>> link_sets;
    std::vector<std::string> link_paths;  // key path of each link, for messages

    // What broken entries meant (see mark_broken); each is empty in a valid scenario.
    std::set<std::string> broken_groups;  // broken ids written with a count
    std::set<std::string> broken_models;  // model names written on broken entries
    std::vector<
        std::pair<std::optional<std::vector<std::size_t>>, std::optional<std::vector<std::size_t>>>>
        broken_links;
    // A section that could not be read at all: any id (devices; a map under events, which may
    // hold a join), model or link may have been meant.
    bool ids_unknown = false;
    bool models_unknown = false;
    bool links_unknown = false;
};

}  // namespace a2iot::scenarios
