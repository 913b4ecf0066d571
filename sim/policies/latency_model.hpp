#pragma once
// The one cost model every adaptation policy shares (docs/policies.md, "Cost model"). It uses the
// same physics as the simulator (FLOPs / speed, bytes / bandwidth + path latency), so a policy's
// estimate matches the simulated latency whenever the bandwidth estimate is right.
#include <limits>

#include "models/card.hpp"
#include "models/cut.hpp"
#include "sim/policies/observation.hpp"

namespace a2iot::sim {

// What a cut asks of each side, independent of who the sides are.
struct WorkSplit {
    double device_flops = 0;
    double remote_flops = 0;
    double upload_bytes = 0;  // activations (or the input) crossing to the remote side
    double result_bytes = 0;  // the output coming back when the last node runs remotely
    bool uses_remote() const { return remote_flops > 0 || upload_bytes > 0; }
};

struct CostEstimate {
    bool feasible = true;  // false: the device cannot compute its part, or no usable target
    double latency_s = std::numeric_limits<double>::infinity();
    double device_compute_s = 0;
    double upload_s = 0;          // path latency + upload bytes * 8 / bandwidth
    double remote_compute_s = 0;  // includes the queueing factor
    double download_s = 0;        // path latency + result bytes * 8 / bandwidth
    double device_energy_j = std::numeric_limits<double>::infinity();
};

class LatencyModel {
  public:
    // A request arriving at a target with `load` requests per core ahead of it waits for them:
    // service time is stretched by (1 + load), the M/M/1-free "processor sharing" reading of load.
    static double queue_factor(const TargetObservation& t);

    // A target can take work only when it is reachable, computes, and has a bandwidth estimate.
    static bool usable(const TargetObservation& t);

    // The cost of one split. `target` may be null when the split is all-local.
    static CostEstimate estimate(const DeviceObservation& dev, const TargetObservation* target,
                                 const WorkSplit& work);

    // The split of a variant's cut, through models/cut.hpp (the same functions the runtime uses).
    static WorkSplit split(const models::Variant& v, const models::Cut& cut);

    static CostEstimate estimate(const DeviceObservation& dev, const TargetObservation* target,
                                 const models::Variant& v, const models::Cut& cut);

    // Memory the device needs for its part: the variant's whole footprint (weights + peak
    // activations, the card's memory_bytes) as soon as it computes anything, else nothing. This is
    // the simulator's rule (it loads the whole variant on a device that runs any layer), so a
    // policy never picks a cut the runtime would reject for memory.
    static double device_memory_bytes(const models::Variant& v, const models::Cut& cut);
};

}  // namespace a2iot::sim
