#pragma once
// The fused-tile stage of a DeepThings decision: every tile runs at once, each in its own actor on
// the requesting device (so that the tiles die with it): the crop goes to the tile's worker, the
// worker computes it on one of its cores (contending with everything else it runs), and the
// output patch comes back. The request's actor waits for all of them; one failed tile (worker
// off, link down) fails the request.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/energy_tally.hpp"
#include "sim/policies/decision.hpp"
#include "sim/world.hpp"

namespace a2iot::sim {

struct TileStageOutcome {
    std::string failure;            // empty when every tile came back
    std::string status = "failed";  // of the first failed tile: failed | dropped | timed_out
    EnergyTally energy;
    std::int64_t bytes_sent = 0;
    bool ok() const { return failure.empty(); }
};

class TileStage {
  public:
    TileStage(World& world, DeviceRuntime& device, const std::vector<TileTask>& tiles);
    // Why the runtime cannot run these tiles (unknown or unreachable worker, a worker or the
    // device that cannot compute), or empty.
    std::string check() const;
    // Runs the stage from the request's actor; returns when every tile is done or failed (by
    // ctx.deadline_s at the latest: every tile stops at the request's timeout).
    TileStageOutcome run(const StageContext& ctx);

  private:
    World& world_;
    DeviceRuntime& device_;
    const std::vector<TileTask>& tiles_;
};

}  // namespace a2iot::sim
