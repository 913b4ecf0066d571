#pragma once
// Turns the YAML tree of one scenario into a ScenarioSpec, reporting every problem to an
// ErrorSink instead of stopping at the first. Used by scenarios::load(); overrides are applied
// to the tree before it gets here.
//
// Layout: this class reads the top-level keys (name, seed, duration, network, record) and runs
// one reader class per section, in the order their dependencies need:
//   DeviceSectionReader   devices (with battery, dvfs, power, queue_limit)
//   ModelSectionReader    models
//   JoinReader            join events: their ids (then, after the links, their links)
//   LinkSectionReader     links (and, at the end, the duplicate-link check)
//   WorkloadSectionReader workload
//   PolicySectionReader   policy
//   EventSectionReader    events (link, device, join, domain_shift)
//   SweepSectionReader    sweep
// Section readers are separate classes rather than one class spread over several files because
// each needs only what is shared through ReadContext (the spec being built, the sink, the id
// table, the links so far): a reader's dependencies are visible in that one struct, and a
// section can be read, and changed, without the others' private helpers in scope.
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "scenarios/error_sink.hpp"
#include "scenarios/map_reader.hpp"
#include "scenarios/read_context.hpp"
#include "scenarios/scenario_spec.hpp"

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
    void read_top(const MapReader& top);

    ReadContext ctx_;
};

}  // namespace a2iot::scenarios
