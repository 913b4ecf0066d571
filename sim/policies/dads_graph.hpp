#pragma once
// The DADS flow network of one variant (see DadsPolicy), built once: the topology depends only
// on the layer DAG, so a decision only rewrites the capacities and reruns the max flow.
#include <memory>

#include "models/card.hpp"
#include "models/cut.hpp"
#include "sim/policies/observation.hpp"

namespace a2iot::sim {

class DadsGraph {
  public:
    explicit DadsGraph(const models::Variant& v);
    ~DadsGraph();
    DadsGraph(const DadsGraph&) = delete;
    DadsGraph& operator=(const DadsGraph&) = delete;

    // The latency-minimizing cut towards `target` with capacities from the shared cost model
    // (path latency excluded: it is the same for every cut that uses the target).
    // The weights scale the device, transfer and remote capacities (heavy-load mode searches
    // reweighted graphs; 1, 1, 1 is the plain latency cut).
    models::Cut min_cut(const DeviceObservation& dev, const TargetObservation& target,
                        double device_weight = 1, double transfer_weight = 1,
                        double remote_weight = 1);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace a2iot::sim
