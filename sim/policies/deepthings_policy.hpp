#pragma once
// DeepThings (Zhao, Mirzazad Barijough and Gerstlauer, TCAD'18): one inference's early conv layers
// are cut into spatial tiles (Fused Tile Partitioning, FusedTilePlan) that several nearby
// devices compute in parallel; the requesting device (DeepThings' gateway) sends each worker its
// input crop, gathers the output patches and runs the remaining layers itself.
//
// The policy chooses the grid and which worker computes each tile, by estimating the schedule:
// the device's radio sends crops one after the other (one radio), each worker computes its tiles
// on its cores (stretched by its sensed load), and patches come back over the same path. Small
// searches (workers^tiles <= 256) are exhaustive; larger ones place tiles greedily, biggest
// first, each where it finishes earliest (list scheduling, the static counterpart of
// DeepThings' work stealing).
#include <optional>
#include <string>
#include <vector>

#include "sim/policies/fused_tile_plan.hpp"
#include "sim/policies/policy.hpp"
#include "sim/policies/policy_params.hpp"

namespace a2iot::sim {

class DeepThingsPolicy : public Policy {
  public:
    // params: grid ("auto" = best of 1x1 .. 4x4, or "RxC"), fused_layers ("auto" = the best of
    // the tileable prefix's stage ends, i.e. after each downsampling node and the whole prefix;
    // or a count), role (workers' role: terminal (default), edge, cloud or any),
    // include_device (true | false, default true: the device also computes tiles).
    explicit DeepThingsPolicy(const PolicyParams& params);
    std::string name() const override { return "deepthings"; }
    Decision decide(const Observation& obs) override;

    // A worker: the device itself (target null) or a target.
    struct Worker {
        const TargetObservation* target = nullptr;
        double speed_flops_per_s = 0;  // per core, load included
        int cores = 1;
        double bandwidth_bps = 0;
        double latency_s = 0;
    };
    static std::vector<Worker> workers(const Observation& obs, const std::string& role,
                                       bool include_device);
    // Estimated time until every tile's output is back on the device, for tile i on worker
    // assign[i]. Tiles are handled in plan order.
    static double makespan_s(const FusedTilePlan& plan, const std::vector<Worker>& ws,
                             const std::vector<int>& assign);
    // The best assignment for one plan (exhaustive or greedy, see above) and its makespan.
    static std::vector<int> assign(const FusedTilePlan& plan, const std::vector<Worker>& ws,
                                   double& makespan_s);
    // Grids tried by grid=auto.
    static std::vector<std::pair<int, int>> auto_grids();

  private:
    // makespan_s over the tiles with placed[i] (all when null).
    static double schedule_s(const FusedTilePlan& plan, const std::vector<Worker>& ws,
                             const std::vector<int>& assign, const std::vector<bool>* placed);

    std::optional<std::pair<int, int>> grid_;  // nullopt = auto
    int fused_ = 0;                            // 0 = auto
    std::string role_;
    bool include_device_ = true;
};

}  // namespace a2iot::sim
