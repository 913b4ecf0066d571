#pragma once
// One inference request, from sensing to its `requests` row: sense -> policy Decision ->
// device-side execution -> upload of the cut's boundary bytes along the route -> remote execution
// on the target (contending for its cores) -> result back -> row with status ok |
// deadline_missed | failed | dropped | timed_out and the reason. It runs as an actor on the
// requesting device, so that turning the device off kills it with its host.
#include <cstdint>
#include <optional>
#include <string>

#include "models/card.hpp"
#include "models/cut.hpp"
#include "results/rows.hpp"
#include "sim/energy_tally.hpp"
#include "sim/policies/decision.hpp"
#include "sim/policies/exit_model.hpp"
#include "sim/tile_stage.hpp"
#include "sim/world.hpp"

namespace a2iot::sim {

// What is known about a request while it runs; the device's in_flight map points to it so that
// a dying device can record its requests as failed before its actors are killed.
struct RequestState {
    std::int64_t id = 0;
    std::string device;
    std::string model;
    std::string variant;
    double submitted_s = 0;
    std::optional<double> deadline_s;
    std::string split;
    std::string target;
    std::int64_t bytes_sent = 0;
    EnergyTally energy;  // on the terminals and battery-powered devices it used
    bool finalized = false;
};

// One object per request, alive for the actor body only (request_workers.cpp). The steps below
// are the phases a request goes through; every step after admit() may end the request (a
// recorded row) and then returns false, so operator() reads as the lifecycle itself.
class RequestLifecycle {
  public:
    RequestLifecycle(World& world, DeviceRuntime& device, const scenarios::WorkloadSpec& workload);
    RequestLifecycle(const RequestLifecycle&) = delete;  // run_v_ may point into exit_model_
    RequestLifecycle& operator=(const RequestLifecycle&) = delete;
    // The actor body.
    void operator()();

    // Records the final row once. completed: the completion time for ok/deadline_missed.
    static void finish(World& world, RequestState& st, const std::string& status,
                       const std::string& reason, std::optional<double> completed_s,
                       std::optional<double> accuracy = std::nullopt);

  private:
    // Counted and listed on the device from submission on, so that a dying device fails it.
    void admit();
    // The policy's answer and its decisions row; false when the policy dropped the request.
    bool decide();
    // A decision the runtime cannot carry out: records the decisions row with the reason and
    // the request as dropped. Returns false so that a check can `return reject(...)`.
    bool reject(const std::string& why);
    // Variant, cut and early exit the runtime will execute (an exit truncates the model).
    bool plan_model();
    // A fused-tile stage (DeepThings) checked before anything runs.
    bool plan_tiles();
    // The work on each side and the bytes each way, from the model to run and its cut.
    void plan_work();
    // Route and target able to take the remote part (only for a remote decision).
    bool check_target();
    // The device able to take its part (only when it computes).
    bool check_device();
    // The stages in order; false when one stopped the request (timeout, failure, death).
    bool execute();
    // The tiles run before the device-side prefix: their result is that prefix's input.
    bool run_tiles(const StageContext& ctx);
    // The cut's device-side layers, on the device with its memory held.
    void run_local_prefix(const StageContext& ctx);
    // The boundary tensor along the route; what it learns feeds the bandwidth estimator.
    void upload(const StageContext& ctx);
    // The remote layers on the target, contending for its cores, memory held there.
    void run_remote(const StageContext& ctx);
    // The result back to the device.
    void download(const StageContext& ctx);
    // The row of a request that ran to the end: ok, or deadline_missed when late.
    void record();

    World& world_;
    DeviceRuntime& device_;
    const scenarios::WorkloadSpec& workload_;

    // Per request, filled step by step.
    RequestState st_;
    const models::ModelCard* card_ = nullptr;
    Decision dec_;
    results::DecisionRow drow_;
    const models::Variant* v_ = nullptr;  // the chosen variant; null when not in the card
    std::optional<ExitModel> exit_model_;
    const models::Variant* run_v_ = nullptr;  // what runs: v_, or its truncation at the exit
    models::Cut run_cut_;
    std::optional<TileStage> tiles_;
    double fused_flops_ = 0;
    double dev_flops_ = 0;
    double rem_flops_ = 0;
    std::int64_t up_bytes_ = 0;
    std::int64_t down_bytes_ = 0;
    bool remote_ = false;
    std::string mem_key_;
    double mem_bytes_ = 0;
    DeviceRuntime* tgt_ = nullptr;
    const Route* route_ = nullptr;
};

}  // namespace a2iot::sim
